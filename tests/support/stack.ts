// Starts core-service, bff and worker in this process for an integration suite: on PGlite in memory
// (TEST_TARGET=embedded, part of `npm test`) or on the PostgreSQL server of DATABASE_URL
// (TEST_TARGET=stack, `npm run test:stack`), where a missing server is a failure, never a skip.
// The worker starts first, so it is subscribed before core-service's outbox relay publishes anything.
import { randomBytes } from 'node:crypto';
import { loadBffConfig, startBff } from '@todo/bff';
import {
  coreMigrations,
  loadCoreConfig,
  startCoreService,
  type HousekeepingOptions,
  type RunningCore,
} from '@todo/core-service';
import {
  createDatabase,
  createLogger,
  EnvSecrets,
  InProcessEventBus,
  type BusEvent,
  type Database,
} from '@todo/platform';
import {
  loadWorkerConfig,
  startWorker,
  workerMigrations,
  type RetryPolicy,
  type RunningWorker,
  type WorkerOptions,
} from '@todo/worker';
import webpush from 'web-push';

export interface TestStack {
  url: string;
  coreUrl: string;
  workerUrl: string;
  internalToken: string;
  core: RunningCore;
  worker: RunningWorker;
  /** The one in-process bus every service of this stack publishes to and consumes from. */
  bus: InProcessEventBus;
  /** Events a consumer group gave up on (DROP, or still failing after the bus's last attempt). */
  dropped: { topic: string; event: BusEvent; reason: string }[];
  database: Database;
  /** Stops the worker and starts it again on the same database, port and keys (`worker` is the new one). */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Environment for core-service beyond the common one (e.g. REMINDER_TICK_MS). */
  core?: Record<string, string>;
  /** Environment for the worker beyond the common one (e.g. SMTP_URL). */
  worker?: Record<string, string>;
  /**
   * A test push service's certificate, trusted by the worker; its loopback address is then allowed
   * as a push endpoint (PUSH_ENDPOINT_ALLOW), as it is nowhere else.
   */
  pushCa?: string | Buffer;
  /**
   * TEST_TARGET=stack: a database of its own on the server, created and dropped with the stack
   * (default true). Suites sharing one database share its outbox and reminders too, so another
   * suite's relay or clock would publish their events onto its own bus.
   */
  ownDatabase?: boolean;
  /** How the worker retries reminder deliveries (default: from 10 s, for 2 h). */
  reminderRetry?: RetryPolicy;
  /** How long the worker's reminder leases last (default 30 s, renewed while a delivery lasts). */
  reminderLeaseMs?: number;
  /** core-service's housekeeping schedule and retention (default: hourly, days back). */
  housekeeping?: HousekeepingOptions;
}

interface TargetDatabase {
  database: Database;
  migrate: boolean;
  dispose(): Promise<void>;
}

export function databaseForTarget() {
  const target = process.env.TEST_TARGET ?? 'embedded';
  if (target === 'stack') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('TEST_TARGET=stack needs DATABASE_URL (run scripts/stack-services.sh)');
    return { database: createDatabase({ url, poolMax: 4 }), migrate: false };
  }
  // PGLITE_DIR: PGlite on files, as `npm start` runs it (the benchmarks); in memory otherwise.
  const dataDir = process.env.PGLITE_DIR;
  return { database: createDatabase(dataDir ? { dataDir } : {}), migrate: true };
}

/** A fresh database on the server of DATABASE_URL, migrated; dispose() drops it. */
export async function scratchDatabase(url: string, poolMax = 8): Promise<TargetDatabase & { url: string }> {
  const admin = createDatabase({ url, poolMax: 1 });
  const name = `todo_scratch_${randomBytes(6).toString('hex')}`;
  await admin.knex.raw(`CREATE DATABASE ${name}`);
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  const database = createDatabase({ url: scratchUrl.toString(), poolMax });
  await database.migrate(coreMigrations);
  await database.migrate(workerMigrations);
  return {
    database,
    url: scratchUrl.toString(),
    migrate: false,
    async dispose() {
      await database.close();
      await admin.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

async function targetDatabase(ownDatabase: boolean): Promise<TargetDatabase> {
  if (ownDatabase && (process.env.TEST_TARGET ?? 'embedded') === 'stack') {
    return scratchDatabase(process.env.DATABASE_URL ?? '');
  }
  const { database, migrate } = databaseForTarget();
  return { database, migrate, dispose: () => database.close() };
}

export async function startStack(
  env: Record<string, string> = {},
  options: StackOptions = {},
): Promise<TestStack> {
  const internalToken = randomBytes(24).toString('base64url');
  const level = process.env.TEST_LOG_LEVEL ?? 'silent';
  const common = { INTERNAL_TOKEN: internalToken, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: level };
  const { database, migrate, dispose } = await targetDatabase(options.ownDatabase ?? true);
  const dropped: TestStack['dropped'] = [];
  const bus = new InProcessEventBus((topic, event, reason) => dropped.push({ topic, event, reason }));
  const vapid = webpush.generateVAPIDKeys();
  const pushEnv = options.pushCa ? { PUSH_ENDPOINT_ALLOW: 'localhost,127.0.0.1' } : {};
  const workerEnv = { ...common, ...pushEnv, ...options.worker };
  const workerOptions: WorkerOptions = {
    database,
    migrate,
    bus,
    secrets: new EnvSecrets({ VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey }),
    logger: createLogger('worker', level),
    ...(options.pushCa ? { pushCa: options.pushCa } : {}),
    ...(options.reminderRetry ? { reminderRetry: options.reminderRetry } : {}),
    ...(options.reminderLeaseMs ? { reminderLeaseMs: options.reminderLeaseMs } : {}),
  };
  const worker = await startWorker(loadWorkerConfig(workerEnv), workerOptions);
  const core = await startCoreService(loadCoreConfig({ ...common, ...options.core }), {
    database,
    migrate,
    bus,
    logger: createLogger('core-service', level),
    ...(options.housekeeping ? { housekeeping: options.housekeeping } : {}),
  });
  const bff = await startBff(
    loadBffConfig({
      ...common,
      CORE_URL: core.url,
      WORKER_URL: worker.url,
      PWA_DIR: 'pwa/dist',
      // Suites make many accounts from one address; the limit itself is tested with its default.
      REGISTRATIONS_PER_MINUTE: '10000',
      ...env,
    }),
    {
      bus,
    },
  );
  const stack: TestStack = {
    url: bff.url,
    coreUrl: core.url,
    workerUrl: worker.url,
    internalToken,
    core,
    worker,
    bus,
    dropped,
    database,
    async restartWorker() {
      await stack.worker.close();
      // On its port again, where the bff sends push subscriptions; with the same VAPID keys.
      const port = String(stack.worker.port);
      stack.worker = await startWorker(loadWorkerConfig({ ...workerEnv, PORT: port }), workerOptions);
    },
    async close() {
      await bff.close();
      await core.close();
      await stack.worker.close();
      await dispose();
    },
  };
  return stack;
}
