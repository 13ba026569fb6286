/**
 * The one Keycloak release this project is tested against (`npm run test:keycloak`) and that
 * docker-compose.yml runs; dev/keycloak/demo-realm.test.ts checks that the two agree.
 *
 * 26.7.3 is the newest 26.x release on Maven Central that we tried: it imports the demo realm,
 * starts on Java 17 (the machine's default JDK) and passes the whole suite. 26.2 is the floor:
 * standard token exchange (RFC 8693, "token exchange v2"), which the realm enables, came then.
 */
export const KEYCLOAK_VERSION = '26.7.3';

/** The server distribution as Maven Central publishes it (Quarkus-based, a tar.gz). */
export const KEYCLOAK_ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:tar.gz`;

/** The realm the import creates (its issuer is `<base>/realms/demo`). */
export const KEYCLOAK_REALM = 'demo';
