// What an operator relies on: health, readiness (503 when a dependency is gone), Prometheus metrics on
// every service, the OpenAPI document covering every route, the docs page, and the PWA at /.
import { publicRoutes } from '@todo/contracts';
import { loadBffConfig, startBff } from '@todo/bff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('operations', () => {
  it('answers /healthz, /readyz and /metrics on every service', async () => {
    for (const base of [stack.url, stack.coreUrl, stack.workerUrl]) {
      const api = new ApiClient(base);
      expect((await api.get('/healthz')).body).toEqual({ status: 'ok' });
      expect((await api.get('/readyz')).status).toBe(200);
      const metrics = await api.get('/metrics');
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(metrics.text).toContain('process_resident_memory_bytes');
    }
    await signUp(stack.url);
    const bffMetrics = await new ApiClient(stack.url).get('/metrics');
    expect(bffMetrics.text).toMatch(
      /http_request_duration_seconds_count\{service="bff",method="POST",route="\/api\/auth\/register",status="201"\} 1/,
    );
  });

  it('reports not ready, and answers 503 problems, when core-service cannot be reached', async () => {
    const bff = await startBff(
      loadBffConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        CORE_URL: 'http://127.0.0.1:9',
        INTERNAL_TOKEN: 'x'.repeat(24),
        LOG_LEVEL: 'silent',
      }),
    );
    try {
      const api = new ApiClient(bff.url);
      const ready = await api.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.detail).toContain('core-service');
      const register = await api.post('/api/auth/register', {
        email: 'x@example.test',
        password: 'long enough',
      });
      expect(register.status).toBe(503);
      expect(register.body.type).toBe('dependency-unavailable');
    } finally {
      await bff.close();
    }
  });

  it('publishes OpenAPI 3.1 with every route of the API, and a docs page', async () => {
    const api = new ApiClient(stack.url);
    const doc = (await api.get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const route of publicRoutes) {
      const path = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const create = doc.paths['/api/todos'].post;
    expect(create.requestBody.content['application/json'].schema.properties.priority.enum).toEqual([
      'low',
      'medium',
      'high',
      'urgent',
    ]);
    const docs = await api.get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger-ui-bundle.js');
    expect((await api.get('/api/docs/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('serves the PWA at / and for client-side routes, but never for /api', async () => {
    const api = new ApiClient(stack.url);
    const home = await api.get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(home.text).toContain('<div id="root">');
    const deep = await api.get('/todos/some-route', { headers: { accept: 'text/html' } });
    expect(deep.text).toBe(home.text);
    expect((await api.get('/api/unknown', { headers: { accept: 'text/html' } })).status).toBe(404);
  });
});
