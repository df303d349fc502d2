// Starts the worker from a validated config: database (migrated), VAPID keys, senders, the two event
// subscriptions, and the HTTP listener. Used by main.ts, the embedded launcher and the tests.
import { TOPICS } from '@todo/contracts';
import {
  createEventBus,
  createLogger,
  createSecrets,
  listen,
  listenMetrics,
  observedBatchHandler,
  observedHandler,
  openServiceDatabase,
  subscribeBatches,
  type BatchHandler,
  type BusEvent,
  type Database,
  type EventBus,
  type EventHandler,
  type Logger,
  type Secrets,
  type RequestHandler,
} from '@todo/platform';
import { createWorker } from './app.ts';
import type { WorkerConfig } from './config.ts';
import { workerMigrations } from './db/migrations/index.ts';
import { SmtpEmailSender } from './modules/email/email-sender.ts';
import { PushEndpointPolicy } from './modules/push/endpoint-policy.ts';
import { WebPushSender } from './modules/push/push-sender.ts';
import type { RetryPolicy } from './modules/reminders/reminder-dispatcher.ts';
import { resolveVapid } from './modules/push/vapid-keys.ts';

export { loadWorkerConfig, loadWorkerConfigFromSidecar, type WorkerConfig } from './config.ts';
export { workerMigrations } from './db/migrations/index.ts';
export { vapidKeyFileSecrets } from './modules/push/vapid-keys.ts';
export type { RetryPolicy } from './modules/reminders/reminder-dispatcher.ts';

/**
 * The worker's consumer group on both topics (docs/events.md). One group, not one per topic: a Dapr
 * sidecar is one consumer group, and the Kafka adapter keeps a consumer per (topic, group).
 */
export const WORKER_GROUP = 'worker';

const DAY = 24 * 3600 * 1000;
/** Sent-notification records older than this are forgotten (no event is redelivered that late). */
const DELIVERY_RETENTION_MS = 30 * DAY;

export interface WorkerOptions {
  logger?: Logger;
  /** A database made elsewhere (the launcher's shared one, tests); otherwise from DATABASE_URL or DATA_DIR. */
  database?: Database;
  /** Where reminder and todo events arrive (the launcher's shared in-process bus); else EVENT_BUS. */
  bus?: EventBus;
  /** VAPID keys (and subject); default: the environment, or Dapr's secret store with SECRET_STORE=dapr. */
  secrets?: Secrets;
  /** Apply pending migrations on start (default: MIGRATE_ON_START). */
  migrate?: boolean;
  /**
   * A certificate authority web-push trusts besides the usual ones: an in-process push service with a
   * self-signed certificate (tests, benchmarks). A separate process uses NODE_EXTRA_CA_CERTS instead.
   */
  pushCa?: string | Buffer;
  /** How failed reminder deliveries are retried (default: from 10 s doubling to 10 min, for 2 h). */
  reminderRetry?: RetryPolicy;
  /** How long a reminder taken for delivery stays this worker's (default 30 s, renewed meanwhile). */
  reminderLeaseMs?: number;
  now?: () => Date;
}

export interface RunningWorker {
  url: string;
  /** Its request handler, for a caller in this process (`npm start`'s bff). */
  handler: RequestHandler;
  port: number;
  vapidPublicKey: string;
  /** Stops taking events, lets the ones in hand finish, stops listening. */
  close(): Promise<void>;
}

