// Composition root for the worker as its own process.
import { createLogger, onShutdown } from '@todo/platform';
import { loadWorkerConfig, startWorker } from './service.ts';

const config = loadWorkerConfig();
const logger = createLogger('worker', config.LOG_LEVEL);
const server = await startWorker(config, logger);
onShutdown(logger, () => server.close());
