// Composition root for the bff as its own process (Dapr, compose, Kubernetes).
import { createLogger, onShutdown } from '@todo/platform';
import { loadBffConfigFromSidecar, startBff } from './service.ts';

// The level is known only once the configuration is; until then, what start-up says goes out at info.
const config = await loadBffConfigFromSidecar(createLogger('bff'));
const logger = createLogger('bff', config.LOG_LEVEL);
const server = await startBff(config, { logger });
onShutdown(logger, () => server.close());
