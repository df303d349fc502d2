// Choosing the Dapr adapters by configuration: an app with any Dapr building block refuses to start
// without APP_API_TOKEN, waits for its sidecar and reads its secrets there; without Dapr nothing of
// that happens. The sidecar here is a stand-in HTTP server (the real one: dapr-adapters.stack.test.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.ts';
import { secretName } from './dapr-secrets.ts';
import {
  createSecrets,
  createServiceClient,
  DaprSettings,
  InvocationSettings,
  loadConfigWithSecrets,
  refineDaprConfig,
  StateSettings,
  usesDapr,
} from './dapr-settings.ts';
import { DaprServiceClient } from './dapr-service-client.ts';
import { DaprSidecar } from './dapr-sidecar.ts';
import { EventBusSettings } from './event-bus-config.ts';
import { EnvSecrets } from './secrets.ts';
import { DirectHttpServiceClient, ServiceUnavailableError } from './service-client.ts';

const Schema = z
  .object({
    INTERNAL_TOKEN: z.string().min(16),
    ...EventBusSettings,
    ...DaprSettings,
    ...InvocationSettings,
    ...StateSettings,
  })
  .superRefine(refineDaprConfig);
const base = { INTERNAL_TOKEN: 'i'.repeat(20) };
const appToken = { APP_API_TOKEN: 'a'.repeat(20) };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A stand-in sidecar: answers each path from the table, remembers what it was asked. */
async function fakeSidecar(routes: Record<string, (url: URL) => [number, unknown]>) {
  const asked: { path: string; token: string | undefined }[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sidecar');
    asked.push({ path: url.pathname, token: req.headers['dapr-api-token'] as string | undefined });
    const route = Object.entries(routes).find(([prefix]) => url.pathname.startsWith(prefix));
    const [status, body] = route ? route[1](url) : [404, { errorCode: 'ERR_NOT_FOUND' }];
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: String((server.address() as AddressInfo).port), asked };
}

describe('Dapr settings', () => {
  it('uses no Dapr by default', () => {
    const config = loadConfig(Schema, base);

    expect(config).toMatchObject({
      EVENT_BUS: 'inprocess',
      SERVICE_INVOCATION: 'direct',
      STATE_STORE: 'local',
      SECRET_STORE: 'env',
      DAPR_STATE_STORE_NAME: 'statestore',
      DAPR_SECRET_STORE_NAME: 'secretstore',
    });
    expect(usesDapr(config)).toBe(false);
    expect(createServiceClient(config, {})).toBeInstanceOf(DirectHttpServiceClient);
    expect(createSecrets(config, {})).toBeInstanceOf(EnvSecrets);
  });

  it.each([
    { EVENT_BUS: 'dapr' },
    { SERVICE_INVOCATION: 'dapr' },
    { STATE_STORE: 'dapr' },
    { SECRET_STORE: 'dapr' },
  ])('refuses %o without APP_API_TOKEN, saying why', (choice) => {
    expect(() => loadConfig(Schema, { ...base, ...choice })).toThrow(ConfigError);
    expect(() => loadConfig(Schema, { ...base, ...choice })).toThrow(
      /APP_API_TOKEN is missing: required with a Dapr building block/,
    );
    expect(usesDapr(loadConfig(Schema, { ...base, ...choice, ...appToken }))).toBe(true);
  });

  it('refuses a short APP_API_TOKEN', () => {
    expect(() => loadConfig(Schema, { ...base, EVENT_BUS: 'dapr', APP_API_TOKEN: 'short' })).toThrow(
      /APP_API_TOKEN: must have at least 16 characters/,
    );
  });

  it('maps variable names to the secret store names Kubernetes accepts', () => {
    expect(secretName('VAPID_PRIVATE_KEY')).toBe('vapid-private-key');
    expect(secretName('INTERNAL_TOKEN')).toBe('internal-token');
  });
});

