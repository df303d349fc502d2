// `npm start`: the embedded default. core-service, bff and worker in one process on one machine, with
// PGlite under DATA_DIR, the in-process bus and state, and calls between them made in memory (each
// service still listens on its loopback port, for its /healthz and /metrics).
import { randomBytes } from 'node:crypto';
import { startBff, loadBffConfig } from '@todo/bff';
import { CORE_APP_ID, WORKER_APP_ID } from '@todo/contracts';
import { loadCoreConfig, startCoreService } from '@todo/core-service';
import path from 'node:path';
import {
  applyHeapSettings,
  createDatabase,
  initPgliteDir,
  createLogger,
  EnvSecrets,
  FileStateStore,
  InProcessEventBus,
  InProcessServiceClient,
  loadHeapSettings,
  lockDataDir,
  onShutdown,
  protectDataDir,
  serveBackups,
  startTracing,
} from '@todo/platform';
import { loadWorkerConfig, startWorker, vapidKeyFileSecrets } from '@todo/worker';

const started = performance.now();
const env = process.env;
// Only with a collector to send to: the SDK's load would lengthen every start (docs/observability.md).
const tracing =
  env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
    ? await startTracing('todo')
    : null;
const internalToken = env.INTERNAL_TOKEN ?? randomBytes(24).toString('base64url');
const common = { LOG_LEVEL: env.LOG_LEVEL ?? 'info', INTERNAL_TOKEN: internalToken, HOST: '127.0.0.1' };
const logger = createLogger('embedded', common.LOG_LEVEL);
applyHeapSettings(loadHeapSettings(env), logger);
const bus = new InProcessEventBus((topic, event, reason) =>
  logger.error({ topic, eventId: event.id, type: event.type, reason }, 'event dropped'),
);

const dataDir = env.DATA_DIR || '.data';
// Private to this user, files included, and opened by this process alone.
protectDataDir(dataDir);
try {
  lockDataDir(dataDir);
} catch (err) {
  logger.fatal((err as Error).message);
  console.error(`\n  ${(err as Error).message}\n`);
  process.exit(1);
}
// One database for every service: core-service and the worker keep their own tables in it.
const pgliteDir = path.join(dataDir, 'pglite');
if (!env.DATABASE_URL) await initPgliteDir(pgliteDir);
const database = createDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: pgliteDir });
// The worker subscribes before core-service's outbox relay starts publishing what an earlier run
// left unpublished. Its VAPID keys come from the environment, or are generated once and kept under
// DATA_DIR/secrets (mode 0600): every browser's push subscription is bound to the public key.
const worker = await startWorker(
  loadWorkerConfig({
    ...common,
    PORT: env.WORKER_PORT ?? '0',
    DATA_DIR: dataDir,
    SMTP_URL: env.SMTP_URL,
    EMAIL_FROM: env.EMAIL_FROM,
    VAPID_SUBJECT: env.VAPID_SUBJECT,
    PUSH_TTL_SECONDS: env.PUSH_TTL_SECONDS,
    PUSH_ENDPOINT_ALLOW: env.PUSH_ENDPOINT_ALLOW,
  }),
  {
    bus,
    database,
    logger: createLogger('worker', common.LOG_LEVEL),
    secrets:
      env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
        ? new EnvSecrets(env)
        : vapidKeyFileSecrets(path.join(dataDir, 'secrets', 'vapid.json')),
  },
);
const core = await startCoreService(
  loadCoreConfig({
    ...common,
    PORT: env.CORE_PORT ?? '0',
    DATA_DIR: env.DATA_DIR,
    DATABASE_URL: env.DATABASE_URL,
    PAGE_CACHE_MB: env.PAGE_CACHE_MB,
  }),
  { bus, database },
);
// PGlite's WebAssembly file system sets 0666 on the files it makes, whatever the umask: tighten them now
// that it has made them (the folders' 0700 keeps other users out of any it makes later).
protectDataDir(dataDir);
// Sessions are kept under DATA_DIR too, so a restart does not sign anyone out.
const state = await FileStateStore.open(path.join(dataDir, 'state.json'));
// The bff calls core-service and the worker in memory, not over loopback HTTP (InProcessServiceClient).
const services = new InProcessServiceClient({ [CORE_APP_ID]: core.handler, [WORKER_APP_ID]: worker.handler });
const bff = await startBff(
  loadBffConfig({
    ...env,
    ...common,
    HOST: env.HOST ?? '0.0.0.0',
    PORT: env.PORT ?? '8080',
    CORE_URL: core.url,
    WORKER_URL: worker.url,
  }),
  { state, bus, services },
);
// `npm run backup` asks this process over DATA_DIR/backup.sock for a consistent copy while it runs.
const stopBackups = env.DATABASE_URL
  ? async () => {}
  : await serveBackups({ database, dataDir, logger, settle: () => state.flush() });

// Before saying it is ready: a stop that comes right after the ready line still shuts down cleanly.
onShutdown(logger, async () => {
  await bff.close();
  await stopBackups();
  await state.flush();
  await core.close();
  await worker.close();
  await database.close();
  await tracing?.shutdown();
  protectDataDir(dataDir);
});

const ms = Math.round(performance.now() - started);
logger.info({ readyInMs: ms, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) }, 'ready');
console.log(
  `\n  Todo is running: open http://localhost:${bff.port}  (API docs: http://localhost:${bff.port}/api/docs)\n`,
);
