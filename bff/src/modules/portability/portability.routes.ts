// Export, import and the calendar feed (API.md "portability"; docs/portability.md). The bff answers these
// itself: an import may be a CSV file (read here as text, within IMPORT_LIMITS.bytes, and handed to
// core-service as a string), and only the bff knows the origin a feed URL starts with. The feed has no
// session (calendar apps fetch it): its token is the credential, and it is rate limited per client.
import Router from '@koa/router';
import {
  calendarFeedPath,
  ImportDocument,
  ImportQuery,
  type CoreImportBody,
  type ImportResult,
} from '@todo/contracts';
import { AppError, notFound, parseInput, problemBody, sendProblem, type AppState } from '@todo/platform';
import type { Context } from 'koa';
import { problemToError, type CoreClient } from '../../http/core-client.ts';
import { requireSession, signedInUser } from '../auth/auth.routes.ts';
import type { AttemptLimiter } from '../auth/rate-limit.ts';
import type { Sessions } from '../auth/sessions.ts';

export const IMPORT_UPLOAD_PATH = '/api/import';
/** How long the bff waits for core-service to finish an import. */
const IMPORT_TIMEOUT_MS = 120_000;

export function portabilityRouter(core: CoreClient, sessions: Sessions): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.use(requireSession(sessions));
  router.get('exportData', '/export', async (ctx) => {
    const res = await core.send({ method: 'GET', path: '/internal/portability/export', ...caller(ctx) });
    if (passProblem(ctx, res)) return;
    const day = new Date().toISOString().slice(0, 10);
    ctx.set('Content-Disposition', `attachment; filename="todos-${day}.json"`);
    ctx.type = 'application/json';
    ctx.body = res.text;
  });
  router.post('importData', '/import', async (ctx) => {
    const query = parseInput(ImportQuery, ctx.query, 'query');
    const body: CoreImportBody = ctx.is('text/csv')
      ? { format: 'todoist-csv', csv: String(ctx.request.body ?? ''), ...query }
      : { format: 'json', document: readDocument(ctx.request.body) };
    ctx.body = await core.call<ImportResult>({
      method: 'POST',
      path: '/internal/portability/import',
      body,
      // 10,000 todos take seconds, not the milliseconds of other calls (docs/portability.md).
      timeoutMs: IMPORT_TIMEOUT_MS,
      ...caller(ctx),
    });
  });
  router.get('getCalendarFeed', '/calendar', async (ctx) => {
    const { token } = await core.call<{ token: string }>({
      method: 'GET',
      path: '/internal/portability/calendar',
      ...caller(ctx),
    });
    // Koa 3's ctx.origin echoes the Origin header: the app's own origin is protocol and host (proxy-aware).
    ctx.body = { url: `${ctx.protocol}://${ctx.host}${calendarFeedPath(token)}` };
  });
  router.delete('revokeCalendarFeed', '/calendar', async (ctx) => {
    await core.call({ method: 'DELETE', path: '/internal/portability/calendar', ...caller(ctx) });
    ctx.status = 204;
  });
  return router;
}

/** GET /api/calendar/feeds/{token}.ics, for calendar apps: no cookie, no session. */
export function calendarFeedRouter(core: CoreClient, limiter: AttemptLimiter): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/calendar/feeds' });
  router.get('calendarFeed', '/:file', async (ctx) => {
    await limiter.consume([`feed-ip:${ctx.ip}`]);
    const file = String(ctx.params.file);
    if (!file.endsWith('.ics') || file.length > 100) throw notFound('Calendar feed');
    const token = encodeURIComponent(file.slice(0, -'.ics'.length));
    const res = await core.send({
      method: 'GET',
      path: `/internal/calendar-feeds/${token}`,
      requestId: ctx.state.requestId,
    });
    if (passProblem(ctx, res)) return;
    ctx.set('Cache-Control', 'private, max-age=300');
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.body = res.text;
  });
  return router;
}

/** JSON that is not an export this server reads (another version, too many todos): 422, not 400. */
function readDocument(body: unknown): ImportDocument {
  try {
    return parseInput(ImportDocument, body ?? {}, 'body');
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw new AppError(
      err.type,
      422,
      `The file is not an export this app can import: ${err.message}`,
      err.errors,
    );
  }
}

const caller = (ctx: Context) => ({ userId: signedInUser(ctx), requestId: ctx.state.requestId as string });

function passProblem(ctx: Context, res: { status: number }): boolean {
  if (res.status < 400) return false;
  const err = problemToError(res as Parameters<typeof problemToError>[0]);
  sendProblem(ctx, problemBody(err.status, err.type, err.message, err.errors));
  return true;
}
