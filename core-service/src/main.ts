// Composition root for core-service as its own process (Dapr, compose, Kubernetes).
import { createLogger, onShutdown } from '@todo/platform';
import { loadCoreConfigFromSidecar, startCoreService } from './service.ts';

const config = await loadCoreConfigFromSidecar(createLogger('core-service'));
const logger = createLogger('core-service', config.LOG_LEVEL);
const running = await startCoreService(config, { logger, migrate: config.MIGRATE_ON_START });
onShutdown(logger, () => running.close());
