// The sync status's "waiting" count as useSyncView makes it (a count of the outbox taken at a mark, plus
// this tab's writes that count does not include): a change counts from the moment the list shows it,
// through its commit, until a count begun after the commit is the one shown; a failed write not at all.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/ids.ts';
import { mutation } from './testing/harness.ts';
import { TodoDatabase } from '../db/database.ts';
import { queuedCount } from '../db/local-tx.ts';
import { LocalWrites } from './local-writes.ts';
import { TodoMirror } from './mirror.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function device() {
  const db = new TodoDatabase(`local-writes-${uuidv7()}`);
  const mirror = new TodoMirror(db);
  await mirror.start();
  cleanups.push(async () => {
    mirror.stop();
    await db.delete();
  });
  const status = {};
  /** The last count shown, as useSyncView's query gives it. */
  let shown: { queued: number; mark: number } | null = null;
  const count = async () => {
    const mark = mirror.localWrites.mark();
    shown = { queued: await queuedCount(db), mark };
    mirror.localWrites.shown(status, mark);
  };
  const waiting = () => (shown?.queued ?? 0) + mirror.localWrites.uncounted(shown?.mark ?? null);
  return { db, mirror, count, waiting };
}

const create = (title: string) => mutation('todo.create', { id: uuidv7(), title, priority: 'low' });

describe('the changes waiting, as the status counts them', () => {
  it('counts a change from the moment the list shows it until a later count includes it', async () => {
    const { mirror, count, waiting } = await device();
    await count();
    expect(waiting()).toBe(0);

    const seen: number[] = [];
    const off = mirror.subscribe(() => seen.push(waiting()));
    const committing = mirror.commit([create('Buy milk')]);
    expect(seen).toEqual([1]); // the preview: shown before IndexedDB has it
    await committing;
    off();
    expect(waiting()).toBe(1); // committed; the count shown is still the one from before

    await count();
    expect(waiting()).toBe(1); // now in the count, no longer added
    await mirror.commit([create('Call mum')]);
    expect(waiting()).toBe(2);
    await count();
    expect(waiting()).toBe(2);
  });

  it('counts a write twice at most while a count runs beside its commit, never not at all', async () => {
    const { mirror, count, waiting } = await device();
    await count();
    const committing = mirror.commit([create('Buy milk')]);
    const counting = count(); // begun after the write: IndexedDB orders its read after the commit
    expect(waiting()).toBe(1);
    await Promise.all([committing, counting]);
    expect(waiting()).toBeGreaterThanOrEqual(1);
    expect(waiting()).toBeLessThanOrEqual(2);
    await count();
    expect(waiting()).toBe(1);
  });

  it('does not count a write that failed', () => {
    const writes = new LocalWrites();
    const failing = writes.begin();
    const kept = writes.begin();
    expect(writes.uncounted(writes.mark())).toBe(2);
    writes.failed(failing);
    writes.committed(kept);
    const mark = writes.mark();
    expect(writes.uncounted(mark - 1)).toBe(1);
    expect(writes.uncounted(mark)).toBe(0);
    writes.shown({}, mark);
    expect(writes.uncounted(null)).toBe(0);
  });

  it('keeps counting a write until every status on screen shows a count that includes it', () => {
    const writes = new LocalWrites();
    const [banner, status] = [{}, {}];
    writes.shown(banner, writes.mark());
    writes.shown(status, writes.mark());
    writes.committed(writes.begin());
    const after = writes.mark();
    writes.shown(banner, after); // the banner's count is in; the status still shows the one before
    expect(writes.uncounted(after - 1)).toBe(1);
    writes.leave(status);
    expect(writes.uncounted(after - 1)).toBe(0);
  });

  it('tells React when its writes change', () => {
    const writes = new LocalWrites();
    let calls = 0;
    const off = writes.subscribe(() => calls++);
    const before = writes.getVersion();
    writes.committed(writes.begin());
    off();
    writes.begin();
    expect(calls).toBe(2);
    expect(writes.getVersion()).toBe(before + 3);
  });
});
