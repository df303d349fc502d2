import { createLogger, listen, type Logger } from '@todo/platform';
import { createApp } from './app.ts';
import type { WorkerConfig } from './config.ts';

export { loadWorkerConfig, type WorkerConfig } from './config.ts';

export async function startWorker(config: WorkerConfig, logger?: Logger) {
  const log = logger ?? createLogger('worker', config.LOG_LEVEL);
  const server = await listen(createApp({ logger: log }), config.PORT, config.HOST);
  log.info({ url: server.url }, 'worker listening');
  return server;
}
