// Register, sign in, sign out, who am I. Passwords are hashed with argon2id here; core-service keeps
// only the hash. The session cookie is HttpOnly, SameSite=Lax, and Secure over HTTPS.
import Router from '@koa/router';
import { hash, verify } from '@node-rs/argon2';
import { LoginBody, ProblemType, RegisterBody, type User, type UserCredentials } from '@todo/contracts';
import { AppError, parseInput, unauthorized, type AppState } from '@todo/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import type { CoreClient } from '../../http/core-client.ts';
import type { AttemptLimiter } from './rate-limit.ts';
import type { SignInGuard } from './sign-in-guard.ts';
import type { Sessions } from './sessions.ts';

export const SESSION_COOKIE = 'todo_session';

export interface AuthDeps {
  core: CoreClient;
  sessions: Sessions;
  guard: SignInGuard;
  registrations: AttemptLimiter;
  /** Called with a session's key when it signs out (its realtime streams end). */
  onSignOut?: (sessionKey: string) => void;
  sessionTtlSeconds: number;
  cookieSecure: boolean;
}

/** A hash of a password no one has, checked when the account does not exist, so both cases take as long. */
const decoyHash = hash('decoy password that matches nothing');

export function authRouter(deps: AuthDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/auth' });

  router.post('/register', async (ctx) => {
    const body = parseInput(RegisterBody, ctx.request.body, 'body');
    await deps.registrations.consume([`register-ip:${ctx.ip}`]);
    const fields = {
      email: body.email,
      name: body.name ?? body.email.split('@')[0]!,
      timeZone: body.timeZone ?? 'UTC',
    };
    const user = await deps.core
      .call<User>({
        method: 'POST',
        path: '/internal/users',
        body: { ...fields, passwordHash: await hash(body.password) },
        requestId: ctx.state.requestId,
      })
      .catch((err: unknown) => {
        if (err instanceof AppError && err.status === 409) return undefined;
        throw err;
      });
    ctx.status = 201;
    if (user) {
      await startSession(ctx, deps, user.id);
      ctx.body = { user };
      return;
    }
    // The email has an account: answered as a new one would be (same status, shape and cookie), so
    // registration cannot tell who has an account. The cookie opens nothing, and nothing is sent.
    const dead = randomBytes(32).toString('base64url');
    ctx.cookies.set(SESSION_COOKIE, dead, cookieOptions(ctx, deps, deps.sessionTtlSeconds * 1000));
    ctx.body = { user: { id: randomUUID(), ...fields } };
  });

  router.post('/login', async (ctx) => {
    const body = parseInput(LoginBody, ctx.request.body, 'body');
    await deps.guard.admit(body.email, ctx.ip);
    const found = await deps.core
      .call<UserCredentials>({ method: 'POST', path: '/internal/users/lookup', body: { email: body.email } })
      .catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) return undefined;
        throw err;
      });
    const ok = await verify(found?.passwordHash ?? (await decoyHash), body.password);
    if (!found || !ok) {
      await deps.guard.failed(body.email, ctx.ip);
      throw new AppError(ProblemType.badCredentials, 401, 'The email or password is wrong');
    }
    await deps.guard.succeeded(body.email, ctx.ip);
    const { passwordHash: _hash, ...user } = found;
    await startSession(ctx, deps, user.id);
    ctx.body = { user };
  });

  router.post('/logout', async (ctx) => {
    const token = ctx.cookies.get(SESSION_COOKIE);
    await deps.sessions.destroy(token);
    // This pod's streams of the session end now; other pods' at their next heartbeat (sessionAlive).
    if (token) deps.onSignOut?.(deps.sessions.keyOf(token));
    ctx.cookies.set(SESSION_COOKIE, null, cookieOptions(ctx, deps, 0));
    ctx.status = 204;
  });

  router.get('/me', async (ctx) => {
    const session = await deps.sessions.get(ctx.cookies.get(SESSION_COOKIE));
    if (!session) throw unauthorized();
    const user = await deps.core
      .call<User>({ method: 'GET', path: `/internal/users/${session.userId}` })
      .catch((err: unknown) => {
        throw err instanceof AppError && err.status === 404 ? unauthorized() : err;
      });
    ctx.body = { user };
  });

  return router;
}

async function startSession(ctx: Context, deps: AuthDeps, userId: string): Promise<void> {
  await deps.sessions.destroy(ctx.cookies.get(SESSION_COOKIE));
  const token = await deps.sessions.create(userId);
  ctx.cookies.set(SESSION_COOKIE, token, cookieOptions(ctx, deps, deps.sessionTtlSeconds * 1000));
}

function cookieOptions(ctx: Context, deps: AuthDeps, maxAge: number) {
  const secure = deps.cookieSecure || ctx.secure;
  if (secure) ctx.cookies.secure = true;
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge, overwrite: true };
}

/** The signed-in person's id, which requireSession put on the context. */
export function signedInUser(ctx: Context): string {
  const userId: unknown = ctx.state.userId;
  if (typeof userId !== 'string') throw unauthorized();
  return userId;
}

/** The store key of the request's session, which requireSession put on the context. */
export function signedInSession(ctx: Context): string {
  const key: unknown = ctx.state.sessionKey;
  if (typeof key !== 'string') throw unauthorized();
  return key;
}

/** Puts the signed-in person's id (and its session's key) on ctx.state, or answers 401. */
export function requireSession(sessions: Sessions) {
  return async (ctx: Context, next: () => Promise<unknown>) => {
    const token = ctx.cookies.get(SESSION_COOKIE);
    const session = await sessions.get(token);
    if (!session) throw unauthorized();
    ctx.state.userId = session.userId;
    ctx.state.sessionKey = sessions.keyOf(token!);
    await next();
  };
}
