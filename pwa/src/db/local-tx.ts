// The sync's transaction interface over Dexie: every step of a write, a push result or a pull page runs
// in one read-write transaction over the five stores, so a crash never leaves a record without its mutation.
// Todos are read and changed through the transaction's TodoChunks, whose changed chunks are written at its end.
// Every function returns a Dexie promise, even when there is nothing to do: awaiting plain native
// promises before the first request lets Chromium commit the IndexedDB transaction early.
import Dexie from 'dexie';
import type { TodoDatabase } from './database.ts';
import type { ListRecord, MetaKey, OutboxRecord, TagRecord, TodoRecord } from './records.ts';
import { TodoChunks } from './todo-chunks.ts';

/** The local store as the sync rules use it: records, the outbox and meta, all in one transaction. */
export interface LocalTx {
  getTodos(ids: string[]): Promise<(TodoRecord | undefined)[]>;
  getTags(ids: string[]): Promise<(TagRecord | undefined)[]>;
  getLists(ids: string[]): Promise<(ListRecord | undefined)[]>;
  putTodos(records: TodoRecord[]): Promise<void>;
  deleteTodos(ids: string[]): Promise<void>;
  putTags(records: TagRecord[]): Promise<void>;
  deleteTags(ids: string[]): Promise<void>;
  putLists(records: ListRecord[]): Promise<void>;
  deleteLists(ids: string[]): Promise<void>;
  clearRecords(): Promise<void>;
  todoIdsWithTag(tagId: string): Promise<string[]>;
  /** The todos stored in a list (as the person sees them, or as the server has them). */
  todoIdsInList(listId: string): Promise<string[]>;
  /** The whole outbox in push order. */
  outbox(): Promise<OutboxRecord[]>;
  outboxCount(): Promise<number>;
  /** The mutations that change any of these records, in push order, each once. */
  outboxFor(keys: string[]): Promise<OutboxRecord[]>;
  outboxByIds(ids: string[]): Promise<OutboxRecord[]>;
  /** The first `limit` mutations not yet acknowledged (and after seq `after`, if given), in push order. */
  queued(limit: number, after?: number): Promise<OutboxRecord[]>;
  ackedIds(): Promise<string[]>;
  addOutbox(rows: OutboxRecord[]): Promise<void>;
  /** Every row up to this seq is acknowledged by the server. */
  ackThrough(seq: number): Promise<void>;
  /** These rows, as read (by their seq: a run of them is one range). */
  deleteOutbox(rows: OutboxRecord[]): Promise<void>;
  getMeta<T>(key: MetaKey): Promise<T | undefined>;
  setMeta(key: MetaKey, value: unknown): Promise<void>;
}

const nothing = <T>(value: T) => Dexie.Promise.resolve(value);

/** The end of the acknowledged prefix of the outbox (see OutboxRecord). */
export function ackedSeq(db: TodoDatabase) {
  return db.meta.get('ackedSeq').then((row) => (row?.value as number | undefined) ?? 0);
}

/** Mutations not yet acknowledged by the server: what the sync state shows as waiting. */
export function queuedCount(db: TodoDatabase) {
  return ackedSeq(db).then((acked) => db.outbox.where('seq').above(acked).count());
}

/**
 * Deletes outbox rows by seq: a run of consecutive seqs (a pull's end deletes the whole acknowledged
 * prefix, 10,000 rows after a large push) is one range request instead of a request per row.
 */
function deleteOutboxRows(db: TodoDatabase, rows: OutboxRecord[]) {
  const seqs = rows.map((row) => row.seq!).sort((a, b) => a - b);
  const single: number[] = [];
  const runs: [number, number][] = [];
  for (let i = 0; i < seqs.length;) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j]! + 1) j++;
    if (j === i) single.push(seqs[i]!);
    else runs.push([seqs[i]!, seqs[j]!]);
    i = j + 1;
  }
  let done = single.length ? db.outbox.bulkDelete(single) : nothing(undefined);
  for (const [first, last] of runs)
    done = done
      .then(() => db.outbox.where('seq').between(first, last, true, true).delete())
      .then(() => undefined);
  return done;
}

/** What a transaction did that its Written cannot tell: a clear removes records it does not list. */
interface TxNotes {
  cleared: boolean;
}

