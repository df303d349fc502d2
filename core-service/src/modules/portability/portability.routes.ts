// Internal only: the bff's portability routes (bff/src/modules/portability) call these. The feed route
// takes no user: the token names the person, and only the bff (with the internal token) may ask.
import Router from '@koa/router';
import { CoreImportBody } from '@todo/contracts';
import { internalCaller, parseInput, type AppState } from '@todo/platform';
import { z } from 'zod';
import type { PortabilityService } from './portability.service.ts';

/** Where the bff sends an import: core-service's upload path (a larger body limit, see app.ts). */
export const IMPORT_PATH = '/internal/portability/import';

const FeedParams = z.object({ token: z.string().max(100) });

export function portabilityRouter(portability: PortabilityService, internalToken: string): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/internal/portability' });
  router.use(internalCaller(internalToken, { requireUser: true }));
  const user = (ctx: { state: AppState }) => (ctx.state as AppState & { userId: string }).userId;
  router.get('/export', async (ctx) => {
    ctx.body = await portability.export(user(ctx));
  });
  router.post('/import', async (ctx) => {
    ctx.body = await portability.import(user(ctx), parseInput(CoreImportBody, ctx.request.body, 'body'));
  });
  router.get('/calendar', async (ctx) => {
    ctx.body = await portability.calendarToken(user(ctx));
  });
  router.delete('/calendar', async (ctx) => {
    await portability.revokeCalendar(user(ctx));
    ctx.status = 204;
  });
  return router;
}

export function calendarFeedRouter(portability: PortabilityService, internalToken: string): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/internal/calendar-feeds' });
  router.use(internalCaller(internalToken, { requireUser: false }));
  router.get('/:token', async (ctx) => {
    const { token } = parseInput(FeedParams, ctx.params, 'params');
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.body = await portability.calendarFeed(token);
  });
  return router;
}
