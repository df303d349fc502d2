// What every Dapr adapter shares: the sidecar's address, the DAPR_API_TOKEN sent on every call to it,
// a bounded wait for it at start, and the APP_API_TOKEN check on every call it makes to the app.
import { ProblemType } from '@todo/contracts';
import type { Context, Next } from 'koa';
import { AppError } from '../errors.ts';
import { sameToken } from '../http/internal-auth.ts';

export interface SidecarOptions {
  /** The sidecar's HTTP port (DAPR_HTTP_PORT). Default 3500. */
  httpPort?: number;
  host?: string;
  /** Sent as `dapr-api-token` on every call when the sidecar requires one (DAPR_API_TOKEN). */
  apiToken?: string | undefined;
}

/** The HTTP API of this process's own sidecar. */
export class DaprSidecar {
  readonly baseUrl: string;

  constructor(private readonly options: SidecarOptions = {}) {
    this.baseUrl = `http://${options.host ?? '127.0.0.1'}:${options.httpPort ?? 3500}`;
  }

  /** A call to the sidecar with its token, bounded by `timeoutMs`; a network error or timeout rejects. */
  fetch(path: string, init: RequestInit & { timeoutMs: number }): Promise<Response> {
    const { timeoutMs, headers, ...rest } = init;
    return fetch(`${this.baseUrl}${path}`, {
      ...rest,
      headers: {
        ...(this.options.apiToken ? { 'dapr-api-token': this.options.apiToken } : {}),
        ...(headers as Record<string, string> | undefined),
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  /**
   * Resolves once the sidecar's components are loaded (`/v1.0/healthz/outbound` answers 204, which it
   * does before the app is up); after `timeoutMs` rejects naming what it waited for and the last answer.
   */
  async waitUntilReady(timeoutMs: number, intervalMs = 250): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      try {
        const res = await this.fetch('/v1.0/healthz/outbound', { timeoutMs: 2000 });
        await res.body?.cancel();
        if (res.status === 204 || res.status === 200) return;
        last = `it answered ${res.status}`;
      } catch (err) {
        last = describe(err);
      }
      if (Date.now() + intervalMs > deadline) {
        throw new Error(
          `The Dapr sidecar at ${this.baseUrl} was not ready within ${Math.round(timeoutMs / 1000)} s ` +
            `(waited for GET /v1.0/healthz/outbound to answer 204; ${last}). Is daprd running with ` +
            `--dapr-http-port ${new URL(this.baseUrl).port} (DAPR_HTTP_PORT), and did its components load?`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** A fetch failure's cause (ECONNREFUSED, a timeout) rather than undici's bare "fetch failed". */
export function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'it did not answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

/** Paths the platform serves to probes and scrapers, which never come through the sidecar. */
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Koa middleware admitting only calls from the sidecar: each carries Dapr's APP_API_TOKEN as
 * `dapr-api-token` (compared in constant time). Invocations, subscriptions and bindings all do.
 */
export function requireAppApiToken(token: string) {
  return async function appApiToken(ctx: Context, next: Next): Promise<void> {
    if (!OPEN_PATHS.has(ctx.path) && !sameToken(ctx.get('dapr-api-token'), token)) {
      throw new AppError(
        ProblemType.unauthorized,
        401,
        'Only the Dapr sidecar may call this app: dapr-api-token is missing or wrong',
      );
    }
    await next();
  };
}
