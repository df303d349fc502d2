// OpenTelemetry tracing (docs/observability.md): W3C trace context in and out of every request, service
// invocation and event, spans exported over OTLP/HTTP when a collector is configured (startTracing
// says which variables turn what on).
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';

const tracer = () => trace.getTracer('todo');

export interface Tracing {
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing once per process, before the database driver is loaded (so `pg` is instrumented).
 * Reads the standard OTEL_* variables itself (they belong to the OpenTelemetry SDK, not to one
 * service's configuration):
 * - OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): spans exported over OTLP/HTTP,
 *   trace context carried, trace ids in the logs;
 * - OTEL_TRACES_EXPORTER=none: trace context carried and trace ids in the logs, nothing recorded;
 * - neither, or OTEL_SDK_DISABLED=true: off, at no cost per request (the API's no-op tracer).
 * The parts of @opentelemetry/sdk-node that are used, not sdk-node itself: importing it (every
 * exporter, the metrics and logs SDKs, gRPC) took 3.4 s on the CI machine, these 0.6 s, at every start.
 */
export async function startTracing(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): Promise<Tracing> {
  const exporting = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const idsOnly = !exporting && env.OTEL_TRACES_EXPORTER === 'none';
  if (env.OTEL_SDK_DISABLED === 'true' || (!exporting && !idsOnly)) return { shutdown: async () => {} };
  const { NodeTracerProvider, BatchSpanProcessor, AlwaysOffSampler } =
    await import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName });
  if (idsOnly) {
    const provider = new NodeTracerProvider({ resource, sampler: new AlwaysOffSampler() });
    provider.register();
    return { shutdown: () => provider.shutdown() };
  }
  const [{ OTLPTraceExporter }, { registerInstrumentations }, { PgInstrumentation }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  // OTLP/HTTP with JSON bodies, to the endpoint the variables name (`/v1/traces` appended); the
  // sampler from OTEL_TRACES_SAMPLER (default: parent based, always on).
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new PgInstrumentation({ requireParentSpan: true })],
  });
  return {
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}

/** trace_id, span_id and trace_flags of the active span, for pino's mixin (every log line). */
export function traceFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!trace.isSpanContextValid(span.spanContext())) return {};
  return { trace_id: traceId, span_id: spanId, trace_flags: `0${traceFlags.toString(16)}` };
}

/** The active trace context as a W3C `traceparent` value, if there is one. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Adds `traceparent` (and `tracestate`) of the active context to outgoing headers. */
export function withTraceHeaders(headers: Record<string, string> = {}): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

/** The context a `traceparent` (from an event, a stored outbox row) names; the root one without it. */
export function contextOf(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** Runs `work` inside a new span, ending it (with an error status if `work` throws). */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  parent: Context,
  work: (span: Span) => Promise<T>,
  attributes: Record<string, string | number> = {},
): Promise<T> {
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/**
 * A span (PRODUCER) for publishing one event of the trace `traceparent` names; the event carries the
 * returned `traceparent` (this span's), and the caller ends the span once the bus acknowledged.
 */
export function startProducerSpan(name: string, traceparent: string | undefined) {
  const parent = contextOf(traceparent);
  const span = tracer().startSpan(name, { kind: SpanKind.PRODUCER }, parent);
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), carrier);
  return { span, traceparent: carrier.traceparent };
}

/** Ends spans, marking them failed when `err` is given. */
export function endSpans(spans: Span[], err?: unknown): void {
  for (const span of spans) {
    if (err !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
    span.end();
  }
}

/** Runs `work` outside any trace: background work a request merely woke (a relay drain, a timer). */
export function outsideTrace<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, work);
}

/** A span of the active trace around a call to another service (its headers get the context). */
export function clientSpan<T>(
  name: string,
  work: (span: Span) => Promise<T>,
  attributes: Record<string, string | number> = {},
): Promise<T> {
  return inSpan(name, SpanKind.CLIENT, context.active(), work, attributes);
}

/** The server span of one HTTP request, continuing the caller's trace from its headers. */
export function startServerSpan(method: string, headers: Record<string, string | string[] | undefined>) {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer().startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Names the server span after its route template and records the status. */
export function endServerSpan(span: Span, method: string, route: string, status: number): void {
  if (span.isRecording()) {
    span.updateName(`${method} ${route}`);
    span.setAttribute('http.route', route);
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

export { context as traceContext, SpanKind };
