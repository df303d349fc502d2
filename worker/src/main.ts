// Composition root for the worker as its own process (compose, Dapr, Kubernetes).
import { createLogger, createSecrets, onShutdown } from '@todo/platform';
import { loadWorkerConfigFromSidecar, startWorker, vapidKeyFileSecrets } from './service.ts';

const config = await loadWorkerConfigFromSidecar(createLogger('worker'));
const logger = createLogger('worker', config.LOG_LEVEL);
// The secret store (the environment, or Dapr's with SECRET_STORE=dapr); a key file only where one replica runs.
const secrets = config.VAPID_KEY_FILE ? vapidKeyFileSecrets(config.VAPID_KEY_FILE) : createSecrets(config);
const worker = await startWorker(config, { logger, secrets });
onShutdown(logger, () => worker.close());
