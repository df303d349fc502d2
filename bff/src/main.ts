// Composition root for the bff as its own process (Dapr, compose, Kubernetes).
import { applyHeapSettings, createLogger, startTracing, onShutdown } from '@todo/platform';
import { loadBffConfigFromSidecar, startBff } from './start.ts';

// First, so the spans of everything below (and the database driver's) are made.
const tracing = await startTracing('bff');

// The level is known only once the configuration is; until then, what start-up says goes out at info.
const config = await loadBffConfigFromSidecar(createLogger('bff'));
const logger = createLogger('bff', config.LOG_LEVEL);
applyHeapSettings(config, logger);
const server = await startBff(config, { logger });
onShutdown(logger, async () => {
  await server.close();
  await tracing.shutdown();
});
