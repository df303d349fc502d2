// CSRF defence (API.md): a state-changing request from another site is refused. Browsers send Origin
// and Sec-Fetch-Site; requests without them (non-browser clients) are judged by their cookie alone.
import { forbidden } from '@todo/platform';
import type { Context, Next } from 'koa';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originCheck(allowedOrigins: string[]) {
  const allowed = new Set(allowedOrigins);
  return async function sameOrigin(ctx: Context, next: Next): Promise<void> {
    if (!SAFE.has(ctx.method)) {
      const origin = ctx.get('origin');
      // Koa 3's ctx.origin echoes the Origin header; the app's own origin is protocol and host.
      const own = `${ctx.protocol}://${ctx.host}`;
      if (ctx.get('sec-fetch-site') === 'cross-site' && !allowed.has(origin)) {
        throw forbidden('Cross-site requests may not change data');
      }
      if (origin && origin !== 'null' && origin !== own && !allowed.has(origin)) {
        throw forbidden(`Requests from ${origin} may not change data`);
      }
      if (origin === 'null') throw forbidden('Requests from an opaque origin may not change data');
    }
    await next();
  };
}
