// One trace across the Dapr topology (issue 10): creating a todo through the bff is one trace from the
// bff's request through Dapr service invocation into core-service, through the outbox and Dapr pub/sub
// into the worker, as a real OTLP/HTTP receiver collects it from the three processes; and every log
// line those processes write for it names that trace.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { signUp } from '../support/client.ts';
import { startTopology, type Topology } from '../support/dapr-topology.ts';
import { alertQueries, dashboardQueries, metricNames, scrapedNames } from '../support/observability-files.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.ts';
import { waitFor } from '../support/wait.ts';

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

let topo: Topology;
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  topo = await startTopology({
    replicas: 1,
    pubsub: 'redis',
    appEnv: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      // Spans leave each process within 200 ms instead of 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '200',
      LOG_LEVEL: 'debug',
    },
  });
}, 240_000);
afterAll(async () => {
  await topo?.close();
  await receiver?.close();
}, 60_000);

const find = (trace: ReceivedSpan[], service: string, kind: number, name: string) =>
  trace.find((s) => s.service === service && s.kind === kind && s.name === name);

describe('tracing through the Dapr topology', () => {
  it('makes one trace of creating a todo: bff → core-service → outbox → worker', async () => {
    onTestFailed(() => console.error(topo.group.tail(60), receiver.refused, receiver.spans));
    const bff = topo.replicas.bff[0]!.app.url;
    const { client } = await signUp(bff);
    const created = await client.post('/api/todos', { title: 'Traced from end to end' });
    expect(created.status, created.text).toBe(201);

    // The bff's server span of this request is the root of the trace.
    const root = await waitFor(
      () =>
        receiver.spans.find((s) => s.service === 'bff' && s.kind === SERVER && s.name === 'POST /api/todos'),
      { timeoutMs: 20_000, what: "the bff's span of POST /api/todos" },
    );
    const trace = () => receiver.spans.filter((s) => s.traceId === root.traceId);
    // bff → core-service: the invocation's client span, and core-service's server span in the trace;
    // its queries, made while the request was served: the statement that writes the todo (a bare new
    // todo is one statement of CTEs, `WITH …`; others a transaction's INSERTs); core-service → outbox:
    // the relay's publish; outbox → worker: the consume. Each process exports on its own timer, so the
    // wait is for all of them, not for the last hop alone.
    const write = /^pg\.query:(INSERT|WITH)/;
    const parts = (spans: typeof receiver.spans) => ({
      invoke: spans.find((s) => s.service === 'bff' && s.name === 'invoke core-service POST'),
      coreRequest: spans.find(
        (s) => s.service === 'core-service' && s.kind === SERVER && s.name.startsWith('POST '),
      ),
      wrote: spans.some((s) => s.service === 'core-service' && write.test(s.name)) || undefined,
      publish: find(spans, 'core-service', PRODUCER, 'outbox publish todo-events'),
      consumed: find(spans, 'worker', CONSUMER, 'consume todo-events'),
    });
    const { invoke, coreRequest, publish, consumed } = await waitFor(
      () => {
        const found = parts(trace());
        return Object.values(found).every((p) => p !== undefined) ? found : undefined;
      },
      {
        timeoutMs: 30_000,
        what: "the trace's spans: the invocation, core-service's request and write, the publish, the consume",
      },
    );
    expect(root.parentSpanId).toBeUndefined();
    expect(invoke, 'the invocation span').toBeDefined();
    // The relay published the event as a child of the request that wrote it.
    expect(publish!.parentSpanId).toBe(coreRequest!.spanId);

    // outbox → worker: the worker consumed it in the same trace (through Dapr pub/sub and Redis).
    expect(consumed!.traceId).toBe(root.traceId);
    expect(consumed!.attributes['messaging.destination.name']).toBe('todo-events');

    // Every service's log lines of the request name the trace.
    for (const appId of ['bff', 'core-service'] as const) {
      const log = readFileSync(topo.replicas[appId][0]!.app.proc.logFile, 'utf8');
      const lines = log.split('\n').filter((l) => l.includes(`"trace_id":"${root.traceId}"`));
      expect(lines.length, `${appId}'s log lines in the trace`).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ span_id: expect.any(String) });
    }
    expect(receiver.refused).toEqual([]);
  }, 60_000);

  it("finds every Dapr metric the dashboard and alerts read in the sidecars' own scrapes", async () => {
    // After the test above: invocation, publishing and delivery have all happened through them.
    const sidecars = Object.values(topo.replicas).flatMap((replicas) => replicas.map((r) => r.sidecar));
    const texts = await Promise.all(
      sidecars.map(async (s) => (await fetch(`http://127.0.0.1:${s.metricsPort}/metrics`)).text()),
    );
    const exported = scrapedNames(texts.join('\n'));
    const daprNames = [...alertQueries(), ...dashboardQueries()].flatMap((q) =>
      metricNames(q.expr)
        .filter((n) => n.startsWith('dapr_'))
        .map((name) => ({ where: q.where, name })),
    );
    expect(daprNames.length).toBeGreaterThan(0);
    const offered = [...exported].filter((n) => n.startsWith('dapr_')).sort();
    expect(
      daprNames.filter((d) => !exported.has(d.name)),
      `the sidecars offer ${offered.join(' ')}`,
    ).toEqual([]);
  });
});
