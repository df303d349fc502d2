// Starts the bff from a validated config with the adapters it is given (direct HTTP and in-memory
// state in the embedded default). Used by main.ts and by the embedded launcher.
import {
  createDaprStateStore,
  createEventBus,
  createHttpApp,
  createLogger,
  createServiceClient,
  listen,
  listenMetrics,
  MemoryStateStore,
  observedHandler,
  onScrape,
  sseConnections,
  type EventBus,
  type Logger,
  type RunningServer,
  type ServiceClient,
  type StateStore,
} from '@todo/platform';
import type { Middleware } from 'koa';
import { CORE_APP_ID, TOPICS, WORKER_APP_ID } from '@todo/contracts';
import { Sessions } from './modules/auth/sessions.ts';
import { StreamHub } from './modules/sync/stream-hub.ts';
import { createApp } from './app.ts';
import type { BffConfig } from './config.ts';

export { loadBffConfig, loadBffConfigFromSidecar, type BffConfig } from './config.ts';

export interface BffAdapters {
  services?: ServiceClient;
  state?: StateStore;
  logger?: Logger;
  /** Change events arrive here for the realtime stream; each pod subscribes with its own group. */
  bus?: EventBus;
}

export async function startBff(config: BffConfig, adapters: BffAdapters = {}) {
  const logger = adapters.logger ?? createLogger('bff', config.LOG_LEVEL);
  const state = adapters.state ?? createDaprStateStore(config) ?? new MemoryStateStore();
  // Streams end with their session: expired, or signed out on another pod.
  const sessions = new Sessions(state, config.SESSION_TTL_SECONDS);
  const hub = new StreamHub({ sessionAlive: (key) => sessions.alive(key) });
  const stopStreamGauge = onScrape(async () => sseConnections.set({ service: 'bff' }, hub.size));
  const configured = adapters.bus
    ? { bus: adapters.bus }
    : createEventBus(config, { clientId: 'bff', logger });
  const bus = configured.bus;
  await bus.subscribe(TOPICS.todo, `bff-${config.POD_NAME}`, observedHandler('bff', TOPICS.todo, hub.handle));
  const app = createApp({
    hub,
    logger,
    services:
      adapters.services ??
      createServiceClient(config, { [CORE_APP_ID]: config.CORE_URL, [WORKER_APP_ID]: config.WORKER_URL }),
    state,
    internalToken: config.INTERNAL_TOKEN,
    pwaDir: config.PWA_DIR,
    sessionTtlSeconds: config.SESSION_TTL_SECONDS,
    sessionCacheMs: config.SESSION_CACHE_MS,
    cookieSecure: config.COOKIE_SECURE,
    allowedOrigins: config.ALLOWED_ORIGINS,
    loginAttemptsPerMinute: config.LOGIN_ATTEMPTS_PER_MINUTE,
    registrationsPerMinute: config.REGISTRATIONS_PER_MINUTE,
    trustedProxies: config.TRUSTED_PROXIES,
    serveMetrics: config.METRICS_PORT === 0,
  });
  const server = await listen(app, config.PORT, config.HOST);
  // The bff's app port is public: in a cluster its metrics have a port of their own.
  const metricsServer =
    config.METRICS_PORT > 0 ? await listenMetrics(config.METRICS_PORT, config.HOST) : undefined;
  const sidecarChannel = configured.routes
    ? await listenForSidecar(config, configured.routes, logger)
    : undefined;
  logger.info({ url: server.url, sidecarChannel: sidecarChannel?.url }, 'bff listening');
  return {
    ...server,
    /** Ends the realtime streams first: an open stream would keep the server from closing. */
    async close() {
      hub.close();
      stopStreamGauge();
      await metricsServer?.close();
      await server.close();
      await sidecarChannel?.close();
      if (!adapters.bus) await bus.close();
    },
  };
}

/**
 * The bff is public, so what its sidecar delivers (GET /dapr/subscribe, the event routes) is served
 * on a listener of its own (DAPR_APP_PORT, loopback by default: the sidecar shares the pod), and
 * only to callers with the APP_API_TOKEN.
 */
async function listenForSidecar(
  config: BffConfig,
  routes: Middleware,
  logger: Logger,
): Promise<RunningServer> {
  if (!config.APP_API_TOKEN) throw new Error('APP_API_TOKEN is required with EVENT_BUS=dapr');
  const app = createHttpApp({ name: 'bff-dapr', logger, appApiToken: config.APP_API_TOKEN });
  app.use(routes);
  return listen(app, config.DAPR_APP_PORT, config.DAPR_APP_HOST);
}
