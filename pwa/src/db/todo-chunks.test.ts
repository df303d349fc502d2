// Todos in chunk records on fake-indexeddb: splits keep every todo findable by its hash, deletes and
// clears reach the chunks, a tag's todos are found without an index, and a v2 database's todos move in.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/ids.ts';
import { TodoDatabase } from './database.ts';
import { inLocalTx } from './local-tx.ts';
import { CHUNK_MAX, chunkIdOf, hashBits, todosOf } from './todo-chunks.ts';
import { storedTodo } from './testing.ts';
import type { TodoRecord } from './records.ts';
import { inboxIdOf } from '@todo/todo-rules';

const open: Dexie[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

function device(name = `chunks-${uuidv7()}`) {
  const db = new TodoDatabase(name);
  open.push(db);
  return db;
}

const todo = storedTodo;

const many = (n: number, title = 'Task') => Array.from({ length: n }, (_, i) => todo(`${title} ${i}`));

/** The stored chunks are a prefix-free cover, none over the maximum, each todo in the chunk of its hash. */
async function expectWellFormed(db: TodoDatabase) {
  const chunks = await db.todoChunks.toArray();
  const ids = chunks.map((c) => c.id);
  for (const a of ids) for (const b of ids) if (a !== b) expect(b.startsWith(a)).toBe(false);
  // Every hash has a chunk: the chunks' shares of the hash space add up to all of it.
  expect(ids.reduce((sum, id) => sum + 2 ** -id.length, 0)).toBe(1);
  for (const chunk of chunks) {
    expect(chunk.todos.length).toBeLessThanOrEqual(CHUNK_MAX);
    for (const t of chunk.todos) expect(hashBits(t.id).startsWith(chunk.id)).toBe(true);
  }
  return chunks;
}

describe('todos in chunks', () => {
  it('splits full chunks, in one write or over many, and finds every todo after', async () => {
    const db = device();
    const first = many(1000);
    await inLocalTx(db, (tx) => tx.putTodos(first));
    const chunks = await expectWellFormed(db);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(1000 / CHUNK_MAX));
    // One at a time: each write reads and splits the chunk it lands in.
    const later = many(300, 'Later');
    for (const t of later) await inLocalTx(db, (tx) => tx.putTodos([t]));
    expect((await db.todoChunks.count()) > chunks.length).toBe(true);
    await expectWellFormed(db);
    const all = [...first, ...later];
    expect(await inLocalTx(db, (tx) => tx.getTodos(all.map((t) => t.id)))).toEqual(all);
    expect(todosOf(await db.todoChunks.toArray())).toHaveLength(1300);
    expect(await db.getTodo(later[299]!.id)).toEqual(later[299]);
    expect(await db.getTodo(uuidv7())).toBeUndefined();
  });

  it('reads its own writes within a transaction, and replaces a todo in place', async () => {
    const db = device();
    const [a, b] = many(2);
    const read = await inLocalTx(db, async (tx) => {
      await tx.putTodos([a!, b!]);
      await tx.putTodos([{ ...a!, title: 'Renamed' }]);
      await tx.deleteTodos([b!.id]);
      return tx.getTodos([a!.id, b!.id]);
    });
    expect(read).toEqual([{ ...a, title: 'Renamed' }, undefined]);
    expect(todosOf(await db.todoChunks.toArray())).toEqual([{ ...a, title: 'Renamed' }]);
  });

  it('deletes todos from their chunks, keeping empty chunks, and clears them all', async () => {
    const db = device();
    const todos = many(400);
    await inLocalTx(db, (tx) => tx.putTodos(todos));
    const before = await db.todoChunks.count();
    await inLocalTx(db, (tx) => tx.deleteTodos(todos.slice(0, 399).map((t) => t.id)));
    expect(await db.todoChunks.count()).toBe(before);
    await expectWellFormed(db);
    expect(todosOf(await db.todoChunks.toArray())).toEqual([todos[399]]);
    expect(await inLocalTx(db, (tx) => tx.getTodos([todos[0]!.id, todos[399]!.id]))).toEqual([
      undefined,
      todos[399],
    ]);

    await inLocalTx(db, (tx) => tx.clearRecords());
    expect(await db.todoChunks.count()).toBe(0);
    const again = many(3);
    await inLocalTx(db, async (tx) => {
      await tx.putTodos(todos);
      await tx.clearRecords();
      await tx.putTodos(again);
    });
    expect((await db.todoChunks.toArray()).map((c) => c.id)).toEqual(['']);
    expect(todosOf(await db.todoChunks.toArray())).toHaveLength(3);
  });

  it("finds a tag's todos across every chunk", async () => {
    const db = device();
    const tag = uuidv7();
    const tagged = [todo('One', [tag]), todo('Two', [uuidv7(), tag])];
    await inLocalTx(db, (tx) => tx.putTodos([...many(500), ...tagged]));
    const found = await inLocalTx(db, (tx) => tx.todoIdsWithTag(tag));
    expect(found.sort()).toEqual(tagged.map((t) => t.id).sort());
  });

  it('resolves a hash to the greatest chunk id at or below it', () => {
    const ids = ['00', '010', '011', '1'];
    expect(chunkIdOf(ids, `00${'1'.repeat(30)}`)).toBe('00');
    expect(chunkIdOf(ids, `0101${'0'.repeat(28)}`)).toBe('010');
    expect(chunkIdOf(ids, `011${'1'.repeat(29)}`)).toBe('011');
    expect(chunkIdOf(ids, '1'.repeat(32))).toBe('1');
    expect(chunkIdOf([''], '0'.repeat(32))).toBe('');
  });

  it('spreads uuidv7 ids evenly over the chunks', async () => {
    const db = device();
    await inLocalTx(db, (tx) => tx.putTodos(many(5000)));
    const sizes = (await expectWellFormed(db)).map((c) => c.todos.length);
    // Even spreading leaves each chunk between half full and full, and no chunk nearly empty.
    expect(Math.min(...sizes)).toBeGreaterThan(CHUNK_MAX / 4);
  });
});

