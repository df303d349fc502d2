// Composition root for the bff as its own process (Dapr, compose, Kubernetes).
import { createLogger, onShutdown } from '@todo/platform';
import { loadBffConfig, startBff } from './start.ts';

const config = loadBffConfig();
const logger = createLogger('bff', config.LOG_LEVEL);
const server = await startBff(config, { logger });
onShutdown(logger, () => server.close());
