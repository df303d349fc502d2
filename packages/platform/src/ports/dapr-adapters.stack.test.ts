// The Dapr adapters (invocation, state, secrets, the start-up wait, the app API token) against real
// daprd sidecars (DAPRD_PATH) loading dapr/local's components on the real Redis (REDIS_URL): what a
// replica of the bff, core-service or worker gets in a local Dapr run.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import { ProblemType } from '@todo/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  ProcessGroup,
  startSidecar,
  type Sidecar,
  type SidecarOptions,
} from '../../../../tests/support/dapr-processes.ts';
import { redis, redisEnv } from '../../../../tests/support/redis.ts';
import { AppError } from '../errors.ts';
import { createHttpApp, listen, type AppState, type RunningServer } from '../http/server.ts';
import { createLogger } from '../logger.ts';
import { DaprSecrets } from './dapr-secrets.ts';
import { DaprServiceClient } from './dapr-service-client.ts';
import { DaprSidecar } from './dapr-sidecar.ts';
import { DaprStateStore } from './dapr-state-store.ts';
import { ServiceUnavailableError } from './service-client.ts';

const logger = createLogger('dapr-adapters', process.env.TEST_LOG_LEVEL ?? 'silent');
const APP_TOKEN = `app-token-${randomUUID()}`;
const running: (() => Promise<void>)[] = [];
/** The sidecars, their logs and files; all removed after the file's tests. */
const group = new ProcessGroup();
const secretsFile = path.join(group.dir, 'secrets.json');
const EMPTY = path.join(group.dir, 'no-components');
mkdirSync(EMPTY);

/** The env every sidecar on dapr/local needs beyond Redis: the secrets file and the bff pod name. */
const localEnv = { SECRETS_FILE: secretsFile, POD_NAME: `adapters-${randomUUID().slice(0, 8)}` };

/**
 * A sidecar without sentry (no mTLS) on the Redis of REDIS_URL, quick to stop. An app id of
 * dapr/local gets its configuration (re-addressed to this file's name-resolution file); any other
 * gets daprd's defaults.
 */
async function sidecar(options: SidecarOptions): Promise<Sidecar> {
  const known = ['bff', 'core-service', 'worker'].includes(options.appId);
  const started = await startSidecar(group, {
    ...(known ? {} : { configFile: null }),
    shutdownSeconds: 1,
    // Every app here listens before its sidecar starts.
    appListening: options.appPort !== undefined,
    ...options,
    env: { ...redisEnv(), ...options.env },
  });
  running.push(() => started.proc.stop(5_000));
  return started;
}

/** A small app standing in for core-service: JSON, a problem, a stall; guarded by the app token. */
async function calleeApp(): Promise<RunningServer & { seen: Record<string, string>[] }> {
  const app = createHttpApp({ name: 'callee', logger, appApiToken: APP_TOKEN });
  const router = new Router<AppState>();
  const seen: Record<string, string>[] = [];
  router.post('/v1/echo', (ctx) => {
    seen.push(ctx.headers as Record<string, string>);
    ctx.body = {
      query: ctx.querystring,
      body: (ctx.request as { body?: unknown }).body,
      user: ctx.get('x-user-id'),
    };
  });
  router.get('/v1/missing', () => {
    throw new AppError(ProblemType.notFound, 404, 'Todo was not found');
  });
  router.get('/v1/stall', async (ctx) => {
    await new Promise((resolve) => setTimeout(resolve, 4000));
    ctx.body = { late: true };
  });
  app.use(router.routes());
  const server = await listen(app, 0, '127.0.0.1');
  running.push(() => server.close(100));
  return Object.assign(server, { seen });
}

beforeAll(() => {
  writeFileSync(
    secretsFile,
    JSON.stringify({
      'internal-token': 'from-the-secret-store-0123',
      'vapid-private-key': 'private-key-value',
    }),
  );
});

afterAll(async () => {
  await Promise.allSettled(running.reverse().map((stop) => stop()));
  await group.close();
});

