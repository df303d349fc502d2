// Composition root for the worker as its own process (compose, Dapr, Kubernetes).
import { createLogger, EnvSecrets, onShutdown } from '@todo/platform';
import { loadWorkerConfig, startWorker, vapidKeyFileSecrets } from './start.ts';

const config = loadWorkerConfig();
const logger = createLogger('worker', config.LOG_LEVEL);
// The secret store (environment) by default; a key file only where one replica runs.
const secrets = config.VAPID_KEY_FILE ? vapidKeyFileSecrets(config.VAPID_KEY_FILE) : new EnvSecrets();
const worker = await startWorker(config, { logger, secrets });
onShutdown(logger, () => worker.close());
