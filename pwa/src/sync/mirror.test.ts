// The in-memory list over fake-indexeddb: this tab's own sync writes are shown without reading the chunks
// back (a pulled page writing 50 or more chunks makes Dexie signal the whole store), writes from elsewhere
// (re-read by chunk, splits and deletes included) and resets still are, and a sync cycle's writes are
// shown at most every SYNC_SHOW_MS.
import 'fake-indexeddb/auto';
import type { PullResult } from '@todo/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pullAll, pushAll, type CycleHooks, type RunTx, type SyncApi } from './cycle.ts';
import { uuidv7 } from '../lib/ids.ts';
import { commitLocal, nothingWritten } from './local.ts';
import { mutation } from './testing/harness.ts';
import { ModelServer } from './testing/model-server.ts';
import { TodoDatabase } from '../db/database.ts';
import { inLocalTx } from '../db/local-tx.ts';
import { SYNC_SHOW_MS, TodoMirror } from './mirror.ts';
import type { TodoRecord } from '../db/records.ts';
import { CHUNK_MAX } from '../db/todo-chunks.ts';
import { storedTodo } from '../db/testing.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function device() {
  const db = new TodoDatabase(`mirror-${uuidv7()}`);
  const mirror = new TodoMirror(db);
  await mirror.start();
  cleanups.push(async () => {
    mirror.stop();
    await db.delete();
  });
  // As the engine runs its cycles: every write is shown through `written`.
  const run: RunTx = (work) => inLocalTx(db, work, { shownHere: true });
  const hooks: CycleHooks = { written: (w) => mirror.applyWritten(w, { sync: true }) };
  return { db, mirror, run, hooks };
}

/** A server holding `count` todos, pushed by another device. */
async function serverWith(count: number) {
  const server = new ModelServer({ exposeSeries: true });
  const other = new TodoDatabase(`mirror-other-${uuidv7()}`);
  cleanups.push(() => other.delete());
  const run: RunTx = (work) => inLocalTx(other, work);
  const creates = Array.from({ length: count }, (_, i) =>
    mutation('todo.create', { id: uuidv7(), title: `Task ${i}`, priority: 'low' }),
  );
  await run((tx) => commitLocal(tx, creates));
  await pushAll(run, server.api(), 'device-other');
  return server;
}

/** Resolves on the mirror's next announcement. */
const nextShowing = (mirror: TodoMirror) =>
  new Promise<void>((resolve) => {
    const off = mirror.subscribe(() => {
      off();
      resolve();
    });
  });

const todoRecord = (title: string) => storedTodo(title);

