// Nobody can lock an account out: wrong passwords are counted per account and IP pair (that pair gets
// 429), the account as a whole only slows down, and its owner's correct password from an address of
// their own still gets in. Registration does not tell whether an email has an account.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  // Loopback is the trusted ingress here, so each request can come from its own address.
  stack = await startStack({ TRUSTED_PROXIES: 'loopback' });
});
afterAll(() => stack?.close());

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

describe('wrong passwords from many addresses', () => {
  it('do not lock the owner out: their correct password from a new address gets in, only slower', async () => {
    const { email } = await signUp(stack.url);
    for (let i = 1; i <= 10; i++) {
      const wrong = await new ApiClient(stack.url).post(
        '/api/auth/login',
        { email, password: `guess ${i}` },
        from(`198.51.100.${i}`),
      );
      expect(wrong.status).toBe(401);
    }
    const started = Date.now();
    const owner = await new ApiClient(stack.url).post(
      '/api/auth/login',
      { email, password: 'correct horse battery' },
      from('203.0.113.50'),
    );
    expect(owner.status, owner.text).toBe(200);
    // Slowed down (ten failures on the account), not refused.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('stop one guessing address at its tenth failure, and only that address', async () => {
    const { email } = await signUp(stack.url);
    const guesser = '198.51.100.77';
    for (let i = 1; i <= 10; i++) {
      const wrong = await new ApiClient(stack.url).post(
        '/api/auth/login',
        { email, password: `guess ${i}` },
        from(guesser),
      );
      expect(wrong.status).toBe(401);
    }
    const refused = await new ApiClient(stack.url).post(
      '/api/auth/login',
      { email, password: 'correct horse battery' },
      from(guesser),
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const owner = await new ApiClient(stack.url).post(
      '/api/auth/login',
      { email, password: 'correct horse battery' },
      from('203.0.113.51'),
    );
    expect(owner.status).toBe(200);
  });
});

describe('registration', () => {
  it('answers for an email that has an account as for a new one, and changes nothing', async () => {
    const { email, user } = await signUp(stack.url);
    const fresh = await new ApiClient(stack.url).post(
      '/api/auth/register',
      { email: `${randomUUID()}@example.test`, password: 'another password' },
      from('203.0.113.60'),
    );
    const taken = new ApiClient(stack.url);
    const again = await taken.post(
      '/api/auth/register',
      { email: email.toUpperCase(), password: 'another password' },
      from('203.0.113.61'),
    );
    expect(again.status).toBe(fresh.status);
    expect(Object.keys(again.body.user).sort()).toEqual(Object.keys(fresh.body.user).sort());
    expect(again.body.user.id).not.toBe(user.id);
    expect(again.headers.get('set-cookie')).toMatch(/todo_session=[\w-]{40,}/);
    // Its cookie opens nothing, the other password does not sign in, the owner's still does.
    expect((await taken.get('/api/auth/me')).status).toBe(401);
    const other = await new ApiClient(stack.url).post(
      '/api/auth/login',
      { email, password: 'another password' },
      from('203.0.113.62'),
    );
    expect(other.status).toBe(401);
    const owner = await new ApiClient(stack.url).post(
      '/api/auth/login',
      { email, password: 'correct horse battery' },
      from('203.0.113.63'),
    );
    expect(owner.status).toBe(200);
    expect(owner.body.user.id).toBe(user.id);
  });
});
