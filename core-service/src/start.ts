// Starts core-service from a validated config: database (migrated), app, listener. Used by main.ts
// and by the embedded launcher, which runs every service in one process.
import {
  createLogger,
  createEventBus,
  listen,
  listenMetrics,
  onScrape,
  openServiceDatabase,
  outboxOldestAge,
  outboxUnpublished,
  type Database,
  type EventBus,
  type Logger,
  type RequestHandler,
} from '@todo/platform';
import { OutboxRelay } from './modules/outbox/outbox.relay.ts';
import type { ReminderClock } from './modules/reminders/reminder-clock.service.ts';
import { OutboxRepository } from './modules/outbox/outbox.repository.ts';
import { SyncRepository } from './modules/sync/sync.repository.ts';
import { createCore } from './app.ts';
import { startClockTimer } from './modules/reminders/reminder-clock.service.ts';
import type { CoreConfig } from './config.ts';
import { coreMigrations } from './db/migrations/index.ts';
import { startHousekeeping, type HousekeepingOptions } from './modules/housekeeping/housekeeping.ts';

export { loadCoreConfig, loadCoreConfigFromSidecar, type CoreConfig } from './config.ts';
export { coreMigrations } from './db/migrations/index.ts';
export type { HousekeepingOptions } from './modules/housekeeping/housekeeping.ts';

export interface RunningCore {
  url: string;
  /** Its request handler, for a caller in this process (`npm start`'s bff). */
  handler: RequestHandler;
  relay: OutboxRelay;
  clock: ReminderClock;
  /** Forgets superseded change-log rows, and tombstones and remembered mutations older than `before`. */
  compact(before: Date): Promise<number>;
  close(): Promise<void>;
}

export interface CoreOptions {
  logger?: Logger;
  /** A database made elsewhere (tests); otherwise from DATABASE_URL or DATA_DIR. */
  database?: Database;
  /** Apply pending migrations on start (default); clusters run them as a Job instead. */
  migrate?: boolean;
  /** Where the outbox relay publishes; the embedded default shares one in-process bus. */
  bus?: EventBus;
  /** How often and how far back the change log and outbox are trimmed (tests shorten it). */
  housekeeping?: HousekeepingOptions;
}

export async function startCoreService(config: CoreConfig, options: CoreOptions = {}): Promise<RunningCore> {
  const log = options.logger ?? createLogger('core-service', config.LOG_LEVEL);
  const db =
    options.database ??
    openServiceDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, folder: 'pglite' });
  if (options.migrate ?? true) {
    const applied = await db.migrate(coreMigrations);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  }
  const bus = options.bus ?? createEventBus(config, { clientId: 'core-service', logger: log }).bus;
  const outbox = new OutboxRepository(db.knex);
  const relay = new OutboxRelay(outbox, bus, log);
  const { app, clock } = createCore({
    logger: log,
    db,
    internalToken: config.INTERNAL_TOKEN,
    appApiToken: config.APP_API_TOKEN,
    onCommit: (commit) => relay.nudge(commit),
    serveMetrics: config.METRICS_PORT === 0,
    pageCacheMb: config.PAGE_CACHE_MB,
  });
  const server = await listen(app, config.PORT, config.HOST);
  const metricsServer =
    config.METRICS_PORT > 0 ? await listenMetrics(config.METRICS_PORT, config.HOST) : undefined;
  const stopBacklogGauges = onScrape(async () => {
    const backlog = await outbox.backlog();
    outboxUnpublished.set({ service: 'core-service' }, backlog.events);
    outboxOldestAge.set({ service: 'core-service' }, backlog.oldestAgeSeconds);
  });
  relay.start();
  const stopClock =
    config.REMINDER_TICK_MS > 0
      ? startClockTimer(clock, config.REMINDER_TICK_MS, (err) =>
          log.error({ err }, 'reminder clock tick failed'),
        )
      : () => {};
  const stopHousekeeping = startHousekeeping(
    { sync: new SyncRepository(db.knex), outbox },
    log,
    options.housekeeping,
  );
  log.info({ url: server.url, database: db.kind }, 'core-service listening');
  return {
    url: server.url,
    handler: server.handler,
    relay,
    clock,
    compact: (before: Date) => new SyncRepository(db.knex).compact(before),
    async close() {
      stopClock();
      stopHousekeeping();
      stopBacklogGauges();
      await metricsServer?.close();
      await server.close();
      await relay.stop();
      // What was handed in is its owner's to close.
      if (!options.bus) await bus.close();
      if (!options.database) await db.close();
    },
  };
}
