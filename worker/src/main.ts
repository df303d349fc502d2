// Composition root for the worker as its own process (compose, Dapr, Kubernetes).
import { applyHeapSettings, createLogger, startTracing, createSecrets, onShutdown } from '@todo/platform';
import { loadWorkerConfigFromSidecar, startWorker, vapidKeyFileSecrets } from './start.ts';

// First, so the spans of everything below (and the database driver's) are made.
const tracing = await startTracing('worker');

const config = await loadWorkerConfigFromSidecar(createLogger('worker'));
const logger = createLogger('worker', config.LOG_LEVEL);
applyHeapSettings(config, logger);
// The secret store (the environment, or Dapr's with SECRET_STORE=dapr); a key file only where one replica runs.
const secrets = config.VAPID_KEY_FILE ? vapidKeyFileSecrets(config.VAPID_KEY_FILE) : createSecrets(config);
const worker = await startWorker(config, { logger, secrets });
onShutdown(logger, async () => {
  await worker.close();
  await tracing.shutdown();
});
