// The sync's transaction interface over Dexie: every step of a write, a push result or a pull page runs
// in one read-write transaction over the four stores, so a crash never leaves a record without its mutation.
import type { LocalTx } from '../sync/local.ts';
import type { TodoDatabase } from './database.ts';
import type { MetaKey } from './records.ts';

function dexieTx(db: TodoDatabase): LocalTx {
  return {
    getTodos: (ids) => (ids.length ? db.todos.bulkGet(ids) : Promise.resolve([])),
    getTags: (ids) => (ids.length ? db.tags.bulkGet(ids) : Promise.resolve([])),
    putTodos: async (records) => void (await db.todos.bulkPut(records)),
    deleteTodos: (ids) => db.todos.bulkDelete(ids),
    putTags: async (records) => void (await db.tags.bulkPut(records)),
    deleteTags: (ids) => db.tags.bulkDelete(ids),
    clearRecords: async () => {
      await Promise.all([db.todos.clear(), db.tags.clear()]);
    },
    todoIdsWithTag: (tagId) => db.todos.where('tagIds').equals(tagId).primaryKeys(),
    outbox: () => db.outbox.orderBy('seq').toArray(),
    outboxFor: async (keys) => {
      if (keys.length === 0) return [];
      const rows = await db.outbox.where('entities').anyOf(keys).distinct().toArray();
      return rows.sort((a, b) => a.seq! - b.seq!);
    },
    outboxByIds: (ids) => (ids.length ? db.outbox.where('id').anyOf(ids).sortBy('seq') : Promise.resolve([])),
    queued: (limit) => db.outbox.where('state').equals('queued').limit(limit).toArray(),
    ackedIds: async () => (await db.outbox.where('state').equals('acked').toArray()).map((row) => row.id),
    addOutbox: async (rows) => void (await db.outbox.bulkAdd(rows)),
    ackOutbox: async (ids) => {
      await db.outbox.where('id').anyOf(ids).modify({ state: 'acked' });
    },
    deleteOutbox: async (ids) => {
      if (ids.length) await db.outbox.where('id').anyOf(ids).delete();
    },
    getMeta: (key: MetaKey) => db.getMeta(key),
    setMeta: (key: MetaKey, value: unknown) => db.setMeta(key, value),
  };
}

/** Runs `work` in one read-write transaction over todos, tags, outbox and meta. */
export function inLocalTx<T>(db: TodoDatabase, work: (tx: LocalTx) => Promise<T>): Promise<T> {
  return db.transaction('rw', [db.todos, db.tags, db.outbox, db.meta], () => work(dexieTx(db)));
}
