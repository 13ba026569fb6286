import 'server-only';

/**
 * The example's own record of people, standing in for the team's database: who signed in, when
 * first and last, through which provider. In process memory on purpose (one instance, demo
 * data); a real app links the provider's `iss` + `sub` to its own user table here.
 */
export interface Person {
  provider: string;
  sub: string;
  name?: string;
  firstSeen: string;
  lastSeen: string;
  signIns: number;
}

const KEY = Symbol.for('next-oidc-bff:example-people');
const people = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map<string, Person>()) as Map<string, Person>;

export function rememberSignIn(provider: string, sub: string, name: string | undefined): Person {
  const now = new Date().toISOString();
  const known = people.get(`${provider} ${sub}`);
  const person = known ? { ...known, name: name ?? known.name, lastSeen: now, signIns: known.signIns + 1 } : { provider, sub, name, firstSeen: now, lastSeen: now, signIns: 1 };
  people.set(`${provider} ${sub}`, person);
  return person;
}

export function knownPeople(): Person[] {
  return [...people.values()].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
}
