// Unit tests of the in-memory state store that holds sessions and rate-limit counters in the
// embedded default: reads and writes, expiry on an injected clock, and isolation of stored values.
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from './state-store.ts';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-03-08T09:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('MemoryStateStore', () => {
  it('returns what was set, and nothing for a key never set', async () => {
    const store = new MemoryStateStore();

    await store.set('session:ann', { userId: 'u-1', roles: ['member'] });

    expect(await store.get('session:ann')).toEqual({ userId: 'u-1', roles: ['member'] });
    expect(await store.get('session:bob')).toBeUndefined();
  });

  it('replaces the value of a key that is set again', async () => {
    const store = new MemoryStateStore();

    await store.set('rate:1.2.3.4', 1);
    await store.set('rate:1.2.3.4', 2);

    expect(await store.get('rate:1.2.3.4')).toBe(2);
  });

  it('forgets a deleted key, and deleting an unknown key is harmless', async () => {
    const store = new MemoryStateStore();
    await store.set('session:ann', { userId: 'u-1' });
    await store.set('session:bob', { userId: 'u-2' });

    await store.delete('session:ann');
    await store.delete('session:nobody');

    expect(await store.get('session:ann')).toBeUndefined();
    expect(await store.get('session:bob')).toEqual({ userId: 'u-2' });
  });

  it('keeps a value until its time to live has passed, then forgets it', async () => {
    const clock = manualClock();
    const store = new MemoryStateStore(clock.now);
    await store.set('session:ann', { userId: 'u-1' }, 60);

    clock.advance(59_999);
    expect(await store.get('session:ann')).toEqual({ userId: 'u-1' });

    clock.advance(1);
    expect(await store.get('session:ann')).toBeUndefined();

    // Expired means gone: moving the clock back does not bring it back.
    clock.advance(-30_000);
    expect(await store.get('session:ann')).toBeUndefined();
  });

  it('keeps a value without a time to live indefinitely', async () => {
    const clock = manualClock();
    const store = new MemoryStateStore(clock.now);
    await store.set('vapid:keys', { publicKey: 'BAbc' });

    clock.advance(10 * 365 * 24 * 60 * 60 * 1000);

    expect(await store.get('vapid:keys')).toEqual({ publicKey: 'BAbc' });
  });

  it('starts the time to live again when a key is set again', async () => {
    const clock = manualClock();
    const store = new MemoryStateStore(clock.now);
    await store.set('session:ann', 'v1', 60);

    clock.advance(50_000);
    await store.set('session:ann', 'v2', 60);
    clock.advance(50_000);

    expect(await store.get('session:ann')).toBe('v2');
  });

  it('lets a key set without a time to live replace one that had one, and the other way round', async () => {
    const clock = manualClock();
    const store = new MemoryStateStore(clock.now);
    await store.set('a', 'short', 1);
    await store.set('a', 'forever');
    await store.set('b', 'forever');
    await store.set('b', 'short', 1);

    clock.advance(1_000);

    expect(await store.get('a')).toBe('forever');
    expect(await store.get('b')).toBeUndefined();
  });

  it('stores a copy: changing the object after setting it does not change what is stored', async () => {
    const store = new MemoryStateStore();
    const session = { userId: 'u-1', roles: ['member'] };
    await store.set('session:ann', session);

    session.userId = 'u-2';
    session.roles.push('admin');

    expect(await store.get('session:ann')).toEqual({ userId: 'u-1', roles: ['member'] });
  });

  it('returns a copy: changing a returned object does not change what is stored', async () => {
    const store = new MemoryStateStore();
    await store.set('session:ann', { userId: 'u-1', roles: ['member'] });

    const first = await store.get<{ userId: string; roles: string[] }>('session:ann');
    first!.userId = 'u-2';
    first!.roles.push('admin');

    expect(await store.get('session:ann')).toEqual({ userId: 'u-1', roles: ['member'] });
  });

  it('keeps dates as dates', async () => {
    const store = new MemoryStateStore();
    const expires = new Date('2026-03-09T09:00:00Z');
    await store.set('session:ann', { expires });

    const stored = await store.get<{ expires: Date }>('session:ann');

    expect(stored!.expires).toBeInstanceOf(Date);
    expect(stored!.expires.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('keeps live keys when many keys are written and older ones expire', async () => {
    const clock = manualClock();
    const store = new MemoryStateStore(clock.now);
    await store.set('session:keep', 'kept', 3600);
    for (let i = 0; i < 1500; i++) await store.set(`rate:${i}`, i, 1);

    clock.advance(2_000);
    for (let i = 1500; i < 2100; i++) await store.set(`rate:${i}`, i, 1);

    expect(await store.get('session:keep')).toBe('kept');
    expect(await store.get('rate:0')).toBeUndefined();
    expect(await store.get('rate:2099')).toBe(2099);
  });

  it('creates a key only once: the first writer wins until the key expires', async () => {
    const clock = manualClock();
    const store = new MemoryStateStore(clock.now);

    expect(await store.create('series:s-1:2026-03-09', { id: 't-1' }, 60)).toBe(true);
    expect(await store.create('series:s-1:2026-03-09', { id: 't-2' }, 60)).toBe(false);
    expect(await store.get('series:s-1:2026-03-09')).toEqual({ id: 't-1' });

    clock.advance(60_000);
    expect(await store.create('series:s-1:2026-03-09', { id: 't-3' })).toBe(true);
  });

  it('counts in a fixed window that starts with the first add and restarts when it ends', async () => {
    const clock = manualClock();
    const store = new MemoryStateStore(clock.now);
    const start = clock.now();

    expect(await store.increment('limit:ip', 1, 60)).toEqual({ count: 1, resetAt: start + 60_000 });
    clock.advance(30_000);
    expect(await store.increment('limit:ip', 2, 60)).toEqual({ count: 3, resetAt: start + 60_000 });
    clock.advance(30_000);
    expect(await store.increment('limit:ip', 1, 60)).toEqual({ count: 1, resetAt: start + 120_000 });
  });

  it('loses no increment when many run at once', async () => {
    const store = new MemoryStateStore();

    const counts = await Promise.all(Array.from({ length: 50 }, () => store.increment('limit:ip', 1, 60)));

    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });
});