describe('DaprServiceClient through two real sidecars', () => {
  let client: DaprServiceClient;
  let impatient: DaprServiceClient;
  let callee: Awaited<ReturnType<typeof calleeApp>>;
  const calleeId = `callee-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    callee = await calleeApp();
    await sidecar({
      appId: calleeId,
      resourcesPath: EMPTY,
      appPort: callee.port,
      env: { APP_API_TOKEN: APP_TOKEN },
    });
    const caller = await sidecar({ appId: `caller-${randomUUID().slice(0, 8)}`, resourcesPath: EMPTY });
    // A first call between two sidecars just started (a name lookup, a connection) may take seconds
    // on a busy machine; the stall test below has its own 2 s client.
    client = new DaprServiceClient({
      sidecar: new DaprSidecar({ httpPort: caller.httpPort }),
      timeoutMs: 10_000,
    });
    impatient = new DaprServiceClient({
      sidecar: new DaprSidecar({ httpPort: caller.httpPort }),
      timeoutMs: 2000,
    });
  }, 60_000);

  it("reaches the app by its id through the callee's sidecar, which presents the app API token", async () => {
    const res = await client.invoke(calleeId, {
      method: 'POST',
      path: '/v1/echo',
      query: 'a=1&b=two',
      body: { title: 'Buy milk' },
      headers: { 'x-user-id': 'u-1' },
    });

    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ query: 'a=1&b=two', body: { title: 'Buy milk' }, user: 'u-1' });
    expect(res.body).toEqual({ query: 'a=1&b=two', body: { title: 'Buy milk' }, user: 'u-1' });
    expect(callee.seen.at(-1)?.['dapr-api-token']).toBe(APP_TOKEN);
    // W3C trace context rides along.
    expect(callee.seen.at(-1)?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  });

  it("passes the app's own problems through unchanged (not a sidecar failure)", async () => {
    const res = await client.invoke(calleeId, { method: 'GET', path: '/v1/missing' });

    expect(res.status).toBe(404);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'not-found', detail: 'Todo was not found' });
  });

  it('turns an unknown app id (the sidecar finds no replica) into ServiceUnavailableError', async () => {
    const call = client.invoke('nobody-runs-this', { method: 'GET', path: '/v1/echo' });

    await expect(call).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(call).rejects.toThrow(/ERR_DIRECT_INVOKE/);
  });

  it('gives up on an app that does not answer within the timeout, never hanging', async () => {
    const started = Date.now();

    await expect(impatient.invoke(calleeId, { method: 'GET', path: '/v1/stall' })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('turns a sidecar that is not there into ServiceUnavailableError at once', async () => {
    const nowhere = new DaprServiceClient({ sidecar: new DaprSidecar({ httpPort: await freePort() }) });

    await expect(nowhere.invoke(calleeId, { method: 'GET', path: '/v1/echo' })).rejects.toThrow(
      /did not answer through the Dapr sidecar at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
  });

  it('refuses a call straight to the app, without or with a wrong app API token', async () => {
    const direct = await fetch(`${callee.url}/v1/echo`, { method: 'POST' });
    const wrong = await fetch(`${callee.url}/v1/echo`, {
      method: 'POST',
      headers: { 'dapr-api-token': `${APP_TOKEN}x` },
    });
    const probe = await fetch(`${callee.url}/healthz`);

    expect(direct.status).toBe(401);
    expect(direct.headers.get('content-type')).toContain('application/problem+json');
    expect(await direct.json()).toMatchObject({ type: 'unauthorized' });
    expect(wrong.status).toBe(401);
    expect(probe.status).toBe(200);
  });

  it("refuses a sidecar that does not present the app's token", async () => {
    const wrongId = `callee-untokened-${randomUUID().slice(0, 8)}`;
    await sidecar({ appId: wrongId, resourcesPath: EMPTY, appPort: callee.port });

    const res = await client.invoke(wrongId, { method: 'POST', path: '/v1/echo' });

    expect(res.status).toBe(401);
  });
});

describe('DaprStateStore on the statestore component of dapr/local (Redis)', () => {
  let first: DaprStateStore;
  let second: DaprStateStore;
  const prefix = `adapters:${randomUUID()}`;

  beforeAll(async () => {
    // Two replicas of the bff, each with its own sidecar: the state store is scoped to the bff.
    const [a, b] = await Promise.all([
      sidecar({ appId: 'bff', env: localEnv }),
      sidecar({ appId: 'bff', env: localEnv }),
    ]);
    first = new DaprStateStore({ sidecar: new DaprSidecar({ httpPort: a!.httpPort }) });
    second = new DaprStateStore({ sidecar: new DaprSidecar({ httpPort: b!.httpPort }) });
  }, 60_000);

  it('shares values between replicas, and forgets deleted ones', async () => {
    await first.set(`${prefix}:session`, { userId: 'u-1' });

    expect(await second.get(`${prefix}:session`)).toEqual({ userId: 'u-1' });
    await second.delete(`${prefix}:session`);
    expect(await first.get(`${prefix}:session`)).toBeUndefined();
    await first.delete(`${prefix}:never-set`);
  });

  it('stores a value with its expiry in Redis, under the app id prefix', async () => {
    await first.set(`${prefix}:expiring`, { userId: 'u-2' }, 120);

    const ttl = await redis('TTL', `bff||${prefix}:expiring`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('lets only the first of two replicas create a key', async () => {
    const results = await Promise.all([
      first.create(`${prefix}:once`, { by: 'first' }, 60),
      second.create(`${prefix}:once`, { by: 'second' }, 60),
    ]);

    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'first' : 'second';
    expect(await first.get(`${prefix}:once`)).toEqual({ by: winner });
    expect(await second.create(`${prefix}:once`, { by: 'late' })).toBe(false);
  });

  it('counts 60 concurrent increments from two replicas exactly once each', async () => {
    const key = `${prefix}:attempts`;
    const counts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? first : second).increment(key, 1, 60)),
    );

    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    expect(new Set(counts.map((c) => c.resetAt)).size).toBe(1);
    const ttl = await redis('TTL', `bff||${key}`);
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('starts a new window once the last one ended', async () => {
    const key = `${prefix}:window`;
    await first.increment(key, 1, 1);
    await first.increment(key, 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    expect((await second.increment(key, 1, 1)).count).toBe(1);
  });
});

describe('the components of dapr/local in a real daprd', () => {
  it.each([
    ['bff', ['events-broadcast', 'secretstore', 'statestore']],
    ['core-service', ['events', 'reminder-clock', 'secretstore']],
    ['worker', ['events', 'secretstore']],
  ])(
    'gives %s exactly the components scoped to it',
    async (appId, expected) => {
      const started = await sidecar({ appId, env: localEnv });

      const metadata = (await (await fetch(`http://127.0.0.1:${started.httpPort}/v1.0/metadata`)).json()) as {
        components: { name: string }[];
      };
      expect(metadata.components.map((c) => c.name).sort()).toEqual(expected);
      await started.proc.stop(5_000);
    },
    60_000,
  );
});

