// Mounts routes of the public route table (packages/contracts) on the service that serves them,
// under /v1, for internal callers: each route's path, query and body are validated with its own
// schemas and handed to the handler registered under its id, typed from those same schemas.
import Router from '@koa/router';
import { routeList, type RouteSpec, type RouteTable } from '@todo/contracts';
import type { Context } from 'koa';
import type { z } from 'zod';
import { internalCaller } from './internal-auth.ts';
import type { AppState } from './server.ts';
import { parseInput } from './validate.ts';

/** A part of a request as its schema parses it, or `Else` when the route has no such part. */
type Parsed<S, K extends 'params' | 'query' | 'body', Else> = S extends {
  [P in K]: infer T extends z.ZodType;
}
  ? z.output<T>
  : Else;

/** What a route's handler receives: the caller's user and the validated path, query and body. */
export interface RouteInput<S extends RouteSpec> {
  userId: string;
  params: Parsed<S, 'params', Record<string, never>>;
  query: Parsed<S, 'query', Record<string, never>>;
  body: Parsed<S, 'body', undefined>;
}

/** What a route's handler answers: its response schema's type (or that JSON already written), or nothing. */
export type RouteResult<S extends RouteSpec> = S extends { status: 204 }
  ? void
  : S extends { response: infer R extends z.ZodType }
    ? z.input<R> | JsonText
    : void;

export type RouteHandler<S extends RouteSpec> = (input: RouteInput<S>) => Promise<RouteResult<S>>;

/** One handler per route of the table, each typed from its route: `{ createTodo: ({ body }) => … }`. */
export type RouteHandlers<T extends RouteTable> = { [K in keyof T]: RouteHandler<T[K]> };

/** A handler's answer already written as JSON: sent as it is (a pull page of 5,000 todos is ~2.5 MB). */
export class JsonText {
  constructor(readonly text: string) {}
}

export function contractRouter<T extends RouteTable>(
  routes: T,
  handlers: RouteHandlers<T>,
  internalToken: string,
): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1' });
  router.use(internalCaller(internalToken, { requireUser: true }));
  // The types end here: each handler was checked against its own route where it was written.
  const byId = handlers as unknown as Record<string, (input: ReadInput) => Promise<unknown>>;
  for (const route of routeList(routes)) {
    const handle = byId[route.id];
    if (!handle) throw new Error(`no handler for: ${route.id}`);
    router[route.method](route.id, route.path, async (ctx: Context) => {
      const result = await handle(await readInput(route, ctx));
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

interface ReadInput {
  userId: string;
  params: unknown;
  query: unknown;
  body: unknown;
}

async function readInput(route: RouteSpec, ctx: Context): Promise<ReadInput> {
  return {
    userId: ctx.state.userId as string,
    params: route.params ? parseInput(route.params, ctx.params, 'params') : {},
    query: route.query ? parseInput(route.query, ctx.query, 'query') : {},
    body: route.body ? parseInput(route.body, ctx.request.body ?? {}, 'body') : undefined,
  };
}
