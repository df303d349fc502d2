// Starts core-service from a validated config: database (migrated), app, listener. Used by main.ts
// and by the embedded launcher, which runs every service in one process.
import path from 'node:path';
import { createLogger, listen, type Logger } from '@todo/platform';
import { createApp } from './app.ts';
import type { CoreConfig } from './config.ts';
import { createDatabase, type Database } from './db/database.ts';

export { loadCoreConfig, type CoreConfig } from './config.ts';
export { createDatabase, type Database } from './db/database.ts';

export interface RunningCore {
  url: string;
  close(): Promise<void>;
}

export interface CoreOptions {
  logger?: Logger;
  /** A database made elsewhere (tests); otherwise from DATABASE_URL or DATA_DIR. */
  database?: Database;
  /** Apply pending migrations on start (default); clusters run them as a Job instead. */
  migrate?: boolean;
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
  const server = await listen(
    createApp({ logger: log, db, internalToken: config.INTERNAL_TOKEN }),
    config.PORT,
    config.HOST,
  );
  log.info({ url: server.url, database: db.kind }, 'core-service listening');
  return {
    url: server.url,
    async close() {
      await server.close();
      await db.close();
    },
  };
}