describe('DaprSecrets on the secretstore component of dapr/local (a local file)', () => {
  let secrets: DaprSecrets;

  beforeAll(async () => {
    const worker = await sidecar({
      appId: 'worker',
      env: localEnv,
    });
    secrets = new DaprSecrets({ sidecar: new DaprSidecar({ httpPort: worker.httpPort }) });
  }, 60_000);

  it('reads a secret by its variable name from the kebab-case entry', async () => {
    expect(await secrets.get('VAPID_PRIVATE_KEY')).toBe('private-key-value');
    expect(await secrets.require('INTERNAL_TOKEN')).toBe('from-the-secret-store-0123');
  });

  it('answers undefined for a secret the store does not hold, and require names it', async () => {
    expect(await secrets.get('SMTP_URL')).toBeUndefined();
    await expect(secrets.require('SMTP_URL')).rejects.toThrow(/no secret smtp-url \(SMTP_URL\)/);
  });
});

describe('DAPR_API_TOKEN', () => {
  it('goes on every call to a sidecar that requires it; without it the sidecar refuses', async () => {
    const token = `dapr-api-token-${randomUUID()}`;
    const guarded = await sidecar({
      appId: 'bff',
      env: { ...localEnv, DAPR_API_TOKEN: token },
    });
    const key = `adapters:${randomUUID()}:token`;

    const withToken = new DaprStateStore({
      sidecar: new DaprSidecar({ httpPort: guarded.httpPort, apiToken: token }),
    });
    await withToken.set(key, 'kept', 60);
    expect(await withToken.get(key)).toBe('kept');
    expect(
      await new DaprSecrets({
        sidecar: new DaprSidecar({ httpPort: guarded.httpPort, apiToken: token }),
      }).get('INTERNAL_TOKEN'),
    ).toBe('from-the-secret-store-0123');

    const without = new DaprStateStore({ sidecar: new DaprSidecar({ httpPort: guarded.httpPort }) });
    await expect(without.get(key)).rejects.toThrow(/did not read .*: 401/);
    const invoke = new DaprServiceClient({ sidecar: new DaprSidecar({ httpPort: guarded.httpPort }) });
    await expect(invoke.invoke('core-service', { method: 'GET', path: '/v1/me' })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  }, 60_000);
});

describe('the wait for the sidecar at start', () => {
  it('resolves once a sidecar has loaded its components', async () => {
    const started = await sidecar({ appId: `waiter-${randomUUID().slice(0, 8)}`, resourcesPath: EMPTY });

    await new DaprSidecar({ httpPort: started.httpPort }).waitUntilReady(5000);
  }, 60_000);

  it('fails after its bound, naming the endpoint and the port it waited for', async () => {
    const port = await freePort();
    const started = Date.now();

    await expect(new DaprSidecar({ httpPort: port }).waitUntilReady(1000)).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${port} was not ready within 1 s .*healthz/outbound.*ECONNREFUSED`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe('the reminder clock: the cron binding of dapr/local', () => {
  it('POSTs /reminder-clock to core-service every second, with the app API token', async () => {
    const ticks: string[] = [];
    const app = createHttpApp({ name: 'clock', logger, appApiToken: APP_TOKEN });
    const router = new Router<AppState>();
    router.options('/reminder-clock', (ctx) => {
      ctx.status = 200;
    });
    router.post('/reminder-clock', (ctx) => {
      ticks.push(ctx.get('dapr-api-token'));
      ctx.body = { claimed: 0 };
    });
    app.use(router.routes());
    const server = await listen(app, 0, '127.0.0.1');
    running.push(() => server.close(100));
    await sidecar({
      appId: 'core-service',
      appPort: server.port,
      env: { ...localEnv, APP_API_TOKEN: APP_TOKEN },
    });

    // The binding starts with the sidecar, then ticks every second: two ticks, on a busy machine too.
    await expect.poll(() => ticks.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks)).toEqual(new Set([APP_TOKEN]));
  }, 60_000);
});
