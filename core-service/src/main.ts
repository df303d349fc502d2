// Composition root for core-service as its own process (Dapr, compose, Kubernetes).
import { applyHeapSettings, createLogger, startTracing, onShutdown } from '@todo/platform';
import { loadCoreConfigFromSidecar, startCoreService } from './start.ts';

// First, so the spans of everything below (and the database driver's) are made.
const tracing = await startTracing('core-service');

const config = await loadCoreConfigFromSidecar(createLogger('core-service'));
const logger = createLogger('core-service', config.LOG_LEVEL);
applyHeapSettings(config, logger);
const running = await startCoreService(config, { logger, migrate: config.MIGRATE_ON_START });
onShutdown(logger, async () => {
  await running.close();
  await tracing.shutdown();
});
