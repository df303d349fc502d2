// Trace context across the hops the services make: an HTTP request into createHttpApp, a service
// invocation out of it (direct client) into another app, an event written in a request and consumed
// from a bus; and the trace ids the log lines take. Spans are collected in memory.
import Router from '@koa/router';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp, listen, type AppState, type RunningServer } from './http/server.ts';
import { createLogger } from './logger.ts';
import { metricsRegistry } from './metrics.ts';
import { fromCloudEvent, toCloudEvent } from './ports/cloud-event.ts';
import { InProcessEventBus, type BusEvent } from './ports/event-bus.ts';
import { observedHandler } from './ports/observed-handler.ts';
import { DirectHttpServiceClient } from './ports/service-client.ts';
import { currentTraceparent, endSpans, startProducerSpan, traceFields } from './tracing.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const servers: RunningServer[] = [];

beforeAll(() => provider.register());
beforeEach(() => exporter.reset());
afterAll(async () => {
  for (const s of servers) await s.close(100);
  await provider.shutdown();
  trace.disable();
});

const spans = () => exporter.getFinishedSpans();
const logger = createLogger('test', 'silent');

describe('tracing', () => {
  it('continues a request into the service it invokes, with route templates as span names', async () => {
    const inner = createHttpApp({ name: 'inner', logger });
    const innerRouter = new Router<AppState>();
    innerRouter.get('/v1/things/:id', (ctx) => {
      ctx.body = { traceparent: ctx.get('traceparent') };
    });
    inner.use(innerRouter.routes());
    const innerServer = await listen(inner, 0, '127.0.0.1');
    servers.push(innerServer);

    const client = new DirectHttpServiceClient({ inner: innerServer.url });
    const outer = createHttpApp({ name: 'outer', logger });
    const outerRouter = new Router<AppState>();
    outerRouter.get('/api/things/:id', async (ctx) => {
      const res = await client.invoke('inner', { method: 'GET', path: `/v1/things/${ctx.params.id}` });
      ctx.body = { fields: traceFields(), inner: res.body };
    });
    outer.use(outerRouter.routes());
    const outerServer = await listen(outer, 0, '127.0.0.1');
    servers.push(outerServer);

    // The caller's own trace, as a browser or an ingress would send it.
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${outerServer.url}/api/things/42`, {
      headers: { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` },
    });
    const body = (await res.json()) as { fields: Record<string, string> };
    await new Promise((r) => setTimeout(r, 20));

    const byName = (name: string) => spans().find((s) => s.name === name);
    const outerSpan = byName('GET /api/things/:id');
    const invoke = byName('invoke inner GET');
    const innerSpan = byName('GET /v1/things/:id');
    expect(
      outerSpan && invoke && innerSpan,
      spans()
        .map((s) => s.name)
        .join(', '),
    ).toBeTruthy();
    for (const s of [outerSpan!, invoke!, innerSpan!]) expect(s.spanContext().traceId).toBe(callerTrace);
    expect(outerSpan!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(invoke!.parentSpanContext?.spanId).toBe(outerSpan!.spanContext().spanId);
    expect(innerSpan!.parentSpanContext?.spanId).toBe(invoke!.spanContext().spanId);
    expect(innerSpan!.attributes['http.response.status_code']).toBe(200);
    // What the handler logs carries the request's trace and span.
    expect(body.fields).toEqual({
      trace_id: callerTrace,
      span_id: outerSpan!.spanContext().spanId,
      trace_flags: '01',
    });
  });

  it('carries the trace of the write into the consumer of its event, through the CloudEvent', async () => {
    const tracer = trace.getTracer('test');
    // The request that wrote the event: the outbox stores its traceparent.
    const stored = await tracer.startActiveSpan('POST /v1/todos', async (span) => {
      const tp = currentTraceparent();
      span.end();
      return tp;
    });
    expect(stored).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
    const producer = startProducerSpan('outbox publish todo-events', stored);
    const event: BusEvent = {
      id: 'e1',
      type: 'todo.created',
      source: 'core-service',
      time: new Date().toISOString(),
      subject: 'user-1',
      traceparent: producer.traceparent!,
      data: {},
    };
    // The wire form keeps it, as Kafka's record value and Dapr's envelope do.
    const wire = fromCloudEvent(JSON.parse(JSON.stringify(toCloudEvent(event))));
    expect(wire.traceparent).toBe(producer.traceparent);

    const bus = new InProcessEventBus();
    let seen: Record<string, string> = {};
    await bus.subscribe(
      'todo-events',
      'worker',
      observedHandler('worker', 'todo-events', async () => {
        seen = traceFields();
        return 'SUCCESS';
      }),
    );
    await bus.publishHandled('todo-events', [wire]);
    endSpans([producer.span]);
    await bus.close();

    const writeTrace = stored!.split('-')[1];
    const consume = spans().find((s) => s.name === 'consume todo-events')!;
    expect(consume.spanContext().traceId).toBe(writeTrace);
    expect(consume.parentSpanContext?.spanId).toBe(producer.span.spanContext().spanId);
    expect(seen.trace_id).toBe(writeTrace);
    const counted = await metricsRegistry.getSingleMetricAsString('todo_events_consumed_total');
    expect(counted).toContain(
      'todo_events_consumed_total{service="worker",topic="todo-events",outcome="SUCCESS"} 1',
    );
  });

  it('drops a malformed traceparent from an envelope instead of refusing the event', () => {
    const envelope = { ...toCloudEvent({ id: 'e2', type: 't', source: 's', time: 'now', data: 1 }) };
    const event = fromCloudEvent({ ...envelope, traceparent: 'not-a-trace' });
    expect(event.id).toBe('e2');
    expect(event.traceparent).toBeUndefined();
  });
});
