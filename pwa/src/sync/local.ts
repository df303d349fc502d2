// The local side of sync, written once against a small transaction interface: Dexie in the app and the
// service worker, a Map in the property tests. Every function runs inside one transaction.
import type { Change, List, MutationResult, Tag } from '@todo/contracts';
import type { LocalTx } from '../db/local-tx.ts';
import type { ListRecord, OutboxRecord, TagRecord, TodoRecord, TodoState } from '../db/records.ts';
import { applyToList, applyToTag, applyToTodo, entitiesOf, type Pending } from './apply.ts';
import { ensureInbox } from './inbox.ts';
import {
  baseOfList,
  baseOfTag,
  baseOfTodo,
  fromServerTodo,
  listRecord,
  rebaseList,
  rebaseTag,
  rebaseTodo,
  tagRecord,
  todoRecord,
  viewOfList,
  viewOfTag,
  viewOfTodo,
} from './rebase.ts';

export type { LocalTx };

/** What changed, for the in-memory list and for tests. */
export interface Written {
  todos: TodoRecord[];
  removedTodos: string[];
  tags: TagRecord[];
  removedTags: string[];
  lists: ListRecord[];
  removedLists: string[];
}

export const nothingWritten = (): Written => ({
  todos: [],
  removedTodos: [],
  tags: [],
  removedTags: [],
  lists: [],
  removedLists: [],
});

type Records = Map<string, TodoRecord | TagRecord | ListRecord | null>;

const idOf = (key: string) => key.slice(key.indexOf(':') + 1);
const kindOf = (key: string) => key.slice(0, key.indexOf(':')) as 'todo' | 'tag' | 'list';
const isTodo = (key: string) => key.startsWith('todo:');

async function load(tx: LocalTx, keys: Iterable<string>, into: Records = new Map()): Promise<Records> {
  const ids = { todo: [] as string[], tag: [] as string[], list: [] as string[] };
  for (const key of keys) if (!into.has(key)) ids[kindOf(key)].push(idOf(key));
  // Sequential awaits of the store's own promises (see db/local-tx.ts).
  const todos = await tx.getTodos(ids.todo);
  const tags = await tx.getTags(ids.tag);
  const lists = await tx.getLists(ids.list);
  ids.todo.forEach((id, i) => into.set(`todo:${id}`, todos[i] ?? null));
  ids.tag.forEach((id, i) => into.set(`tag:${id}`, tags[i] ?? null));
  ids.list.forEach((id, i) => into.set(`list:${id}`, lists[i] ?? null));
  return into;
}

async function store(tx: LocalTx, records: Records): Promise<Written> {
  const out = nothingWritten();
  for (const [key, record] of records) {
    const kind = kindOf(key);
    if (kind === 'todo') {
      if (record) out.todos.push(record as TodoRecord);
      else out.removedTodos.push(idOf(key));
    } else if (kind === 'tag') {
      if (record) out.tags.push(record as TagRecord);
      else out.removedTags.push(idOf(key));
    } else if (record) out.lists.push(record as ListRecord);
    else out.removedLists.push(idOf(key));
  }
  await tx.putTodos(out.todos);
  await tx.deleteTodos(out.removedTodos);
  await tx.putTags(out.tags);
  await tx.deleteTags(out.removedTags);
  await tx.putLists(out.lists);
  await tx.deleteLists(out.removedLists);
  return out;
}

/** A record after a new local mutation, over what it shows now and what the server has. */
function applyLocal(key: string, record: TodoRecord | TagRecord | ListRecord | null, row: OutboxRecord) {
  const id = idOf(key);
  switch (kindOf(key)) {
    case 'todo': {
      const current = (record ?? undefined) as TodoRecord | undefined;
      return todoRecord(applyToTodo(viewOfTodo(current), row, id), baseOfTodo(current), true);
    }
    case 'tag': {
      const current = (record ?? undefined) as TagRecord | undefined;
      return tagRecord(applyToTag(viewOfTag(current), row, id), baseOfTag(current), true);
    }
    case 'list': {
      const current = (record ?? undefined) as ListRecord | undefined;
      return listRecord(applyToList(viewOfList(current), row, id), baseOfList(current), true);
    }
  }
}

