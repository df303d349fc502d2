// Sessions over one StateStore shared by two bff replicas (Dapr's Redis in a cluster): each reads the
// store on every request unless SESSION_CACHE_MS lets it keep what it read, and then a sign-out
// through the other replica reaches it only once its copy lapses.
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryStateStore } from '@todo/platform';
import { describe, expect, it } from 'vitest';
import { Sessions } from './sessions.ts';

/** A store that counts its reads. */
function countingStore() {
  const store = new MemoryStateStore();
  const counted = { reads: 0 };
  const get = store.get.bind(store);
  store.get = (key) => (counted.reads++, get(key));
  return { store, counted };
}

describe('Sessions', () => {
  it('reads the store on every request by default, so a sign-out elsewhere counts at once', async () => {
    const { store, counted } = countingStore();
    const [here, there] = [new Sessions(store, 3600), new Sessions(store, 3600)];
    const token = await there.create('u-1');
    expect(await here.get(token)).toMatchObject({ userId: 'u-1' });
    expect(await here.get(token)).toMatchObject({ userId: 'u-1' });
    expect(counted.reads).toBe(2);
    await there.destroy(token);
    expect(await here.get(token)).toBeUndefined();
  });

  it('with a cache, reads once for a burst, forgets at once what it signs out, and re-reads after', async () => {
    const { store, counted } = countingStore();
    const [here, there] = [new Sessions(store, 3600, 100), new Sessions(store, 3600, 100)];
    // Not found is not kept: a session made meanwhile is found at its first use.
    expect(await here.get('not-yet')).toBeUndefined();
    const token = await there.create('u-1');
    for (let i = 0; i < 5; i++) expect(await here.get(token)).toMatchObject({ userId: 'u-1' });
    expect(counted.reads).toBe(2);

    // Signed out through the other replica: here, only once the copy lapses.
    await there.destroy(token);
    expect(await here.get(token)).toMatchObject({ userId: 'u-1' });
    await sleep(150);
    expect(await here.get(token)).toBeUndefined();

    // Signed out through this one: at once.
    const other = await here.create('u-2');
    expect(await here.get(other)).toMatchObject({ userId: 'u-2' });
    await here.destroy(other);
    expect(await here.get(other)).toBeUndefined();
    // Streams ask the store itself.
    expect(await here.alive(here.keyOf(other))).toBe(false);
  });
});
