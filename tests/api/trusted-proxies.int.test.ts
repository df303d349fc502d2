// X-Forwarded-* count only from configured proxies (TRUSTED_PROXIES): a client cannot pick its own
// address to dodge the per-IP limits, nor its own protocol.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let direct: TestStack;
let proxied: TestStack;
beforeAll(async () => {
  direct = await startStack({ REGISTRATIONS_PER_MINUTE: '3', LOGIN_ATTEMPTS_PER_MINUTE: '5' });
  // The suite's requests come from loopback: here loopback is the ingress.
  proxied = await startStack({ LOGIN_ATTEMPTS_PER_MINUTE: '5', TRUSTED_PROXIES: '127.0.0.1,::1' });
});
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
});

const login = (base: string, headers: Record<string, string>) =>
  new ApiClient(base).post(
    '/api/auth/login',
    { email: `${randomUUID()}@example.test`, password: 'wrong password' },
    { headers },
  );

describe('proxy headers from anyone', () => {
  it('do not change the address sign-ins are counted by', async () => {
    const statuses = [];
    for (let i = 1; i <= 6; i++) {
      statuses.push((await login(direct.url, { 'x-forwarded-for': `198.51.100.${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('do not make a plain HTTP request pass for HTTPS', async () => {
    const res = await new ApiClient(direct.url).post(
      '/api/auth/register',
      { email: `${randomUUID()}@example.test`, password: 'correct horse battery' },
      { headers: { 'x-forwarded-proto': 'https' } },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).not.toMatch(/secure/i);
  });

  it('do not change the address registrations are counted by (3 a minute, one used above)', async () => {
    const statuses = [];
    for (let i = 1; i <= 3; i++) {
      const res = await new ApiClient(direct.url).post(
        '/api/auth/register',
        { email: `${randomUUID()}@example.test`, password: 'correct horse battery' },
        { headers: { 'x-forwarded-for': `198.51.100.${i}` } },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 429]);
  });
});

describe('proxy headers from a trusted proxy', () => {
  it('count each client by the address the proxy saw, not one the client wrote', async () => {
    const client = '203.0.113.7';
    for (let i = 0; i < 5; i++) {
      // A client's own entry left of the proxy's is not believed either.
      const res = await login(proxied.url, { 'x-forwarded-for': `10.9.9.${i}, ${client}` });
      expect(res.status).toBe(401);
    }
    expect((await login(proxied.url, { 'x-forwarded-for': client })).status).toBe(429);
    expect((await login(proxied.url, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(401);
  });

  it('say the request came over HTTPS', async () => {
    const res = await new ApiClient(proxied.url).post(
      '/api/auth/register',
      { email: `${randomUUID()}@example.test`, password: 'correct horse battery' },
      { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*secure/i);
  });
});