describe('the todo mirror', () => {
  it('shows a pull of many todos without reading the chunks back', async () => {
    const server = await serverWith(CHUNK_MAX * 60);
    const { mirror, run, hooks } = await device();
    const reload = vi.spyOn(mirror, 'reload');
    const reread = vi.spyOn(mirror as unknown as { reread: () => Promise<void> }, 'reread');
    expect(await pullAll(run, server.api(), hooks, 2000)).toBe(CHUNK_MAX * 60);
    mirror.flushSync();
    await new Promise((r) => setTimeout(r, 20));
    expect(mirror.getSnapshot().todos.size).toBe(CHUNK_MAX * 60);
    expect(reload).not.toHaveBeenCalled();
    expect(reread).not.toHaveBeenCalled();
    // 15,360 todos written and read through fake-indexeddb: seconds on a busy machine (CI runs several
    // suites at once). What this checks is that nothing is read back; the time is bench/pwa-figures.ts'.
  }, 30_000);

  it('reads back what another tab or the service worker wrote, chunk by chunk', async () => {
    const { db, mirror } = await device();
    // Another connection to the same database, as another tab or the service worker has.
    const other = new TodoDatabase(db.name);
    cleanups.unshift(async () => other.close());
    const write = async (work: Parameters<RunTx>[0]) => {
      const shown = nextShowing(mirror);
      await inLocalTx(other, work);
      await shown;
    };
    const many = Array.from({ length: 60 }, (_, i) => todoRecord(`Elsewhere ${i}`));
    await write((tx) => tx.putTodos(many)); // one chunk: read that one
    expect(mirror.getSnapshot().todos.size).toBe(60);
    const reread = vi.spyOn(mirror as unknown as { reread: (ids: string[]) => Promise<void> }, 'reread');
    await write((tx) => tx.putTodos([{ ...many[0]!, title: 'Renamed elsewhere' }]));
    expect(mirror.get(many[0]!.id)?.title).toBe('Renamed elsewhere');
    expect(reread).toHaveBeenLastCalledWith(['']);

    // The chunk splits (deleted, its todos written to its halves) while one of its todos is deleted.
    const more = Array.from({ length: CHUNK_MAX }, (_, i) => todoRecord(`More ${i}`));
    await write(async (tx) => {
      await tx.putTodos(more);
      await tx.deleteTodos([many[1]!.id]);
    });
    expect(await other.todoChunks.count()).toBeGreaterThan(1);
    expect(reread.mock.lastCall![0]).toContain('');
    expect(mirror.getSnapshot().todos.size).toBe(60 + CHUNK_MAX - 1);
    expect(mirror.get(many[1]!.id)).toBeUndefined();
    expect(mirror.get(more[0]!.id)?.title).toBe('More 0');

    // A delete in a chunk after the split, and a local delete (hidden until the server confirms it).
    await write((tx) => tx.deleteTodos([more[5]!.id]));
    await write((tx) => tx.putTodos([{ ...more[6]!, deleted: true }]));
    expect(reread.mock.lastCall![0]).not.toContain('');
    expect(mirror.get(more[5]!.id)).toBeUndefined();
    expect(mirror.get(more[6]!.id)).toBeUndefined();
    expect(mirror.get(more[7]!.id)?.title).toBe('More 7');
    expect(mirror.getSnapshot().todos.size).toBe(60 + CHUNK_MAX - 3);
  });

  it('keeps a newer write of this tab over a re-read begun before it', async () => {
    const { db, mirror } = await device();
    const other = new TodoDatabase(db.name);
    cleanups.unshift(async () => other.close());
    const a = todoRecord('A');
    const shown = nextShowing(mirror);
    await inLocalTx(other, (tx) => tx.putTodos([a]));
    await shown;
    await inLocalTx(other, (tx) => tx.putTodos([{ ...a, title: 'From elsewhere' }]));
    // Shown here while the other tab's change is read back: the re-read must not undo it.
    mirror.applyWritten({ ...nothingWritten(), todos: [{ ...a, title: 'Mine' }] });
    await new Promise((r) => setTimeout(r, 50));
    expect(mirror.get(a.id)?.title).toBe('Mine');
  });

  it('reads the table again after a reset, so todos the server forgot leave the list', async () => {
    const server = await serverWith(3);
    const { mirror, run, hooks } = await device();
    await pullAll(run, server.api(), hooks);
    mirror.flushSync();
    expect(mirror.getSnapshot().todos.size).toBe(3);
    // The server compacted past our cursor and no longer has these todos: it answers with a reset.
    const forgetful: SyncApi = {
      ...server.api(),
      pull: async (cursor): Promise<PullResult> =>
        cursor > 0
          ? { changes: [], cursor: 0, more: false, reset: true }
          : { changes: [], cursor: 0, more: false, reset: false },
    };
    const shown = nextShowing(mirror);
    await pullAll(run, forgetful, hooks);
    await shown;
    expect(mirror.getSnapshot().todos.size).toBe(0);
  });

  it("shows a sync cycle's writes at most every SYNC_SHOW_MS, the held ones with the next showing", async () => {
    const { mirror } = await device();
    const [a, b, c, d, e] = ['A', 'B', 'C', 'D', 'E'].map(todoRecord);
    const write = (r: TodoRecord, sync = true) =>
      mirror.applyWritten({ ...nothingWritten(), todos: [r] }, { sync });
    const start = mirror.getSnapshot().version;
    write(a!); // the first at once
    expect(mirror.getSnapshot().version).toBe(start + 1);
    write(b!); // held
    expect(mirror.getSnapshot().version).toBe(start + 1);
    expect(mirror.get(b!.id)).toBeDefined();
    write(c!, false); // a person's own write is shown at once, with what was held
    expect(mirror.getSnapshot().version).toBe(start + 2);
    expect([...mirror.changedSince(start + 1)!]).toEqual([b!.id, c!.id]);
    write(d!); // held again, then shown by the timer
    expect(mirror.getSnapshot().version).toBe(start + 2);
    await vi.waitFor(() => expect(mirror.getSnapshot().version).toBe(start + 3), {
      timeout: SYNC_SHOW_MS * 3,
    });
    expect([...mirror.changedSince(start + 2)!]).toEqual([d!.id]);
    mirror.flushSync(); // the cycle ended: the next cycle's first write is shown at once
    write(e!);
    expect(mirror.getSnapshot().version).toBe(start + 4);
  });

  it('hides a todo until shown again, with the changes made to it meanwhile; one deleted meanwhile stays gone', async () => {
    const { mirror } = await device();
    const [a, b] = ['A', 'B'].map(todoRecord);
    const write = (todos: TodoRecord[], removedTodos: string[] = []) =>
      mirror.applyWritten({ ...nothingWritten(), todos, removedTodos });
    write([a!, b!]);
    mirror.hide(a!.id);
    mirror.hide(b!.id);
    expect(mirror.get(a!.id)).toBeUndefined();
    expect(mirror.getSnapshot().todos.size).toBe(0);
    write([{ ...a!, title: 'A, renamed on another device' }]); // pulled while hidden
    expect(mirror.get(a!.id)).toBeUndefined();
    write([], [b!.id]); // its delete committed
    await mirror.reload();
    expect(mirror.getSnapshot().todos.size).toBe(0);
    mirror.show(a!.id);
    mirror.show(b!.id);
    expect(mirror.get(a!.id)?.title).toBe('A, renamed on another device');
    expect(mirror.get(b!.id)).toBeUndefined();
  });

  it('shows quick edits in the order made, though an earlier one finishes writing after a later one shows', async () => {
    const { mirror } = await device();
    const id = uuidv7();
    await mirror.commit([mutation('todo.create', { id, title: 'Weekly review', priority: 'low' })]);
    const checklists: string[] = [];
    mirror.subscribe(() => {
      const subtasks = mirror.get(id)?.subtasks ?? [];
      checklists.push(subtasks.map((s) => `${s.done ? '[x]' : '[ ]'} ${s.title}`).join(', '));
    });
    const subtask = (title: string, position: string) => ({ id: uuidv7(), title, done: false, position });
    const [zero, oops] = [subtask('Inbox zero', 'a0'), subtask('Oops', 'a1')];
    // Typed faster than IndexedDB writes: each edit shows at once, its write lands a moment later.
    await Promise.all([
      mirror.commit([mutation('subtask.add', { todoId: id, subtask: zero })]),
      mirror.commit([mutation('subtask.add', { todoId: id, subtask: oops })]),
      mirror.commit([mutation('subtask.delete', { todoId: id, id: oops.id })]),
      mirror.commit([mutation('subtask.update', { todoId: id, id: zero.id, fields: { done: true } })]),
    ]);
    // Never the removed one back, nor the tick taken back, while the writes land.
    expect(checklists).toEqual([
      '[ ] Inbox zero',
      '[ ] Inbox zero, [ ] Oops',
      '[ ] Inbox zero',
      '[x] Inbox zero',
    ]);
    expect(mirror.get(id)?.subtasks).toEqual([{ ...zero, done: true }]);
    await mirror.reload();
    expect(mirror.get(id)?.subtasks).toEqual([{ ...zero, done: true }]);
  });
});
