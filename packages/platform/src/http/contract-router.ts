// Mounts routes of the public route table (packages/contracts) on the service that serves them,
// under /v1, for internal callers: each route's path, query and body are validated with its own
// schemas and handed to the handler registered under its id.
import Router from '@koa/router';
import type { RouteSpec } from '@todo/contracts';
import type { Context } from 'koa';
import { internalCaller } from './internal-auth.ts';
import type { AppState } from './server.ts';
import { parseInput } from './validate.ts';

export interface HandlerInput {
  userId: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** A handler's answer already written as JSON: sent as it is (a pull page of 5,000 todos is ~2.5 MB). */
export class JsonText {
  constructor(readonly text: string) {}
}

export type Handler = (input: HandlerInput) => Promise<unknown>;
export type Handlers = Record<string, Handler>;

export function contractRouter(
  routes: RouteSpec[],
  handlers: Handlers,
  internalToken: string,
): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1' });
  router.use(internalCaller(internalToken, { requireUser: true }));
  const missing = routes.filter((r) => !handlers[r.id]).map((r) => r.id);
  if (missing.length > 0) throw new Error(`no handler for: ${missing.join(', ')}`);
  for (const route of routes) {
    router[route.method](route.id, route.path, async (ctx: Context) => {
      const input = await readInput(route, ctx);
      const result = await handlers[route.id]!(input);
      ctx.status = route.status;
      if (route.status === 204) return;
      if (result instanceof JsonText) {
        ctx.type = 'application/json';
        ctx.body = result.text;
        return;
      }
      // An undefined body would make Koa answer 204 whatever the route's status is.
      ctx.body = result ?? '';
    });
  }
  return router;
}

async function readInput(route: RouteSpec, ctx: Context): Promise<HandlerInput> {
  return {
    userId: ctx.state.userId as string,
    params: (route.params ? parseInput(route.params, ctx.params, 'params') : {}) as Record<string, string>,
    query: (route.query ? parseInput(route.query, ctx.query, 'query') : {}) as Record<string, unknown>,
    body: route.body ? parseInput(route.body, ctx.request.body ?? {}, 'body') : undefined,
  };
}