function dexieTx(db: TodoDatabase, notes: TxNotes, todos: TodoChunks): LocalTx {
  return {
    getTodos: (ids) => todos.get(ids),
    getTags: (ids) => (ids.length ? db.tags.bulkGet(ids) : nothing([])),
    getLists: (ids) => (ids.length ? db.lists.bulkGet(ids) : nothing([])),
    putTodos: (records) => todos.put(records),
    deleteTodos: (ids) => todos.delete(ids),
    putTags: (records) =>
      records.length ? db.tags.bulkPut(records).then(() => undefined) : nothing(undefined),
    deleteTags: (ids) => (ids.length ? db.tags.bulkDelete(ids) : nothing(undefined)),
    putLists: (records) =>
      records.length ? db.lists.bulkPut(records).then(() => undefined) : nothing(undefined),
    deleteLists: (ids) => (ids.length ? db.lists.bulkDelete(ids) : nothing(undefined)),
    clearRecords: () => {
      notes.cleared = true;
      return todos
        .clear()
        .then(() => db.tags.clear())
        .then(() => db.lists.clear());
    },
    todoIdsWithTag: (tagId) => todos.idsWithTag(tagId),
    todoIdsInList: (listId) => todos.idsInList(listId),
    outbox: () => db.outbox.orderBy('seq').toArray(),
    outboxCount: () => db.outbox.count(),
    outboxFor: (keys) =>
      keys.length
        ? db.outbox
            .where('entities')
            .anyOf(keys)
            .distinct()
            .toArray()
            .then((rows: OutboxRecord[]) => rows.sort((a, b) => a.seq! - b.seq!))
        : nothing([]),
    outboxByIds: (ids) => (ids.length ? db.outbox.where('id').anyOf(ids).sortBy('seq') : nothing([])),
    queued: (limit, after = 0) =>
      ackedSeq(db).then((acked) =>
        db.outbox.where('seq').above(Math.max(acked, after)).limit(limit).toArray(),
      ),
    ackedIds: () =>
      ackedSeq(db)
        .then((acked) => db.outbox.where('seq').belowOrEqual(acked).toArray())
        .then((rows) => rows.map((r) => r.id)),
    ackThrough: (seq) =>
      ackedSeq(db).then((acked) =>
        seq > acked ? db.meta.put({ key: 'ackedSeq', value: seq }).then(() => undefined) : undefined,
      ),
    addOutbox: (rows) => (rows.length ? db.outbox.bulkAdd(rows).then(() => undefined) : nothing(undefined)),
    deleteOutbox: (rows) => deleteOutboxRows(db, rows),
    getMeta: <T>(key: MetaKey) => db.meta.get(key).then((row) => row?.value as T | undefined),
    setMeta: (key: MetaKey, value: unknown) => db.meta.put({ key, value }).then(() => undefined),
  };
}

/**
 * Change sets of committed transactions whose todo writes their caller shows in this tab itself
 * (TodoMirror.applyWritten). Dexie hands `storagemutated` listeners the transaction's own change set
 * (`mutatedParts` on the IDBTransaction) and names the whole table, not the keys, for a bulk write of
 * 50 or more records; without this the mirror would re-read every todo after each pulled page.
 */
const shownHere = new WeakSet<object>();

/** This tab's own transaction, already shown by its caller: its change signal needs no re-read. */
export const isShownHere = (parts: object): boolean => shownHere.has(parts);

export interface LocalTxOptions {
  /** The caller passes the returned Written to TodoMirror.applyWritten (a clear is never "shown"). */
  shownHere?: boolean;
}

/** Runs `work` in one read-write transaction over todo chunks, tags, lists, outbox and meta. */
export async function inLocalTx<T>(
  db: TodoDatabase,
  work: (tx: LocalTx) => Promise<T>,
  options: LocalTxOptions = {},
): Promise<T> {
  const run = () =>
    db.transaction('rw', [db.todoChunks, db.tags, db.lists, db.outbox, db.meta], () => {
      const idbtrans = Dexie.currentTransaction.idbtrans as IDBTransaction & { mutatedParts?: object };
      const notes: TxNotes = { cleared: false };
      const todos = new TodoChunks(db.todoChunks);
      // Dexie's then: the flush runs in the transaction's zone, as a request of the same transaction.
      return Dexie.Promise.resolve(work(dexieTx(db, notes, todos))).then((result) =>
        todos.flush().then(() => {
          // Before the commit (a microtask after the last request), so the mirror sees the mark.
          if (options.shownHere && !notes.cleared && idbtrans.mutatedParts)
            shownHere.add(idbtrans.mutatedParts);
          return result;
        }),
      );
    });
  try {
    return await run();
  } catch (err) {
    if (!connectionLost(err)) throw err;
    // The browser dropped the connection under us (Safari does, and so does clearing site data):
    // open it again and run the same transaction once more; nothing of the failed one was committed.
    db.close({ disableAutoOpen: false });
    await db.open();
    return run();
  }
}

function connectionLost(err: unknown): boolean {
  const e = err as { name?: string; inner?: { name?: string }; message?: string };
  return (
    e?.name === 'DatabaseClosedError' ||
    e?.name === 'InvalidStateError' ||
    e?.inner?.name === 'InvalidStateError' ||
    /connection is closing|database connection is closed/i.test(e?.message ?? '')
  );
}
