// Starts core-service from a validated config: database (migrated), app, listener. Used by main.ts
// and by the embedded launcher, which runs every service in one process.
import path from 'node:path';
import { createLogger, InProcessEventBus, listen, type EventBus, type Logger } from '@todo/platform';
import { OutboxRelay } from './modules/outbox/outbox.relay.ts';
import { OutboxRepository } from './modules/outbox/outbox.repository.ts';
import { SyncRepository } from './modules/sync/sync.repository.ts';
import { createApp } from './app.ts';
import type { CoreConfig } from './config.ts';
import { createDatabase, type Database } from './db/database.ts';

export { loadCoreConfig, type CoreConfig } from './config.ts';
export { createDatabase, type Database } from './db/database.ts';

export interface RunningCore {
  url: string;
  relay: OutboxRelay;
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
}

export async function startCoreService(config: CoreConfig, options: CoreOptions = {}): Promise<RunningCore> {
  const log = options.logger ?? createLogger('core-service', config.LOG_LEVEL);
  const db =
    options.database ??
    createDatabase(
      config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: path.join(config.DATA_DIR, 'pglite') },
    );
  if (options.migrate ?? true) {
    const applied = await db.migrate();
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  }
  const bus = options.bus ?? new InProcessEventBus();
  const relay = new OutboxRelay(new OutboxRepository(db.knex), bus, log);
  const app = createApp({
    logger: log,
    db,
    internalToken: config.INTERNAL_TOKEN,
    onCommit: () => relay.nudge(),
  });
  const server = await listen(app, config.PORT, config.HOST);
  relay.start();
  log.info({ url: server.url, database: db.kind }, 'core-service listening');
  return {
    url: server.url,
    relay,
    compact: (before: Date) => new SyncRepository(db.knex).compact(before),
    async close() {
      await server.close();
      await relay.stop();
      await db.close();
    },
  };
}
