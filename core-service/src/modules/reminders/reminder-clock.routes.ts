// The Dapr cron binding's entry: Dapr sends OPTIONS first, then POSTs to the binding's name on every
// tick. Callers present the Dapr app API token or the internal token.
import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import { INTERNAL_TOKEN_HEADER } from '@todo/contracts';
import { unauthorized, type AppState } from '@todo/platform';
import type { ReminderClock } from './reminder-clock.service.ts';

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function reminderClockRouter(clock: ReminderClock, tokens: string[]): Router<AppState> {
  const router = new Router<AppState>();
  router.options('/reminder-clock', (ctx) => {
    ctx.status = 200;
  });
  router.post('/reminder-clock', async (ctx) => {
    const given = [ctx.get('dapr-api-token'), ctx.get(INTERNAL_TOKEN_HEADER)].filter(Boolean);
    if (!given.some((g) => tokens.some((t) => t && same(g, t))))
      throw unauthorized('The reminder clock needs a token');
    ctx.body = { claimed: await clock.tick() };
  });
  return router;
}
