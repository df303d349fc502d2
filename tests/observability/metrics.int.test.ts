// The observability check (scripts/observability-check.sh): every metric an alert or a dashboard panel
// names is one the running services really export (a scrape of each, after a person used the app), or
// one of the documented outside families; the business series move when the app is used; route labels
// are templates, never ids; and with METRICS_PORT /metrics leaves the (public) app port.
import { randomUUID } from 'node:crypto';
import { loadBffConfig, startBff } from '@todo/bff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import {
  alertQueries,
  dashboardQueries,
  isExternal,
  metricNames,
  scrapedNames,
} from '../support/observability-files.ts';
import { freePort } from '../support/dapr-processes.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: TestStack;
let scrape: string;

/** One value of a scraped series whose labels include `labels`; undefined when absent. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

const scrapeAll = async () => {
  const texts = await Promise.all(
    [stack.url, stack.coreUrl, stack.workerUrl].map(async (base) => {
      const res = await new ApiClient(base).get('/metrics');
      expect(res.status).toBe(200);
      return res.text;
    }),
  );
  return texts.join('\n');
};

beforeAll(async () => {
  stack = await startStack();
  // A person using the app: signs up, creates, edits, syncs, opens the realtime stream.
  const { client } = await signUp(stack.url);
  const created = await client.post('/api/todos', { title: 'Measured' });
  expect(created.status, created.text).toBe(201);
  expect((await client.get(`/api/todos/${created.body.id}`)).status).toBe(200);
  const clientId = randomUUID();
  const pushed = await client.post('/api/sync/push', {
    clientId,
    mutations: [{ id: randomUUID(), type: 'todo.create', payload: { id: randomUUID(), title: 'Synced' } }],
  });
  expect(pushed.status, pushed.text).toBe(200);
  expect((await client.get('/api/sync/pull?cursor=0')).status).toBe(200);
  const stream = new AbortController();
  const open = await fetch(`${stack.url}/api/sync/stream?clientId=${clientId}`, {
    headers: { cookie: client.cookie! },
    signal: stream.signal,
  });
  expect(open.status).toBe(200);
  // The events reached both consumers, the relay has counted them published (after every consumer
  // took them), the stream is counted: then scrape. Each service is scraped on its own, so all of it
  // is waited for, not the worker alone.
  scrape = await waitFor(
    async () => {
      const text = await scrapeAll();
      const consumed = (service: string) =>
        valueOf(text, 'todo_events_consumed_total', { service, topic: 'todo-events', outcome: 'SUCCESS' }) ??
        0;
      const core = { service: 'core-service' };
      const settled =
        consumed('worker') >= 2 &&
        consumed('bff') >= 2 &&
        (valueOf(text, 'todo_outbox_published_events_total', { ...core, topic: 'todo-events' }) ?? 0) >= 2 &&
        valueOf(text, 'todo_outbox_unpublished_events', core) === 0 &&
        valueOf(text, 'todo_sse_connections', { service: 'bff' }) === 1;
      return settled ? text : undefined;
    },
    { timeoutMs: 15_000, what: 'the events published and consumed, and the stream counted' },
  );
  stream.abort();
}, 60_000);
afterAll(() => stack?.close());

describe('the metrics the alerts and the dashboard read', () => {
  it('are all exported by the running services, or come from Dapr, Kubernetes or Prometheus', () => {
    const exported = scrapedNames(scrape);
    const queries = [...alertQueries(), ...dashboardQueries()];
    expect(queries.length).toBeGreaterThan(30);
    const missing = queries.flatMap((q) =>
      metricNames(q.expr)
        .filter((name) => !exported.has(name) && !isExternal(name))
        .map((name) => `${q.where}: ${name}`),
    );
    expect(missing).toEqual([]);
    // Each query reads something: a typo that left no metric name at all would pass the line above.
    for (const q of queries) expect(metricNames(q.expr), q.where).not.toEqual([]);
  });

  it('move when the app is used, each labelled by the service that exports it', () => {
    const core = { service: 'core-service' };
    expect(valueOf(scrape, 'todo_sync_push_duration_seconds_count', core)).toBe(1);
    expect(valueOf(scrape, 'todo_sync_push_mutations_total', { ...core, result: 'applied' })).toBe(1);
    expect(valueOf(scrape, 'todo_sync_pull_duration_seconds_count', core)).toBeGreaterThanOrEqual(1);
    expect(
      valueOf(scrape, 'todo_outbox_published_events_total', { ...core, topic: 'todo-events' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      valueOf(scrape, 'todo_outbox_publish_lag_seconds_count', { ...core, topic: 'todo-events' }),
    ).toBeGreaterThanOrEqual(2);
    expect(valueOf(scrape, 'todo_outbox_unpublished_events', core)).toBe(0);
    expect(valueOf(scrape, 'todo_outbox_oldest_unpublished_age_seconds', core)).toBe(0);
    expect(
      valueOf(scrape, 'todo_event_consumer_lag_seconds_count', { service: 'worker', topic: 'todo-events' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      valueOf(scrape, 'todo_events_consumed_total', {
        service: 'bff',
        topic: 'todo-events',
        outcome: 'SUCCESS',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(valueOf(scrape, 'todo_sse_connections', { service: 'bff' })).toBe(1);
  });

  it('label requests by route template, never by id', () => {
    expect(
      valueOf(scrape, 'http_request_duration_seconds_count', {
        service: 'bff',
        method: 'GET',
        route: '/api/todos/:id',
        status: '200',
      }),
    ).toBe(1);
    const routes = [...scrape.matchAll(/route="([^"]*)"/g)].map((m) => m[1]!);
    expect(routes.filter((r) => /[\da-f]{8}-[\da-f]{4}-/.test(r))).toEqual([]);
  });

  it('leave the app port for METRICS_PORT when it is set', async () => {
    const metricsPort = await freePort();
    const bff = await startBff(
      loadBffConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        METRICS_PORT: String(metricsPort),
        CORE_URL: stack.coreUrl,
        INTERNAL_TOKEN: stack.internalToken,
        LOG_LEVEL: 'silent',
      }),
    );
    try {
      expect((await new ApiClient(bff.url).get('/metrics')).status).toBe(404);
      const own = await new ApiClient(`http://127.0.0.1:${metricsPort}`).get('/metrics');
      expect(own.status).toBe(200);
      expect(own.text).toContain('http_request_duration_seconds');
      const other = await new ApiClient(`http://127.0.0.1:${metricsPort}`).get('/api/todos');
      expect(other.status).toBe(404);
      expect(other.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await bff.close();
    }
  });
});
