// Internal only (not in the public API): the bff creates accounts and looks up credentials here.
import Router from '@koa/router';
import { CreateUserBody, Id, LookupUserBody } from '@todo/contracts';
import { internalCaller, parseInput, type AppState } from '@todo/platform';
import { z } from 'zod';
import type { CoreHandlers } from '../../http/handlers.ts';
import type { UsersService } from './users.service.ts';

/**
 * Built once: zod 4 compiles an object schema's parser the first time it is used, so a schema made per
 * request was compiled per request (issue 14's profile of GET /api/auth/me).
 */
const UserParams = z.object({ id: Id });

export function usersRouter(users: UsersService, internalToken: string): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/internal/users' });
  router.use(internalCaller(internalToken, { requireUser: false }));
  router.post('/', async (ctx) => {
    ctx.status = 201;
    ctx.body = await users.create(parseInput(CreateUserBody, ctx.request.body, 'body'));
  });
  router.post('/lookup', async (ctx) => {
    ctx.body = await users.credentials(parseInput(LookupUserBody, ctx.request.body, 'body').email);
  });
  router.get('/:id', async (ctx) => {
    ctx.body = await users.get(parseInput(UserParams, ctx.params, 'params').id);
  });
  return router;
}

export function settingsHandlers(users: UsersService) {
  return {
    getSettings: ({ userId }) => users.settings(userId),
    updateSettings: ({ userId, body }) => users.updateSettings(userId, body),
  } satisfies Partial<CoreHandlers>;
}
