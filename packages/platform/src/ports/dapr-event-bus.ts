// The Dapr adapter of the EventBus port: publishes through the sidecar's HTTP API and serves the
// subscriptions from the service's own Koa app (not DaprServer, which acks an event whose handler threw).
import type { Context, Middleware, Next } from 'koa';
import { sameToken } from '../http/internal-auth.ts';
import { withTraceHeaders } from '../tracing.ts';
import { createLogger, type Logger } from '../logger.ts';
import { CLOUD_EVENT_CONTENT_TYPE, fromCloudEvent, toCloudEvent } from './cloud-event.ts';
import { DaprSidecar, type SidecarAnswer } from './dapr-sidecar.ts';
import {
  deadLetterTopic,
  type BusEvent,
  type EventBus,
  type EventHandler,
  type HandlerResult,
} from './event-bus.ts';

export interface DaprEventBusOptions {
  /** metadata.name of the pub/sub component (Redis Streams or Kafka behind it). */
  pubsubName: string;
  /** The sidecar's HTTP port (DAPR_HTTP_PORT). Default 3500. */
  daprHttpPort?: number;
  daprHost?: string;
  /** Sent as `dapr-api-token` when the sidecar requires one (DAPR_API_TOKEN). */
  daprApiToken?: string;
  /** When set, deliveries without this `dapr-api-token` are refused (the sidecar's APP_API_TOKEN). */
  appApiToken?: string;
  /** Path prefix of the delivery routes. Default '/dapr/events'. */
  routePrefix?: string;
  publishTimeoutMs?: number;
  logger?: Logger;
}

export class DaprPublishError extends Error {
  override name = 'DaprPublishError';
}

interface Route {
  topic: string;
  path: string;
  handler: EventHandler;
}

/**
 * At least once, with the order, retries and dead letters the sidecar's component and resiliency
 * policy give (dapr/local/, dapr/kubernetes/): every delivery is answered with an explicit SUCCESS, RETRY or DROP,
 * a handler that throws answers RETRY, and a sidecar with a deadLetterTopic moves an event there
 * on DROP or when its retries run out. One sidecar is one consumer group: its app id, or the
 * component's consumerID / consumerGroup (e.g. `{podName}` for the bff).
 */
export class DaprEventBus implements EventBus {
  private readonly routesByPath = new Map<string, Route>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly log: Logger;
  /** node:http with kept-alive connections, as every other call to the sidecar (fetch cost ~2x the CPU). */
  private readonly sidecar: DaprSidecar;
  private readonly prefix: string;
  private group?: string;
  private listServed = false;
  private closed = false;

  constructor(private readonly options: DaprEventBusOptions) {
    this.log = (options.logger ?? createLogger('event-bus', 'warn')).child({ component: 'dapr-event-bus' });
    this.sidecar = new DaprSidecar({
      host: options.daprHost ?? '127.0.0.1',
      httpPort: options.daprHttpPort ?? 3500,
      apiToken: options.daprApiToken,
    });
    this.prefix = (options.routePrefix ?? '/dapr/events').replace(/\/$/, '');
  }

