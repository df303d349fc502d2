// The HTTP bootstrap every service shares: request ids and child loggers, problem+json errors,
// JSON-only bodies with a size limit, /healthz, /readyz and /metrics, and a graceful close.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import { ProblemType, REQUEST_ID_HEADER } from '@todo/contracts';
import Koa, { type Context, type Next } from 'koa';
import { httpRequestDuration, metricsRegistry, scrapeMetrics } from '../metrics.ts';
import { endServerSpan, startServerSpan, traceContext } from '../tracing.ts';
import type { Logger } from '../logger.ts';
import { AppError } from '../errors.ts';
import {
  IN_PROCESS_ANSWER,
  type InProcessRequest,
  type RequestHandler,
} from '../ports/in-process-service-client.ts';
import { requireAppApiToken } from '../ports/dapr-sidecar.ts';
import { errorMiddleware, problemBody, sendProblem } from './problem.ts';
import { trustedProxies } from './trusted-proxies.ts';

const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export type ReadinessCheck = () => Promise<unknown>;

export interface HttpAppOptions {
  name: string;
  logger: Logger;
  /** Largest accepted body, e.g. '256kb'. */
  bodyLimit?: string;
  /** Each named check must resolve for /readyz to answer 200. */
  readiness?: Record<string, ReadinessCheck>;
  /** Media types parsed as JSON besides application/json (e.g. application/cloudevents+json). */
  jsonTypes?: string[];
  /**
   * Dapr's APP_API_TOKEN: when set, every request but /healthz, /readyz and /metrics must carry it
   * (only the sidecar may call), checked before any body is read.
   */
  appApiToken?: string | undefined;
  /** Peers whose X-Forwarded-* headers count (TRUSTED_PROXIES); everyone else's are dropped. */
  trustedProxies?: string[];
  /** false when /metrics has a listener of its own (METRICS_PORT, see listenMetrics): here it is a 404. */
  serveMetrics?: boolean;
  /** Paths that take files (an import): a larger limit, and these text types beside JSON. */
  uploads?: Uploads;
}

export interface Uploads {
  paths: string[];
  /** Largest accepted body on those paths, e.g. '4mb'. */
  limit: string;
  /** Media types read as text there (`text/csv`). */
  textTypes: string[];
}

export interface AppState {
  log: Logger;
  requestId: string;
}

export function createHttpApp(options: HttpAppOptions): Koa<AppState> {
  // Koa reads X-Forwarded-* only where trustedProxies() left them: from a configured proxy.
  const app = new Koa<AppState>({ proxy: true });
  app.silent = true;
  app.context.log = options.logger;
  app.use(answerInProcess());
  app.use(trustedProxies(options.trustedProxies ?? []));
  app.use(requestContext(options.name, options.logger));
  app.use(errorMiddleware());
  app.use(operations(options.readiness ?? {}, options.serveMetrics ?? true));
  if (options.appApiToken) app.use(requireAppApiToken(options.appApiToken));
  app.use(requireJson(options.jsonTypes ?? [], options.uploads));
  if (options.uploads) app.use(uploadBodies(options.uploads, options.jsonTypes ?? []));
  app.use(
    bodyParser({
      // DELETE may carry a body too (API.md: DELETE /api/push/subscriptions { endpoint }).
      parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
      enableTypes: ['json'],
      // 1 MB: a sync push of 1,000 queued mutations is ~450 kB; every field has its own limit besides.
      jsonLimit: options.bodyLimit ?? '1mb',
      extendTypes: { json: ['application/json', 'application/*+json', ...(options.jsonTypes ?? [])] },
    }),
  );
  return app;
}

/**
 * A call made in this process (InProcessServiceClient) takes the answer as the app left it: its text,
 * or its object as JSON, as Koa would have written it. Written as HTTP, copied into a buffer and read
 * back to text, a page's 30 kB cost a fifth of `npm start`'s CPU for it (issue 14). Any other body (a
 * stream, a buffer, none) and HEAD are answered as usual.
 */