/** The database as version 2 of the app declared it: one record per todo. */
class V2Database extends Dexie {
  constructor(name: string) {
    super(name);
    this.version(1).stores({
      todos: 'id, status, dueAt, *tagIds',
      tags: 'id',
      outbox: '++seq, &id, *entities, state',
      meta: 'key',
    });
    this.version(2).stores({ todos: 'id, *tagIds', outbox: '++seq, &id, *entities' });
  }
}

describe('the v3 and v4 migrations', () => {
  it("moves a v2 database's todos into chunks, each in the person's Inbox, and pulls again from 0", async () => {
    const name = `chunks-v2-${uuidv7()}`;
    const old = new V2Database(name);
    const tag = uuidv7();
    const user = { id: uuidv7(), email: 'ana@example.com', name: 'Ana', timeZone: 'UTC' };
    // Rows stored before lists: no list, place, assignee or checklist.
    const beforeLists = ({
      listId: _l,
      position: _p,
      assigneeId: _a,
      subtasks: _s,
      ...t
    }: Partial<TodoRecord>) => t;
    const todos = [...many(600), todo('Tagged', [tag])];
    // A row stored before all-day todos: it reads with the defaults after the move too.
    const { allDay: _allDay, ...older } = todo('Older');
    await old.table('todos').bulkPut([...todos, older].map(beforeLists));
    await old.table('tags').put({ id: tag, name: 'home', color: '#16a34a', version: 1 });
    await old.table('meta').bulkPut([
      { key: 'cursor', value: 42 },
      { key: 'user', value: user },
    ]);
    old.close();

    const db = device(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(db.backendDB().objectStoreNames.contains('todos')).toBe(false);
    await expectWellFormed(db);
    const ids = [...todos.map((t) => t.id), older.id];
    const inbox = { listId: inboxIdOf(user.id), position: '', assigneeId: null, subtasks: [] };
    expect(await inLocalTx(db, (tx) => tx.getTodos(ids))).toEqual([
      ...todos.map((t) => ({ ...t, ...inbox })),
      { ...older, ...inbox, allDay: false },
    ]);
    expect(await inLocalTx(db, (tx) => tx.todoIdsWithTag(tag))).toEqual([todos[600]!.id]);
    expect((await inLocalTx(db, (tx) => tx.todoIdsInList(inboxIdOf(user.id)))).length).toBe(602);
    expect(await db.tags.get(tag)).toMatchObject({ name: 'home' });
    // Lists pulled before were skipped by the app that stored them: the next pull starts over.
    expect(await db.getMeta('cursor')).toBe(0);
    expect(await db.lists.count()).toBe(0);
  });
});
