// Starts the bff from a validated config with the adapters it is given (direct HTTP and in-memory
// state in the embedded default). Used by main.ts and by the embedded launcher.
import {
  createLogger,
  DirectHttpServiceClient,
  listen,
  MemoryStateStore,
  createEventBus,
  type EventBus,
  type Logger,
  type ServiceClient,
  type StateStore,
} from '@todo/platform';
import { CORE_APP_ID, TOPICS, WORKER_APP_ID } from '@todo/contracts';
import { StreamHub } from './modules/sync/stream-hub.ts';
import { createApp } from './app.ts';
import type { BffConfig } from './config.ts';

export { loadBffConfig, type BffConfig } from './config.ts';

export interface BffAdapters {
  services?: ServiceClient;
  state?: StateStore;
  logger?: Logger;
  /** Change events arrive here for the realtime stream; each pod subscribes with its own group. */
  bus?: EventBus;
}

export async function startBff(config: BffConfig, adapters: BffAdapters = {}) {
  const logger = adapters.logger ?? createLogger('bff', config.LOG_LEVEL);
  const hub = new StreamHub();
  const configured = adapters.bus
    ? { bus: adapters.bus }
    : createEventBus(config, { clientId: 'bff', logger });
  const bus = configured.bus;
  await bus.subscribe(TOPICS.todo, `bff-${config.POD_NAME}`, hub.handle);
  const app = createApp({
    hub,
    busRoutes: configured.routes,
    logger,
    services:
      adapters.services ??
      new DirectHttpServiceClient({ [CORE_APP_ID]: config.CORE_URL, [WORKER_APP_ID]: config.WORKER_URL }),
    state: adapters.state ?? new MemoryStateStore(),
    internalToken: config.INTERNAL_TOKEN,
    pwaDir: config.PWA_DIR,
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    cookieSecure: config.COOKIE_SECURE,
    allowedOrigins: config.ALLOWED_ORIGINS,
    loginAttemptsPerMinute: config.LOGIN_ATTEMPTS_PER_MINUTE,
    registrationsPerMinute: config.REGISTRATIONS_PER_MINUTE,
  });
  const server = await listen(app, config.PORT, config.HOST);
  logger.info({ url: server.url }, 'bff listening');
  return {
    ...server,
    /** Ends the realtime streams first: an open stream would keep the server from closing. */
    async close() {
      hub.close();
      await server.close();
      if (!adapters.bus) await bus.close();
    },
  };
}
