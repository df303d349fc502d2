// The sign-in and registration limits count in the StateStore they are given: two limiters over one
// store (two bff replicas over Dapr's Redis) share the allowance; the 429 says when to come back.
import { MemoryStateStore } from '@todo/platform';
import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './rate-limit.ts';

describe('AttemptLimiter', () => {
  it('refuses the attempt after the allowance with 429 and Retry-After', async () => {
    const limiter = new AttemptLimiter(new MemoryStateStore(), 'login', 3);
    for (let i = 0; i < 3; i++) await limiter.consume(['ip:1.2.3.4']);

    const refused = await limiter.consume(['ip:1.2.3.4']).catch((err: unknown) => err);

    expect(refused).toMatchObject({ status: 429, type: 'rate-limited' });
    const seconds = Number((refused as { headers: Record<string, string> }).headers['Retry-After']);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
  });

  it('counts attempts made through every replica sharing the store against one allowance', async () => {
    const shared = new MemoryStateStore();
    const replicas = [new AttemptLimiter(shared, 'login', 10), new AttemptLimiter(shared, 'login', 10)];
    for (let i = 0; i < 10; i++) await replicas[i % 2]!.consume(['account:ann@example.com']);

    await expect(replicas[0]!.consume(['account:ann@example.com'])).rejects.toMatchObject({ status: 429 });
    await expect(replicas[1]!.consume(['account:ann@example.com'])).rejects.toMatchObject({ status: 429 });
  });

  it('keeps the counts of different limits and keys apart', async () => {
    const shared = new MemoryStateStore();
    const login = new AttemptLimiter(shared, 'login', 1);
    const registration = new AttemptLimiter(shared, 'registration', 1);

    await login.consume(['ip:1.2.3.4']);
    await registration.consume(['ip:1.2.3.4']);
    await login.consume(['ip:5.6.7.8']);

    await expect(login.consume(['ip:1.2.3.4'])).rejects.toMatchObject({ status: 429 });
  });
});