/** Applies new mutations locally and queues them, in one transaction: the UI never waits for the network. */
export async function commitLocal(tx: LocalTx, mutations: Pending[]): Promise<Written> {
  const rows: OutboxRecord[] = [];
  if (mutations.some((m) => m.type.startsWith('list.'))) await ensureInbox(tx);
  for (const m of mutations) {
    // (Deleting a tag or a list are the only mutations that read before writing: which todos they touch.)
    const withTag = m.type === 'tag.delete' ? await tx.todoIdsWithTag(m.payload.id) : [];
    const inList = m.type === 'list.delete' ? await tx.todoIdsInList(m.payload.id) : [];
    rows.push({
      ...m,
      entities: entitiesOf(
        m,
        () => withTag,
        () => inList,
      ),
    } as OutboxRecord);
  }
  const records = await load(
    tx,
    rows.flatMap((r) => r.entities),
  );
  for (const row of rows) {
    for (const key of row.entities) records.set(key, applyLocal(key, records.get(key) ?? null, row));
  }
  const written = await store(tx, records);
  await tx.addOutbox(rows);
  return written;
}

function pendingByKey(outbox: OutboxRecord[], skip: ReadonlySet<string>): Map<string, OutboxRecord[]> {
  const byKey = new Map<string, OutboxRecord[]>();
  for (const row of outbox) {
    if (skip.has(row.id)) continue;
    for (const key of row.entities) {
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
  }
  return byKey;
}

function rebaseOne(key: string, base: TodoState | Tag | List | null, pending: OutboxRecord[]) {
  switch (kindOf(key)) {
    case 'todo':
      return rebaseTodo(base as TodoState | null, pending, idOf(key));
    case 'tag':
      return rebaseTag(base as Tag | null, pending, idOf(key));
    case 'list':
      return rebaseList(base as List | null, pending, idOf(key));
  }
}

/** Recomputes records from their server state and what is still pending (after a rejection or an ack). */
async function rebaseKeys(tx: LocalTx, keys: Set<string>, skip: ReadonlySet<string>): Promise<Written> {
  const pending = pendingByKey(await tx.outboxFor([...keys]), skip);
  const records = await load(tx, keys);
  for (const key of keys) {
    const record = records.get(key) ?? undefined;
    const base = isTodo(key) ? baseOfTodo(record as TodoRecord) : baseOfTag(record as TagRecord);
    records.set(key, rebaseOne(key, base, pending.get(key) ?? []));
  }
  return store(tx, records);
}

export interface Rejection {
  mutation: OutboxRecord;
  detail: string;
}

/** Applied and duplicate mutations wait for a pull; rejected ones are dropped and their records rebased. */
export async function applyPushResults(
  tx: LocalTx,
  results: MutationResult[],
  /** The rows that were pushed, in push order (as read for the push). */
  pushed: OutboxRecord[],
): Promise<{ written: Written; rejected: Rejection[] }> {
  const byId = new Map(results.map((r) => [r.id, r]));
  const rejected: Rejection[] = [];
  let ackedThrough = 0;
  // The answered prefix of the batch: acknowledged up to its end, its rejected rows dropped. A row left
  // unanswered (and all after it) stays queued and is pushed again; the server answers a retry the same.
  for (const row of pushed) {
    const result = byId.get(row.id);
    if (!result) break;
    if (result.status === 'rejected') {
      rejected.push({ mutation: row, detail: result.problem?.detail ?? 'The server refused this change' });
    }
    ackedThrough = row.seq!;
  }
  await tx.ackThrough(ackedThrough);
  if (rejected.length === 0) return { written: nothingWritten(), rejected };
  await tx.deleteOutbox(rejected.map((r) => r.mutation));
  const keys = new Set(rejected.flatMap((r) => r.mutation.entities));
  return { written: await rebaseKeys(tx, keys, new Set()), rejected };
}

/**
 * Covered mutations are acknowledged rows read when the pull began, and only a pull's end deletes them:
 * they are all still in the outbox, so an outbox of as many rows holds nothing else.
 */
const allCovered = (outboxCount: number, covered: ReadonlySet<string>) => outboxCount === covered.size;

/**
 * One page of a pull: each changed record becomes the server's state with the still-pending mutations
 * re-applied. `covered` are mutations the server acknowledged before this pull began: pulled state has them.
 */
export async function applyPullPage(
  tx: LocalTx,
  changes: Change[],
  cursor: number,
  covered: ReadonlySet<string>,
): Promise<Written> {
  const latest = new Map<string, Change>();
  for (const change of changes) latest.set(`${change.entity}:${change.id}`, change);
  // The outbox is usually small next to a page: read it whole rather than look up every key. When it
  // holds only covered mutations (after pushing them all), nothing is re-applied: it is not read at all.
  const queuedCount = await tx.outboxCount();
  const rows =
    queuedCount === 0 || allCovered(queuedCount, covered)
      ? []
      : queuedCount <= 2000
        ? await tx.outbox()
        : await tx.outboxFor([...latest.keys()]);
  const pending = pendingByKey(rows, covered);
  // Local copies matter only to re-apply pending mutations, or to keep a recurring todo's series.
  const needed = [...latest].filter(
    ([key, c]) => pending.has(key) || (c.entity === 'todo' && c.todo?.recurrence && !('seriesId' in c.todo)),
  );
  const records = await load(
    tx,
    needed.map(([key]) => key),
  );
  for (const [key, change] of latest) {
    let base: TodoState | Tag | List | null = null;
    if (change.entity === 'todo' && !change.deleted && change.todo) {
      base = fromServerTodo(change.todo, (records.get(key) ?? undefined) as TodoRecord | undefined);
    } else if (change.entity === 'tag' && !change.deleted && change.tag) {
      base = change.tag;
    } else if (change.entity === 'list' && !change.deleted && change.list) {
      base = change.list;
    }
    records.set(key, rebaseOne(key, base, pending.get(key) ?? []));
  }
  for (const change of latest.values())
    if (change.entity === 'list' && change.deleted) await leaveList(tx, change.id, records);
  const written = await store(tx, records);
  await tx.setMeta('cursor', cursor);
  return written;
}

/**
 * A list's tombstone (deleted, or the person left or was removed): its todos leave the device with it.
 * The server sends their own tombstones as well (or, for the owner's `move`, their move to the Inbox,
 * which this page or an earlier one has applied): this only makes sure none is left behind.
 */
async function leaveList(tx: LocalTx, listId: string, records: Records): Promise<void> {
  // Not through load(): awaited here, its awaits of already settled store promises left Dexie's
  // transaction, so the cursor and the list's deletion were written apart from it and the todos stayed.
  const stored = await tx.todoIdsInList(listId);
  const missing = stored.filter((id) => !records.has(`todo:${id}`));
  const todos = await tx.getTodos(missing);
  missing.forEach((id, i) => records.set(`todo:${id}`, todos[i] ?? null));
  for (const [key, record] of records) {
    if (!isTodo(key) || !record) continue;
    const todo = record as TodoRecord;
    if (todo.listId === listId || (todo.deleted && todo.base?.listId === listId)) records.set(key, null);
  }
}

/** After the last page: the covered mutations are on the server and in the pulled state, so they go. */
export async function finishPull(tx: LocalTx, covered: ReadonlySet<string>, at: string): Promise<Written> {
  // Reading the whole outbox is one request; looking up 10,000 ids is a cursor step each.
  const rows = allCovered(await tx.outboxCount(), covered)
    ? (await tx.outbox()).filter((row) => covered.has(row.id))
    : await tx.outboxByIds([...covered]);
  await tx.deleteOutbox(rows);
  await ensureInbox(tx);
  await tx.setMeta('lastSyncedAt', at);
  return rebaseKeys(tx, new Set(rows.flatMap((row) => row.entities)), new Set());
}

/**
 * The server forgot changes older than our cursor: drop the local server state and pull from 0. Records
 * only made here are rebuilt from the queued mutations, so nothing the person did is lost.
 */
export async function resetLocal(tx: LocalTx, covered: ReadonlySet<string>): Promise<Written> {
  await tx.clearRecords();
  await ensureInbox(tx);
  await tx.setMeta('cursor', 0);
  const pending = pendingByKey(await tx.outbox(), covered);
  const records: Records = new Map();
  for (const [key, rows] of pending) records.set(key, rebaseOne(key, null, rows));
  return store(tx, records);
}
