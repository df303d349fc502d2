// The public resource API: for every forwarded route of the contract table, check the session, validate
// path, query and body with the route's own schemas, and forward to the service that serves it.
import Router from '@koa/router';
import { CORE_APP_ID, forwardedRoutes, type RouteSpec } from '@todo/contracts';
import { parseInput, sendProblem, problemBody, type AppState } from '@todo/platform';
import type { Context } from 'koa';
import type { CoreClient } from '../../http/core-client.ts';
import { problemToError } from '../../http/core-client.ts';
import type { Sessions } from '../auth/sessions.ts';
import { requireSession } from '../auth/auth.routes.ts';

export function apiRouter(core: CoreClient, sessions: Sessions): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.use(requireSession(sessions));
  for (const route of forwardedRoutes) {
    router[route.method](route.id, route.path, (ctx: Context) => forward(core, route, ctx));
  }
  return router;
}

async function forward(core: CoreClient, route: RouteSpec, ctx: Context): Promise<void> {
  if (route.params) parseInput(route.params, ctx.params, 'params');
  if (route.query) parseInput(route.query, ctx.query, 'query');
  const body = route.body ? parseInput(route.body, ctx.request.body ?? {}, 'body') : undefined;
  const res = await core.send({
    appId: route.target ?? CORE_APP_ID,
    method: route.method.toUpperCase() as 'GET',
    path: `/v1${ctx.path.slice('/api'.length)}`,
    query: ctx.querystring,
    body,
    userId: ctx.state.userId as string,
    requestId: ctx.state.requestId,
  });
  if (res.status >= 400) {
    const err = problemToError(res);
    sendProblem(ctx, problemBody(err.status, err.type, err.message, err.errors));
    return;
  }
  ctx.status = res.status;
  // An empty body would make Koa answer 204 whatever the status was (a 201 with no content).
  if (res.status !== 204) ctx.body = res.body ?? '';
}
