// The public resource API: for every forwarded route of the contract table, check the session, validate
// path, query and body with the route's own schemas, and forward to the service that serves it.
import Router from '@koa/router';
import { CORE_APP_ID, forwardedRoutes, ProblemType, type Method, type Route } from '@todo/contracts';
import {
  AppError,
  parseInput,
  sendProblem,
  problemBody,
  type AppState,
  type InvokeRequest,
} from '@todo/platform';
import type { Context } from 'koa';
import type { CoreClient } from '../../http/core-client.ts';
import { problemToError } from '../../http/core-client.ts';
import type { Sessions } from '../auth/sessions.ts';
import { requireSession, signedInUser } from '../auth/auth.routes.ts';

export function apiRouter(core: CoreClient, sessions: Sessions): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.use(requireSession(sessions));
  for (const route of forwardedRoutes) {
    router[route.method](route.id, route.path, (ctx: Context) => forward(core, route, ctx));
  }
  return router;
}

/** Methods of the fixed paths (`/todos/search`), which `/todos/:id` would otherwise also match. */
const FIXED_PATHS = new Map<string, string[]>();
for (const route of forwardedRoutes) {
  if (route.path.includes(':')) continue;
  FIXED_PATHS.set(route.path, [...(FIXED_PATHS.get(route.path) ?? []), route.method.toUpperCase()]);
}

/** OPTIONS on a fixed path lists its own methods, not those of `/todos/:id` it also matches. */
export function fixedPathOptions() {
  return async (ctx: Context, next: () => Promise<unknown>) => {
    const methods = ctx.method === 'OPTIONS' && FIXED_PATHS.get(ctx.path.slice('/api'.length));
    if (!methods) return next();
    ctx.set('Allow', [...new Set([...methods, ...(methods.includes('GET') ? ['HEAD'] : [])])].join(', '));
    ctx.status = 200;
    ctx.body = '';
    return undefined;
  };
}

/** `PATCH /api/todos/search` names the search, not a todo with the id "search": 405, not 400. */
function refuseOtherMethodsOnFixedPaths(route: Route, ctx: Context): void {
  const methods = FIXED_PATHS.get(ctx.path.slice('/api'.length));
  if (!methods || route.path === ctx.path.slice('/api'.length)) return;
  throw new AppError(
    ProblemType.methodNotAllowed,
    405,
    `${ctx.method} is not allowed on ${ctx.path}`,
    undefined,
    {
      Allow: methods.join(', '),
    },
  );
}

const VERBS = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
} as const satisfies Record<Method, InvokeRequest['method']>;

async function forward(core: CoreClient, route: Route, ctx: Context): Promise<void> {
  refuseOtherMethodsOnFixedPaths(route, ctx);
  if (route.params) parseInput(route.params, ctx.params, 'params');
  if (route.query) parseInput(route.query, ctx.query, 'query');
  const body = route.body ? parseInput(route.body, ctx.request.body ?? {}, 'body') : undefined;
  const res = await core.send({
    appId: route.target ?? CORE_APP_ID,
    method: VERBS[route.method],
    path: `/v1${ctx.path.slice('/api'.length)}`,
    query: ctx.querystring,
    body,
    userId: signedInUser(ctx),
    requestId: ctx.state.requestId,
  });
  if (res.status >= 400) {
    const err = problemToError(res);
    sendProblem(ctx, problemBody(err.status, err.type, err.message, err.errors));
    return;
  }
  ctx.status = res.status;
  if (res.status === 204) return;
  // Passed on as core sent it, not parsed and written again (a pull page of 5,000 todos is ~2.5 MB).
  // An empty body would make Koa answer 204 whatever the status was (a 201 with no content).
  if (res.contentType) ctx.type = res.contentType;
  ctx.body = res.text;
}
