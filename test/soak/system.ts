import { writeFileSync } from 'node:fs';
import type { HostileOp } from '../kit/hostile-op';
import { startDemoApi, type DemoApi } from '../../dev/sample-api/server';
import { freePort } from '../kit/ports';
import { startRedis, type RestartableRedis } from '../kit/redis';
import { TEST_SESSION_SECRET } from '../kit/variables';
import { startBalancer, type Balancer } from './balancer';
import type { Cleanup } from './cleanup';
import type { SoakConfig } from './config';
import { startFaultProvider } from './fault-provider';
import { appInstance, type Instance } from './instances';
import type { Action } from './schedule';
import type { Recorder } from './stats';

/**
 * The system under test, as operators run it: two production instances behind a round-robin
 * balancer, sharing one Redis, signing people in at one provider. The sample resource server
 * (dev/sample-api) runs too, so /api/me takes the whole BFF path: the app attaches the session's
 * access token and the API verifies it, which catches an app that serves a stale token.
 */
export interface System {
  appUrl: string;
  provider: HostileOp;
  api: DemoApi;
  redis: RestartableRedis;
  instances: Instance[];
  balancer: Balancer;
}

export async function startSystem(config: SoakConfig, recorder: Recorder, cleanup: Cleanup, logs: string): Promise<System> {
  const redis = await startRedis();
  if (!redis) throw new Error('the soak needs redis-server (apt-get install redis-server)');
  cleanup.add('redis', () => redis.stop());

  const refreshLeeway = Number(config.appEnv.TOKEN_REFRESH_LEEWAY ?? process.env.TOKEN_REFRESH_LEEWAY ?? 60);
  const provider = await startFaultProvider(await freePort(), recorder, refreshLeeway);
  cleanup.add('provider', () => provider.stop());
  const api = await startDemoApi({ port: await freePort(), issuer: provider.issuer });
  cleanup.add('sample API', () => api.close());

  const [balancerPort, ...ports] = [await freePort(), await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${balancerPort}`;
  // Both instances get the same settings and the same public APP_URL: the balancer's.
  const env: Record<string, string> = {
    ...config.appEnv,
    APP_URL: appUrl,
    SESSION_SECRET: TEST_SESSION_SECRET,
    KEYCLOAK_ISSUER: provider.issuer,
    KEYCLOAK_CLIENT_ID: provider.clientId,
    KEYCLOAK_CLIENT_SECRET: provider.clientSecret,
    REDIS_URL: redis.url,
    DEMO_API_URL: api.url,
  };
  const upstreams = ports.map((port, index) => ({ name: String.fromCharCode(97 + index), port }));
  const instances = upstreams.map(({ name, port }) => appInstance({ name, port, env, logPath: `${logs}/instance-${name}.log` }));
  for (const instance of instances) {
    writeFileSync(instance.logPath, '');
    cleanup.add(`instance ${instance.name}`, () => instance.stop());
  }
  await Promise.all(instances.map((instance) => instance.start()));
  const balancer = await startBalancer({ port: balancerPort, upstreams, timeoutMs: 30_000 });
  cleanup.add('balancer', () => balancer.close());
  return { appUrl, provider, api, redis, instances, balancer };
}

/** One of the schedule's actions. The victim instance is always the second one, B. */
export async function perform(system: System, action: Action, recorder: Recorder): Promise<void> {
  const victim = system.instances[1]!;
  switch (action) {
    case 'kill-instance-b':
      system.balancer.expectDown(victim.name, true);
      recorder.instanceKills.push(Date.now());
      return victim.kill();
    case 'restart-instance-b':
      await victim.start();
      return system.balancer.expectDown(victim.name, false);
    case 'kill-redis':
      return system.redis.kill();
    case 'restart-redis':
      return system.redis.restart();
  }
}
