// Starts the bff from a validated config with the adapters it is given (direct HTTP and in-memory
// state in the embedded default). Used by main.ts and by the embedded launcher.
import {
  createLogger,
  DirectHttpServiceClient,
  listen,
  MemoryStateStore,
  type Logger,
  type ServiceClient,
  type StateStore,
} from '@todo/platform';
import { CORE_APP_ID } from '@todo/contracts';
import { createApp } from './app.ts';
import type { BffConfig } from './config.ts';

export { loadBffConfig, type BffConfig } from './config.ts';

export interface BffAdapters {
  services?: ServiceClient;
  state?: StateStore;
  logger?: Logger;
}

export async function startBff(config: BffConfig, adapters: BffAdapters = {}) {
  const logger = adapters.logger ?? createLogger('bff', config.LOG_LEVEL);
  const app = createApp({
    logger,
    services: adapters.services ?? new DirectHttpServiceClient({ [CORE_APP_ID]: config.CORE_URL }),
    state: adapters.state ?? new MemoryStateStore(),
    internalToken: config.INTERNAL_TOKEN,
    pwaDir: config.PWA_DIR,
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    cookieSecure: config.COOKIE_SECURE,
    allowedOrigins: config.ALLOWED_ORIGINS,
    loginAttemptsPerMinute: config.LOGIN_ATTEMPTS_PER_MINUTE,
  });
  const server = await listen(app, config.PORT, config.HOST);
  logger.info({ url: server.url }, 'bff listening');
  return server;
}
