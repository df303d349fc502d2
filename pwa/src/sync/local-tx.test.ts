// The Dexie side of the sync rules on fake-indexeddb: the same cycle the property tests drive over Maps,
// here through real IndexedDB transactions and indexes (outbox order, multi-entry entity lookups).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { pullAll, pushAll, type RunTx } from './cycle.ts';
import { uuidv7 } from '../lib/ids.ts';
import { applyPullPage, commitLocal } from './local.ts';
import { mutation } from './testing/harness.ts';
import { ModelServer } from './testing/model-server.ts';
import { TodoDatabase } from '../db/database.ts';
import { inLocalTx, queuedCount } from '../db/local-tx.ts';
import { todosOf } from '../db/todo-chunks.ts';

const open: TodoDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

function device() {
  const db = new TodoDatabase(`test-${uuidv7()}`);
  open.push(db);
  const run: RunTx = (work) => inLocalTx(db, work);
  return { db, run };
}

describe('sync over Dexie', () => {
  it('writes the record and its mutation together, pushes in order and clears the outbox on pull', async () => {
    const server = new ModelServer();
    const { db, run } = device();
    const id = uuidv7();
    const tag = uuidv7();
    await run((tx) =>
      commitLocal(tx, [
        mutation('tag.create', { id: tag, name: 'home', color: '#16a34a' }),
        mutation('todo.create', { id, title: 'Buy milk', priority: 'high', tagIds: [tag] }),
      ]),
    );
    await run((tx) => commitLocal(tx, [mutation('todo.update', { id, fields: { title: 'Buy oat milk' } })]));
    expect((await db.outbox.orderBy('seq').toArray()).map((r) => r.type)).toEqual([
      'tag.create',
      'todo.create',
      'todo.update',
    ]);
    expect(await run((tx) => tx.todoIdsWithTag(tag))).toEqual([id]);
    const record = await db.getTodo(id);
    expect(record).toMatchObject({ title: 'Buy oat milk', base: null });

    expect(await pushAll(run, server.api(), 'device-dexie-1')).toBe(3);
    expect(await queuedCount(db)).toBe(0);
    expect(await db.outbox.count()).toBe(3);
    expect(await pullAll(run, server.api())).toBe(2);
    expect(await db.outbox.count()).toBe(0);
    const synced = await db.getTodo(id);
    expect(synced).toMatchObject({ title: 'Buy oat milk', tagIds: [tag], version: 3 });
    expect(synced!.base).toBeUndefined();
    expect(await db.getMeta('cursor')).toBe(3);
  });

  it('a local delete keeps a hidden record until the server confirms it', async () => {
    const server = new ModelServer();
    const { db, run } = device();
    const id = uuidv7();
    await run((tx) => commitLocal(tx, [mutation('todo.create', { id, title: 'Temp', priority: 'low' })]));
    await pushAll(run, server.api(), 'device-dexie-2');
    await pullAll(run, server.api());
    await run((tx) => commitLocal(tx, [mutation('todo.delete', { id })]));
    expect(await db.getTodo(id)).toMatchObject({ deleted: true, base: { title: 'Temp' } });
    await pushAll(run, server.api(), 'device-dexie-2');
    await pullAll(run, server.api());
    expect(await db.getTodo(id)).toBeUndefined();
  });

  it('pulls back a large push of its own, and re-applies only what was made after it', async () => {
    const server = new ModelServer();
    const { db, run } = device();
    const ids = Array.from({ length: 2100 }, () => uuidv7());
    await run((tx) =>
      commitLocal(
        tx,
        ids.map((id, i) => mutation('todo.create', { id, title: `Task ${i}`, priority: 'low' })),
      ),
    );
    // A rejected mutation in the middle leaves a gap in the outbox's seqs.
    await run((tx) => commitLocal(tx, [mutation('todo.complete', { id: uuidv7() })]));
    await run((tx) => commitLocal(tx, [mutation('todo.update', { id: ids[0]!, fields: { title: 'A' } })]));
    expect(await pushAll(run, server.api(), 'device-dexie-3')).toBe(2102);
    expect(await db.outbox.count()).toBe(2101);
    expect(await pullAll(run, server.api())).toBe(2100);
    expect(await db.outbox.count()).toBe(0);
    const first = await db.getTodo(ids[0]!);
    expect(first).toMatchObject({ title: 'A' });
    expect(first!.base).toBeUndefined();

    // Made after the push, before the pull: still pending after it, shown over the pulled state.
    await run((tx) => commitLocal(tx, [mutation('todo.update', { id: ids[1]!, fields: { title: 'B' } })]));
    await pushAll(run, server.api(), 'device-dexie-3');
    await run((tx) => commitLocal(tx, [mutation('todo.update', { id: ids[1]!, fields: { title: 'C' } })]));
    await pullAll(run, server.api());
    expect((await db.outbox.toArray()).map((r) => r.type)).toEqual(['todo.update']);
    expect(await db.getTodo(ids[1]!)).toMatchObject({ title: 'C', base: { title: 'B' } });
  });

  it('rows stored before all-day todos read as timed todos, in every read path, without a migration', async () => {
    const { db, run } = device();
    const id = uuidv7();
    await run((tx) => commitLocal(tx, [mutation('todo.create', { id, title: 'Old', priority: 'low' })]));
    // What an older version of the app stored: no allDay, reminders without timeOfDay, a pending base.
    const { allDay: _a, ...old } = (await db.getTodo(id))!;
    const reminder = {
      id: uuidv7(),
      remindAt: '2026-01-01T09:00:00.000Z',
      offsetMinutes: null,
      sentAt: null,
    };
    const { base: _b, ...oldBase } = old;
    await db.todoChunks.put({ id: '', todos: [{ ...old, reminders: [reminder], base: oldBase } as never] });
    const expected = {
      allDay: false,
      reminders: [{ ...reminder, timeOfDay: null }],
      base: { allDay: false },
    };
    expect(await db.getTodo(id)).toMatchObject(expected);
    expect(todosOf(await db.todoChunks.toArray())).toMatchObject([expected]);
    expect(await run((tx) => tx.getTodos([id]))).toMatchObject([expected]);
  });

  it('a list’s tombstone (removed from a shared list) takes its todos off the device with the cursor', async () => {
    const server = new ModelServer();
    const { db, run } = device();
    const listId = uuidv7();
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    await run((tx) =>
      commitLocal(tx, [
        mutation('list.create', { id: listId, name: 'Flat chores', color: '#16A34A', position: 'a1' }),
        ...ids.map((id, i) =>
          mutation('todo.create', { id, title: `Chore ${i}`, priority: 'low', listId, position: `a${i}` }),
        ),
      ]),
    );
    await pushAll(run, server.api(), 'device-dexie-1');
    await pullAll(run, server.api());
    const inList = async () => todosOf(await db.todoChunks.toArray()).filter((t) => t.listId === listId);
    expect(await inList()).toHaveLength(3);
    // What a removed member pulls: their todos' tombstones (one missing here) and the list's.
    const page = [
      ...ids
        .slice(1)
        .map((id, i) => ({ entity: 'todo' as const, id, version: 90 + i, deleted: true, todo: null })),
      { entity: 'list' as const, id: listId, version: 99, deleted: true, list: null },
    ];
    const written = await run((tx) => applyPullPage(tx, page, 99, new Set()));
    expect(written.removedTodos.sort()).toEqual([...ids].sort());
    expect(await inList()).toEqual([]);
    expect(await db.lists.get(listId)).toBeUndefined();
    expect(await db.getMeta('cursor')).toBe(99);
  });
});
