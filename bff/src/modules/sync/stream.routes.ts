// GET /api/sync/stream: server-sent events for the signed-in person. The client pulls on `ready`
// (so a reconnect resumes) and on every `change`.
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import { streamRoutes } from '@todo/contracts';
import { parseInput, type AppState } from '@todo/platform';
import { requireSession, signedInSession, signedInUser } from '../auth/auth.routes.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { StreamHub } from './stream-hub.ts';

export function streamRouter(hub: StreamHub, sessions: Sessions): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/sync' });
  router.get('/stream', requireSession(sessions), (ctx) => {
    const { clientId } = parseInput(streamRoutes.syncStream.query, ctx.query, 'query');
    const out = new PassThrough();
    const socket = ctx.req.socket;
    // Refused (429) before anything about the stream is set, beyond the person's cap.
    const remove = hub.add(signedInUser(ctx), clientId, out, signedInSession(ctx), () => socket.destroy());
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.req.socket.setKeepAlive(true);
    ctx.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    ctx.req.once('close', () => {
      remove();
      out.end();
    });
    ctx.status = 200;
    ctx.body = out;
    out.write('retry: 2000\n\nevent: ready\ndata: {}\n\n');
  });
  return router;
}
