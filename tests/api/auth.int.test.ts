// Sign-up, sign-in, sessions, the cookie's flags, the cross-site rule, the sign-in rate limit, and the
// internal API that only holders of the internal token may call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  // The suite's requests come from loopback, standing in for the ingress (X-Forwarded-Proto below).
  stack = await startStack({ TRUSTED_PROXIES: 'loopback' });
});
afterAll(() => stack.close());

describe('sessions', () => {
  it('registers with a session cookie that is HttpOnly and SameSite=Lax, Secure over HTTPS (behind a trusted proxy) only', async () => {
    const api = new ApiClient(stack.url);
    const res = await api.post('/api/auth/register', {
      email: '  Ada@Example.TEST ',
      password: 'analytical engine',
      name: 'Ada',
      timeZone: 'Europe/London',
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({
      id: expect.any(String),
      email: 'ada@example.test',
      name: 'Ada',
      timeZone: 'Europe/London',
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/todo_session=[\w-]{40,}/);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(cookie).not.toMatch(/secure/i);
    const secure = await new ApiClient(stack.url).post(
      '/api/auth/login',
      { email: 'ada@example.test', password: 'analytical engine' },
      {
        headers: { 'x-forwarded-proto': 'https' },
      },
    );
    expect(secure.status).toBe(200);
    expect(secure.headers.get('set-cookie')).toMatch(/;\s*secure/i);
    const me = await api.get('/api/auth/me');
    expect(me.body.user.email).toBe('ada@example.test');
  });

  it('answers a second registration of an email, in any case, as a new one: no session, no change', async () => {
    const { email } = await signUp(stack.url);
    const api = new ApiClient(stack.url);
    const res = await api.post('/api/auth/register', {
      email: email.toUpperCase(),
      password: 'another password',
    });
    expect(res.status).toBe(201);
    expect((await api.get('/api/auth/me')).status).toBe(401);
  });

  it('signs in, signs out, and the old cookie is dead afterwards', async () => {
    const { email } = await signUp(stack.url);
    const api = new ApiClient(stack.url);
    expect((await api.post('/api/auth/login', { email, password: 'correct horse battery' })).status).toBe(
      200,
    );
    const cookie = api.cookie;
    expect((await api.get('/api/auth/me')).status).toBe(200);
    expect((await api.post('/api/auth/logout')).status).toBe(204);
    expect((await api.get('/api/auth/me')).status).toBe(401);
    const replay = new ApiClient(stack.url);
    replay.cookie = cookie;
    expect((await replay.get('/api/todos')).status).toBe(401);
  });

  it('answers a wrong password and an unknown email the same way: 401', async () => {
    const { email } = await signUp(stack.url);
    const wrong = await new ApiClient(stack.url).post('/api/auth/login', {
      email,
      password: 'wrong password',
    });
    const unknown = await new ApiClient(stack.url).post('/api/auth/login', {
      email: 'nobody@example.test',
      password: 'wrong password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.type).toBe('bad-credentials');
  });

  it('refuses short passwords and bad emails with 400', async () => {
    const api = new ApiClient(stack.url);
    const res = await api.post('/api/auth/register', { email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password']);
  });
});

describe('cross-site requests', () => {
  it('refuses state changes from a foreign Origin or a cross-site fetch with 403, allows same-origin and non-browser', async () => {
    const { client } = await signUp(stack.url);
    const foreign = await client.post(
      '/api/todos',
      { title: 'csrf' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    const crossSite = await client.post(
      '/api/todos',
      { title: 'csrf' },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);
    const sameOrigin = await client.post(
      '/api/todos',
      { title: 'fine' },
      { headers: { origin: stack.url, 'sec-fetch-site': 'same-origin' } },
    );
    expect(sameOrigin.status).toBe(201);
    expect((await client.post('/api/todos', { title: 'cli' })).status).toBe(201);
    const list = await client.get('/api/todos', { headers: { origin: 'https://evil.example' } });
    expect(list.body.items.map((t: { title: string }) => t.title).sort()).toEqual(['cli', 'fine']);
  });

  it('sends security headers with a strict CSP', async () => {
    const res = await new ApiClient(stack.url).get('/api/auth/me');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
  });
});

describe('sign-in rate limit', () => {
  it('answers the 11th attempt in a minute for one account with 429 and Retry-After', async () => {
    const own = await startStack();
    try {
      const { email } = await signUp(own.url);
      for (let i = 0; i < 10; i++) {
        const res = await new ApiClient(own.url).post('/api/auth/login', {
          email,
          password: 'wrong password',
        });
        expect(res.status).toBe(401);
      }
      const limited = await new ApiClient(own.url).post('/api/auth/login', {
        email,
        password: 'correct horse battery',
      });
      expect(limited.status).toBe(429);
      expect(limited.body.type).toBe('rate-limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });
});

describe('the internal API', () => {
  it('refuses callers without the internal token, and keeps passwords as argon2id hashes', async () => {
    const { email, user } = await signUp(stack.url);
    const core = new ApiClient(stack.coreUrl);
    expect((await core.get('/v1/todos', { headers: { 'x-user-id': user.id } })).status).toBe(401);
    expect(
      (
        await core.get('/v1/todos', {
          headers: { 'x-user-id': user.id, 'x-internal-token': 'guess-guess-guess-guess' },
        })
      ).status,
    ).toBe(401);
    const lookup = await core.post(
      '/internal/users/lookup',
      { email },
      { headers: { 'x-internal-token': stack.internalToken } },
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await core.post('/internal/users/lookup', { email })).status).toBe(401);
  });
});