  async publish(topic: string, event: BusEvent): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    const { pubsubName, publishTimeoutMs } = this.options;
    let path = `/v1.0/publish/${encodeURIComponent(pubsubName)}/${encodeURIComponent(topic)}`;
    // Kafka behind the sidecar keys the record by it, so one person's events share a partition.
    if (event.subject !== undefined) path += `?metadata.partitionKey=${encodeURIComponent(event.subject)}`;
    let res: SidecarAnswer;
    try {
      res = await this.sidecar.request(path, {
        method: 'POST',
        // The sidecar sets the event's traceparent from this request's (docs/observability.md): the
        // event's own when it has one, so the consumer continues the trace of the write.
        headers: {
          'content-type': CLOUD_EVENT_CONTENT_TYPE,
          ...(event.traceparent ? { traceparent: event.traceparent } : withTraceHeaders()),
        },
        body: JSON.stringify(toCloudEvent(event)),
        timeoutMs: publishTimeoutMs ?? 10_000,
      });
    } catch (err) {
      throw new DaprPublishError(
        `The Dapr sidecar at ${this.sidecar.baseUrl} did not take event ${event.id} for ${topic}: ${(err as Error).message}`,
      );
    }
    // Dapr answers 204; anything else means the event was not stored.
    if (res.status < 200 || res.status >= 300) {
      throw new DaprPublishError(
        `The Dapr sidecar refused event ${event.id} for ${topic}: ${res.status} ${res.text}`,
      );
    }
  }

  /** Registers a route; call before the sidecar starts, as Dapr reads /dapr/subscribe once. */
  async subscribe(topic: string, group: string, handler: EventHandler): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    if (this.group !== undefined && this.group !== group) {
      throw new Error(
        `A Dapr sidecar is one consumer group: this one serves ${this.group}, so ${group} needs its own app`,
      );
    }
    const path = `${this.prefix}/${encodeURIComponent(topic)}`;
    if (this.routesByPath.has(path)) throw new Error(`Already subscribed to ${topic}`);
    if (this.listServed) {
      this.log.warn(
        { topic },
        'subscribed after the sidecar read /dapr/subscribe; it takes effect on its restart',
      );
    }
    this.group = group;
    this.routesByPath.set(path, { topic, path, handler });
  }

  /** New deliveries answer RETRY from now on; resolves once the handlers in flight have finished. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * The Koa middleware the service mounts (after createHttpApp's body parser, which reads
   * application/cloudevents+json): GET /dapr/subscribe, and POST / OPTIONS on each route.
   */
  routes(): Middleware {
    return async (ctx: Context, next: Next) => {
      if (ctx.path === '/dapr/subscribe' && ctx.method === 'GET') {
        (ctx as Context & { _matchedRoute?: string })._matchedRoute = ctx.path;
        if (!this.authorized(ctx)) return;
        this.listServed = true;
        ctx.body = [...this.routesByPath.values()].map((r) => ({
          pubsubname: this.options.pubsubName,
          topic: r.topic,
          route: r.path,
          deadLetterTopic: deadLetterTopic(r.topic),
        }));
        return;
      }
      const route = this.routesByPath.get(ctx.path);
      if (!route) return next();
      // The route's label in metrics and span names, as @koa/router's routes have theirs.
      (ctx as Context & { _matchedRoute?: string })._matchedRoute = route.path;
      if (ctx.method === 'OPTIONS') {
        ctx.set('Allow', 'POST, OPTIONS');
        ctx.status = 200;
        return;
      }
      if (ctx.method !== 'POST') {
        ctx.set('Allow', 'POST, OPTIONS');
        ctx.status = 405;
        return;
      }
      if (!this.authorized(ctx)) return;
      const delivery = this.deliver(route, await readBody(ctx));
      this.inFlight.add(delivery);
      try {
        ctx.body = { status: await delivery };
      } finally {
        this.inFlight.delete(delivery);
      }
    };
  }

  private async deliver(route: Route, body: unknown): Promise<HandlerResult> {
    const log = this.log.child({ topic: route.topic, group: this.group });
    if (this.closed) {
      log.info('delivery while closing; answering RETRY');
      return 'RETRY';
    }
    let event: BusEvent;
    try {
      event = fromCloudEvent(body);
    } catch (err) {
      log.error({ err }, 'undeliverable body; answering DROP (dead letter)');
      return 'DROP';
    }
    const eventLog = log.child({ eventId: event.id, userId: event.subject });
    try {
      const outcome: unknown = await route.handler(event);
      if (outcome === 'SUCCESS' || outcome === 'RETRY' || outcome === 'DROP') {
        if (outcome !== 'SUCCESS') eventLog.warn({ outcome }, 'handler did not take the event');
        return outcome;
      }
      eventLog.error({ outcome }, 'handler answered neither SUCCESS, RETRY nor DROP; answering RETRY');
    } catch (err) {
      eventLog.error({ err }, 'handler failed; answering RETRY');
    }
    return 'RETRY';
  }

  private authorized(ctx: Context): boolean {
    const expected = this.options.appApiToken;
    if (!expected || sameToken(ctx.get('dapr-api-token'), expected)) return true;
    ctx.status = 401;
    ctx.body = { message: 'dapr-api-token missing or wrong' };
    return false;
  }
}

/** The parsed body when a body parser ran, else the raw JSON read here. */
async function readBody(ctx: Context): Promise<unknown> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined) return parsed;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