function answerInProcess() {
  return async function inProcess(ctx: Context, next: Next): Promise<void> {
    await next();
    const slot = (ctx.req as InProcessRequest)[IN_PROCESS_ANSWER];
    if (!slot || ctx.method === 'HEAD') return;
    const { body } = ctx;
    let text: string;
    if (typeof body === 'string') text = body;
    else if (isJsonBody(body)) text = JSON.stringify(body);
    else return;
    slot.answer = { status: ctx.status, contentType: ctx.response.get('Content-Type'), text };
    ctx.respond = false;
    ctx.res.statusCode = ctx.status;
    ctx.res.removeHeader('Content-Length');
    ctx.res.end();
  };
}

/** A body Koa writes as JSON: an object that is neither a buffer nor a stream. */
const isJsonBody = (body: unknown): body is object =>
  typeof body === 'object' &&
  body !== null &&
  !Buffer.isBuffer(body) &&
  typeof (body as { pipe?: unknown }).pipe !== 'function';

function requestContext(service: string, logger: Logger) {
  return async function context(ctx: Context, next: Next): Promise<void> {
    const incoming = ctx.get(REQUEST_ID_HEADER);
    const requestId = /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set(REQUEST_ID_HEADER, requestId);
    const end = httpRequestDuration.startTimer({ service, method: ctx.method });
    const traced = startServerSpan(ctx.method, ctx.headers);
    // Everything downstream, the request's own log line included, runs in its span (trace_id in logs).
    await traceContext.with(traced.context, async () => {
      try {
        await next();
      } finally {
        const matched = (ctx as Context & { _matchedRoute?: string })._matchedRoute;
        const route = matched ? String(matched) : OPS_PATHS.has(ctx.path) ? ctx.path : 'unmatched';
        end({ route, status: String(ctx.status) });
        ctx.state.log.debug({ method: ctx.method, path: ctx.path, status: ctx.status }, 'request');
        endServerSpan(traced.span, ctx.method, route, ctx.status);
      }
    });
  };
}

function operations(readiness: Record<string, ReadinessCheck>, serveMetrics: boolean) {
  return async function ops(ctx: Context, next: Next): Promise<void> {
    if (OPS_PATHS.has(ctx.path) && ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('Allow', 'GET, HEAD');
      sendProblem(
        ctx,
        problemBody(405, ProblemType.methodNotAllowed, `${ctx.method} is not allowed on ${ctx.path}`),
      );
      return;
    }
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
    } else if (ctx.path === '/readyz') {
      const results = await Promise.all(
        Object.entries(readiness).map(async ([name, check]) => {
          try {
            await check();
            return [name, 'ok'] as const;
          } catch (err) {
            ctx.state.log.warn({ check: name, err: String(err) }, 'not ready');
            return [name, 'failing'] as const;
          }
        }),
      );
      const checks = Object.fromEntries(results);
      const ready = results.every(([, state]) => state === 'ok');
      if (ready) ctx.body = { status: 'ready', checks };
      else {
        const failing = results.filter(([, s]) => s !== 'ok').map(([n]) => n);
        sendProblem(ctx, {
          ...problemBody(
            503,
            ProblemType.dependencyUnavailable,
            `Not ready: ${failing.join(', ')} not answering`,
          ),
        });
      }
    } else if (ctx.path === '/metrics') {
      // With a metrics port of its own, not here at all (nor the bff's PWA fallback in its place).
      if (!serveMetrics) {
        sendProblem(ctx, problemBody(404, ProblemType.notFound, 'Metrics are served on the metrics port'));
        return;
      }
      ctx.type = metricsRegistry.contentType;
      ctx.body = await scrapeMetrics();
    } else {
      return next();
    }
  };
}

/** The body of an upload path, parsed before the general parser (which then leaves it be). */
function uploadBodies(uploads: Uploads, jsonTypes: string[]) {
  const parse = bodyParser({
    enableTypes: ['json', 'text'],
    jsonLimit: uploads.limit,
    textLimit: uploads.limit,
    extendTypes: {
      json: ['application/json', 'application/*+json', ...jsonTypes],
      text: uploads.textTypes,
    },
  });
  const paths = new Set(uploads.paths);
  return (ctx: Context, next: Next) => (paths.has(ctx.path) ? parse(ctx, next) : next());
}

