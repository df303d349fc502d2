// Only the bff and the worker may call core-service (and the bff the worker): they present the shared internal token (Dapr's
// app API token in a cluster) and name the person they act for.
import { timingSafeEqual } from 'node:crypto';
import { INTERNAL_TOKEN_HEADER, ProblemType, USER_ID_HEADER } from '@todo/contracts';
import { AppError, unauthorized } from '../errors.ts';
import type { Context, Next } from 'koa';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Compares a presented token with the expected one in constant time (for equal lengths). */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function internalCaller(token: string, options: { requireUser: boolean }) {
  return async function internal(ctx: Context, next: Next): Promise<void> {
    if (!sameToken(ctx.get(INTERNAL_TOKEN_HEADER), token)) {
      throw unauthorized('This is an internal API: the caller must present the internal token');
    }
    if (options.requireUser) {
      const userId = ctx.get(USER_ID_HEADER);
      if (!UUID.test(userId))
        throw new AppError(ProblemType.validation, 400, `${USER_ID_HEADER} must be a user id`);
      ctx.state.userId = userId.toLowerCase();
    }
    await next();
  };
}
