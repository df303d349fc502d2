// X-Forwarded-For, -Proto and -Host say who the client is and how it connected, but anyone can send
// them: they count only when the connection comes from a configured proxy (TRUSTED_PROXIES). From
// anyone else they are removed before Koa reads them, so rate limits, the Secure cookie flag and the
// CSRF origin check see the real peer.
import type { Context, Next } from 'koa';
import proxyaddr from 'proxy-addr';
import { envList } from '../config.ts';

const FORWARDED = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded'];

/**
 * TRUSTED_PROXIES: comma-separated addresses and CIDRs (`10.0.0.0/8`, `::1`), or proxy-addr's names
 * `loopback`, `linklocal`, `uniquelocal`; empty (the default) trusts no one.
 */
export const TrustedProxiesSetting = envList().superRefine((list, ctx) => {
  for (const entry of list) {
    try {
      proxyaddr.compile(entry);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${entry} is not an address, CIDR or proxy-addr name` });
    }
  }
});

export function trustedProxies(list: string[]) {
  const trust = proxyaddr.compile(list);
  return async function forwardedHeaders(ctx: Context, next: Next): Promise<void> {
    const peer = ctx.req.socket.remoteAddress ?? '';
    if (list.length > 0 && trust(peer, 0)) {
      // The nearest address no trusted proxy vouches for: a client's own X-Forwarded-For entries,
      // left of what the proxies appended, are not believed either.
      ctx.request.ip = proxyaddr(ctx.req, trust);
    } else {
      for (const header of FORWARDED) delete ctx.req.headers[header];
    }
    await next();
  };
}