export async function startWorker(config: WorkerConfig, options: WorkerOptions = {}): Promise<RunningWorker> {
  const log = options.logger ?? createLogger('worker', config.LOG_LEVEL);
  const vapid = await resolveVapid(options.secrets ?? createSecrets(config), config.VAPID_SUBJECT);
  const db =
    options.database ??
    // Not core-service's PGlite folder: two processes must never open the same PGlite files.
    openServiceDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, folder: 'worker-pglite' });
  if (options.migrate ?? config.MIGRATE_ON_START) {
    const applied = await db.migrate(workerMigrations);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  }
  const policy = new PushEndpointPolicy(config.PUSH_ENDPOINT_ALLOW);
  const push = new WebPushSender(vapid, { policy, ...(options.pushCa ? { ca: options.pushCa } : {}) });
  const email = config.SMTP_URL ? new SmtpEmailSender(config.SMTP_URL, config.EMAIL_FROM) : null;
  if (!email) log.info('SMTP_URL is not set: email reminders will be skipped');
  // A new worker group starts at the oldest retained event: no reminder published before it is lost.
  const configured = options.bus
    ? { bus: options.bus, routes: undefined }
    : createEventBus(config, { clientId: 'worker', logger: log, fromBeginning: true });
  const { app, handlers, deliveries, jobs, dispatcher } = createWorker({
    logger: log,
    db,
    internalToken: config.INTERNAL_TOKEN,
    vapidPublicKey: vapid.publicKey,
    pushPolicy: policy,
    push,
    email,
    pushTtlSeconds: config.PUSH_TTL_SECONDS,
    busRoutes: configured.routes,
    appApiToken: config.APP_API_TOKEN,
    serveMetrics: config.METRICS_PORT === 0,
    ...(options.now ? { now: options.now } : {}),
    ...(options.reminderRetry ? { reminderRetry: options.reminderRetry } : {}),
    ...(options.reminderLeaseMs ? { reminderLeaseMs: options.reminderLeaseMs } : {}),
  });

  const gate = new InFlight();
  const bus = configured.bus;
  await bus.subscribe(
    TOPICS.reminder,
    WORKER_GROUP,
    gate.wrap(observedHandler('worker', TOPICS.reminder, handlers.reminders)),
  );
  await subscribeBatches(
    bus,
    TOPICS.todo,
    WORKER_GROUP,
    gate.wrapBatch(observedBatchHandler('worker', TOPICS.todo, handlers.activity)),
  );

  // PGlite is opened by one process alone (its folder's lock) and that process runs one worker: a lease
  // found now is a dead process's, whose reminders would otherwise wait out LEASE_MS (30 s) after
  // `npm start` comes back from a crash. On PostgreSQL another replica may be sending them.
  if (db.kind === 'pglite') {
    const released = await jobs.releaseLeases();
    if (released > 0) log.info({ released }, 'reminders a stopped process was sending are sent again');
  }
  dispatcher.start();
  const prune = setInterval(() => {
    const before = new Date(Date.now() - DELIVERY_RETENTION_MS);
    Promise.all([deliveries.prune(before), jobs.prune(before)]).catch((err: unknown) =>
      log.warn({ err: String(err) }, 'could not prune old deliveries'),
    );
  }, DAY / 4);
  prune.unref();

  const server = await listen(app, config.PORT, config.HOST);
  const metricsServer =
    config.METRICS_PORT > 0 ? await listenMetrics(config.METRICS_PORT, config.HOST) : undefined;
  log.info({ url: server.url, database: db.kind, email: Boolean(email) }, 'worker listening');
  return {
    url: server.url,
    handler: server.handler,
    port: server.port,
    vapidPublicKey: vapid.publicKey,
    async close() {
      clearInterval(prune);
      gate.close();
      // What was handed in is its owner's to close.
      if (!options.bus) await bus.close();
      await metricsServer?.close();
      await server.close();
      await gate.drained();
      await dispatcher.stop();
      email?.close();
      push.close();
      if (!options.database) await db.close();
    },
  };
}

/** Counts handlers at work; once closing, new events are answered RETRY (another replica, or the next start, takes them). */
class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private closing = false;

  wrap(handler: EventHandler): EventHandler {
    return async (event: BusEvent) => {
      if (this.closing) return 'RETRY';
      return this.track(handler(event));
    };
  }

  wrapBatch(handler: BatchHandler): BatchHandler {
    return async (events: BusEvent[]) => {
      if (this.closing) return events.map(() => 'RETRY' as const);
      return this.track(handler(events));
    };
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    try {
      return await work;
    } finally {
      this.running.delete(work);
    }
  }

  close(): void {
    this.closing = true;
  }

  async drained(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