describe('loadConfigWithSecrets', () => {
  it('without Dapr, validates the environment as it is and asks no sidecar', async () => {
    const config = await loadConfigWithSecrets(Schema, ['INTERNAL_TOKEN'], { ...base, DAPR_HTTP_PORT: '1' });

    expect(config.INTERNAL_TOKEN).toBe(base.INTERNAL_TOKEN);
  });

  it('with SECRET_STORE=dapr, waits for the sidecar, then reads the secrets it holds over the environment', async () => {
    let ready = false;
    setTimeout(() => (ready = true), 300);
    const sidecar = await fakeSidecar({
      '/v1.0/healthz/outbound': () =>
        ready ? [204, undefined] : [500, { errorCode: 'ERR_HEALTH_NOT_READY' }],
      '/v1.0/secrets/secretstore/internal-token': () => [200, { 'internal-token': 's'.repeat(20) }],
      '/v1.0/secrets/secretstore/database-url': () => [500, { message: 'secret database-url not found' }],
    });

    const config = await loadConfigWithSecrets(Schema, ['INTERNAL_TOKEN', 'DATABASE_URL'], {
      ...base,
      ...appToken,
      SECRET_STORE: 'dapr',
      DAPR_HTTP_PORT: sidecar.port,
      DAPR_API_TOKEN: 'to-the-sidecar',
    });

    expect(config.INTERNAL_TOKEN).toBe('s'.repeat(20));
    expect(sidecar.asked.filter((a) => a.path === '/v1.0/healthz/outbound').length).toBeGreaterThan(1);
    expect(new Set(sidecar.asked.map((a) => a.token))).toEqual(new Set(['to-the-sidecar']));
  });

  it('stops with a clear error when the sidecar never becomes ready', async () => {
    const sidecar = await fakeSidecar({
      '/v1.0/healthz/outbound': () => [500, { errorCode: 'ERR_HEALTH_NOT_READY' }],
    });

    await expect(
      loadConfigWithSecrets(Schema, [], {
        ...base,
        ...appToken,
        EVENT_BUS: 'dapr',
        DAPR_HTTP_PORT: sidecar.port,
        DAPR_SIDECAR_WAIT_SECONDS: '1',
      }),
    ).rejects.toThrow(
      /was not ready within 1 s \(waited for GET \/v1.0\/healthz\/outbound to answer 204; it answered 500\)/,
    );
  });

  it('stops when the secret store fails for another reason than a missing secret', async () => {
    const sidecar = await fakeSidecar({
      '/v1.0/healthz/outbound': () => [204, undefined],
      '/v1.0/secrets/': () => [
        500,
        { errorCode: 'ERR_SECRET_STORE_NOT_FOUND', message: 'failed finding secret store' },
      ],
    });

    await expect(
      loadConfigWithSecrets(Schema, ['INTERNAL_TOKEN'], {
        ...base,
        ...appToken,
        SECRET_STORE: 'dapr',
        DAPR_HTTP_PORT: sidecar.port,
      }),
    ).rejects.toThrow(/did not give secret internal-token: 500 .*ERR_SECRET_STORE_NOT_FOUND/);
  });
});

describe('DaprServiceClient', () => {
  it("tells the sidecar's own errors from the app's answers", async () => {
    const sidecar = await fakeSidecar({
      '/v1.0/invoke/core-service/method/v1/todos': () => [
        500,
        { errorCode: 'ERR_DIRECT_INVOKE', message: 'circuit breaker is open' },
      ],
      '/v1.0/invoke/core-service/method/v1/tags': () => [500, { type: 'internal-error' }],
      '/v1.0/invoke/core-service/method/v1/me': (url) => [200, { query: url.search }],
    });
    const client = new DaprServiceClient({
      sidecar: new DaprSidecar({ httpPort: Number(sidecar.port) }),
    });

    await expect(client.invoke('core-service', { method: 'GET', path: '/v1/todos' })).rejects.toThrow(
      ServiceUnavailableError,
    );
    expect((await client.invoke('core-service', { method: 'GET', path: '/v1/tags' })).status).toBe(500);
    expect(
      (await client.invoke('core-service', { method: 'GET', path: '/v1/me', query: 'a=1' })).body,
    ).toEqual({
      query: '?a=1',
    });
  });
});
