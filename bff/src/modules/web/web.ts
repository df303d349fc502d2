// Serves the built PWA: files as they are, and index.html for client-side routes (never for /api).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Context, Next } from 'koa';
import send from 'koa-send';

export function pwa(root: string) {
  const dir = path.resolve(root);
  const hasApp = existsSync(path.join(dir, 'index.html'));
  return async function serveApp(ctx: Context, next: Next): Promise<void> {
    if (
      (ctx.method !== 'GET' && ctx.method !== 'HEAD') ||
      ctx.path.startsWith('/api/') ||
      ctx.path === '/api'
    ) {
      return next();
    }
    if (!hasApp) return next();
    const file = ctx.path === '/' ? 'index.html' : ctx.path.slice(1);
    const immutable = file.startsWith('assets/');
    try {
      await send(ctx, file, {
        root: dir,
        immutable,
        maxage: immutable ? 31_536_000_000 : 0,
        setHeaders: (res, p) => {
          if (!immutable || p.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
        },
      });
      return;
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    if (path.extname(ctx.path) === '' && ctx.accepts('html')) {
      await send(ctx, 'index.html', {
        root: dir,
        setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
      });
      return;
    }
    await next();
  };
}
