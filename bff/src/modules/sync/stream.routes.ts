// GET /api/sync/stream: server-sent events for the signed-in person. The client pulls on `ready`
// (so a reconnect resumes) and on every `change`.
import { PassThrough } from 'node:stream';
import Router from '@koa/router';
import { parseInput, type AppState } from '@todo/platform';
import { z } from 'zod';
import { requireSession } from '../auth/auth.routes.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { StreamHub } from './stream-hub.ts';

const StreamQuery = z.object({ clientId: z.string().max(64).optional() });

export function streamRouter(hub: StreamHub, sessions: Sessions): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/sync' });
  router.get('/stream', requireSession(sessions), (ctx) => {
    const { clientId } = parseInput(StreamQuery, ctx.query, 'query');
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.req.socket.setKeepAlive(true);
    ctx.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    const out = new PassThrough();
    const remove = hub.add(ctx.state.userId as string, clientId, out);
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