/** A request that carries a body must say it is JSON; anything else is a 415, not a silent `{}`. */
function requireJson(extra: string[], uploads?: Uploads) {
  const types = ['application/json', '+json', ...extra];
  const uploadTypes = [...types, ...(uploads?.textTypes ?? [])];
  const uploadPaths = new Set(uploads?.paths ?? []);
  return async function json(ctx: Context, next: Next): Promise<void> {
    const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
    const allowed = uploadPaths.has(ctx.path) ? uploadTypes : types;
    if (hasBody && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method) && !ctx.is(allowed)) {
      throw new AppError(
        ProblemType.unsupportedMediaType,
        415,
        `The request body must be application/json${uploadPaths.has(ctx.path) && uploads?.textTypes.length ? ` or ${uploads.textTypes.join(' or ')}` : ''}, not ${ctx.get('content-type') || 'untyped'}`,
      );
    }
    await next();
  };
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** The app's request handler, for a caller in this process (InProcessServiceClient). */
  handler: RequestHandler;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(graceMs?: number): Promise<void>;
}

/**
 * How long a client may take, chosen rather than left at Node's defaults (a minute for headers, five
 * for a request, checked every 30 s), so a slowloris client sending a byte now and then cannot hold
 * sockets open. A realtime stream is a GET answered at once: only its response lasts, and these
 * bound the request.
 */
export interface ServerTimeouts {
  /** From a connection's first byte (or a kept-alive request's start) to the end of its headers. */
  headersMs: number;
  /** The whole request, body included (a 1 MB sync push on a slow phone link fits). */
  requestMs: number;
  /**
   * An idle kept-alive connection. Longer than the 60 s idle timeout of the proxies in front
   * (ingress-nginx, cloud load balancers), so they never reuse a socket this side just closed.
   */
  keepAliveMs: number;
  /** How often Node looks for connections past headersMs / requestMs. */
  checkEveryMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 15_000,
  requestMs: 60_000,
  keepAliveMs: 65_000,
  checkEveryMs: 1_000,
};

export async function listen(
  app: Koa<AppState>,
  port: number,
  host = '0.0.0.0',
  timeouts: ServerTimeouts = SERVER_TIMEOUTS,
): Promise<RunningServer> {
  const handler = app.callback();
  const server = createServer(
    {
      // Room for long query strings (filters with many tags, cursors); beyond it, 400 (below).
      maxHeaderSize: 64 * 1024,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    handler,
  );
  // Requests Node refuses before Koa sees them (headers over the limit, malformed HTTP) still get
  // a problem+json answer.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      const body = JSON.stringify(
        problemBody(408, ProblemType.validation, 'The request did not arrive in time'),
      );
      socket.end(
        'HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const detail =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? 'The URL or headers are longer than the server reads (64 kB)'
        : 'The request is not valid HTTP';
    const body = JSON.stringify(problemBody(400, ProblemType.validation, detail));
    socket.end(
      'HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  // In-flight requests finish; keep-alive connections are closed as soon as they fall idle (not after
  // their timeout); whatever is still open after the grace period is cut.
  const close = (graceMs = 8000) =>
    new Promise<void>((resolve) => {
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(cut);
        resolve();
      });
      server.closeIdleConnections();
    });
  return { server, port: actual, url: `http://127.0.0.1:${actual}`, handler, close };
}

/**
 * /metrics alone on its own port (METRICS_PORT): what Prometheus scrapes in a cluster, where the
 * NetworkPolicies admit the monitoring namespace to this port only. Anything else is a 404.
 */
export function listenMetrics(port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const app = new Koa<AppState>();
  app.silent = true;
  app.use(async (ctx) => {
    if (ctx.path !== '/metrics' || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) {
      sendProblem(ctx, problemBody(404, ProblemType.notFound, `Only GET /metrics is served here`));
      return;
    }
    ctx.type = metricsRegistry.contentType;
    ctx.body = await scrapeMetrics();
  });
  return listen(app, port, host);
}

/** Runs the shutdown steps once on SIGTERM/SIGINT, then exits; a second signal exits at once. */
export function onShutdown(logger: Logger, steps: () => Promise<void>, graceMs = 10_000): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    steps().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
