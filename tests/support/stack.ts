// Starts core-service, bff and worker in this process for an integration suite: on PGlite in memory
// (TEST_TARGET=embedded, part of `npm test`) or on the PostgreSQL server of DATABASE_URL
// (TEST_TARGET=stack, `npm run test:stack`), where a missing server is a failure, never a skip.
import { randomBytes } from 'node:crypto';
import { loadBffConfig, startBff } from '@todo/bff';
import { loadCoreConfig, startCoreService, type RunningCore } from '@todo/core-service';
import { createDatabase, createLogger, InProcessEventBus } from '@todo/platform';
import { loadWorkerConfig, startWorker } from '@todo/worker';

export interface TestStack {
  url: string;
  coreUrl: string;
  workerUrl: string;
  internalToken: string;
  core: RunningCore;
  close(): Promise<void>;
}

export function databaseForTarget() {
  const target = process.env.TEST_TARGET ?? 'embedded';
  if (target === 'stack') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('TEST_TARGET=stack needs DATABASE_URL (run scripts/stack-services.sh)');
    return { database: createDatabase({ url, poolMax: 4 }), migrate: false };
  }
  return { database: createDatabase({}), migrate: true };
}

export async function startStack(env: Record<string, string> = {}): Promise<TestStack> {
  const internalToken = randomBytes(24).toString('base64url');
  const level = process.env.TEST_LOG_LEVEL ?? 'silent';
  const common = { INTERNAL_TOKEN: internalToken, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: level };
  const { database, migrate } = databaseForTarget();
  const bus = new InProcessEventBus();
  const core = await startCoreService(loadCoreConfig(common), {
    database,
    migrate,
    bus,
    logger: createLogger('core-service', level),
  });
  const worker = await startWorker(loadWorkerConfig(common));
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
  return {
    url: bff.url,
    coreUrl: core.url,
    workerUrl: worker.url,
    internalToken,
    core,
    async close() {
      await bff.close();
      await worker.close();
      await core.close();
      await database.close();
    },
  };
}
