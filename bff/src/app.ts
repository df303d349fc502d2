// createApp(deps) → the bff's Koa app: security headers, CSRF origin check, sign-in, the public API
// forwarded to core-service, its OpenAPI and docs, and the PWA. No listen, no environment.
import { IMPORT_LIMITS } from '@todo/contracts';
import { createHttpApp, type Logger, type ServiceClient, type StateStore } from '@todo/platform';
import type { StreamHub } from './modules/sync/stream-hub.ts';
import { streamRouter } from './modules/sync/stream.routes.ts';
import helmet from 'koa-helmet';
import { CoreClient } from './http/core-client.ts';
import { originCheck } from './http/origin-check.ts';
import { apiRouter, fixedPathOptions } from './modules/api/api.routes.ts';
import { authRouter } from './modules/auth/auth.routes.ts';
import { AttemptLimiter } from './modules/auth/rate-limit.ts';
import { SignInGuard } from './modules/auth/sign-in-guard.ts';
import { Sessions } from './modules/auth/sessions.ts';
import { docsRouter } from './modules/docs/docs.routes.ts';
import {
  calendarFeedRouter,
  IMPORT_UPLOAD_PATH,
  portabilityRouter,
} from './modules/portability/portability.routes.ts';
import { pwa } from './modules/web/web.ts';

export interface BffDeps {
  logger: Logger;
  services: ServiceClient;
  state: StateStore;
  internalToken: string;
  pwaDir: string;
  sessionTtlSeconds: number;
  /** How long a session read is kept for the next requests (SESSION_CACHE_MS); 0 or absent: none. */
  sessionCacheMs?: number;
  cookieSecure: boolean;
  allowedOrigins: string[];
  loginAttemptsPerMinute: number;
  registrationsPerMinute: number;
  /** Peers whose X-Forwarded-* headers count. */
  trustedProxies: string[];
  hub: StreamHub;
  /** false when /metrics has its own listener (METRICS_PORT): never on the public port then. */
  serveMetrics?: boolean;
  /** Calendar feed fetches per client address and minute (default 60). */
  feedRequestsPerMinute?: number;
}

const CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

export function createApp(deps: BffDeps) {
  const core = new CoreClient(deps.services, deps.internalToken);
  const sessions = new Sessions(deps.state, deps.sessionTtlSeconds, deps.sessionCacheMs);
  const app = createHttpApp({
    name: 'bff',
    logger: deps.logger,
    trustedProxies: deps.trustedProxies,
    serveMetrics: deps.serveMetrics ?? true,
    uploads: { paths: [IMPORT_UPLOAD_PATH], limit: `${IMPORT_LIMITS.bytes}b`, textTypes: ['text/csv'] },
    readiness: {
      'core-service': async () => {
        const res = await core.send({ method: 'GET', path: '/readyz' });
        if (res.status !== 200) throw new Error(`core-service answered ${res.status}`);
      },
    },
  });
  app.use(helmet({ contentSecurityPolicy: CSP, crossOriginEmbedderPolicy: false }));
  app.use(originCheck(deps.allowedOrigins));
  app.use(fixedPathOptions());
  const routers = [
    authRouter({
      core,
      sessions,
      guard: new SignInGuard(deps.state, { attemptsPerMinute: deps.loginAttemptsPerMinute }),
      registrations: new AttemptLimiter(deps.state, 'registration', deps.registrationsPerMinute),
      onSignOut: (sessionKey) => deps.hub.closeSession(sessionKey),
      sessionTtlSeconds: deps.sessionTtlSeconds,
      cookieSecure: deps.cookieSecure,
    }),
    docsRouter(),
    streamRouter(deps.hub, sessions),
    calendarFeedRouter(
      core,
      new AttemptLimiter(deps.state, 'calendar-feed', deps.feedRequestsPerMinute ?? 60),
    ),
    portabilityRouter(core, sessions),
    apiRouter(core, sessions),
  ];
  for (const router of routers) app.use(router.routes()).use(router.allowedMethods());
  app.use(pwa(deps.pwaDir));
  return app;
}
