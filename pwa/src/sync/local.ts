// The local side of sync, written once against a small transaction interface: Dexie in the app and the
// service worker, a Map in the property tests. Every function runs inside one transaction.
import type { Change, MutationResult, Tag } from '@todo/contracts';
import type { LocalTx } from '../db/local-tx.ts';
import type { OutboxRecord, TagRecord, TodoRecord, TodoState } from '../db/records.ts';
import { applyToTag, applyToTodo, entitiesOf, type Pending } from './apply.ts';
import {
  baseOfTag,
  baseOfTodo,
  fromServerTodo,
  rebaseTag,
  rebaseTodo,
  tagRecord,
  todoRecord,
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
}

type Records = Map<string, TodoRecord | TagRecord | null>;

const idOf = (key: string) => key.slice(key.indexOf(':') + 1);
const isTodo = (key: string) => key.startsWith('todo:');

async function load(tx: LocalTx, keys: Iterable<string>, into: Records = new Map()): Promise<Records> {
  const todoIds: string[] = [];
  const tagIds: string[] = [];
  for (const key of keys) if (!into.has(key)) (isTodo(key) ? todoIds : tagIds).push(idOf(key));
  // Sequential awaits of the store's own promises (see db/local-tx.ts).
  const todos = await tx.getTodos(todoIds);
  const tags = await tx.getTags(tagIds);
  todoIds.forEach((id, i) => into.set(`todo:${id}`, todos[i] ?? null));
  tagIds.forEach((id, i) => into.set(`tag:${id}`, tags[i] ?? null));
  return into;
}

async function store(tx: LocalTx, records: Records): Promise<Written> {
  const out: Written = { todos: [], removedTodos: [], tags: [], removedTags: [] };
  for (const [key, record] of records) {
    if (isTodo(key)) {
      if (record) out.todos.push(record as TodoRecord);
      else out.removedTodos.push(idOf(key));
    } else if (record) out.tags.push(record as TagRecord);
    else out.removedTags.push(idOf(key));
  }
  await tx.putTodos(out.todos);
  await tx.deleteTodos(out.removedTodos);
  await tx.putTags(out.tags);
  await tx.deleteTags(out.removedTags);
  return out;
}

/** Applies new mutations locally and queues them, in one transaction: the UI never waits for the network. */
export async function commitLocal(tx: LocalTx, mutations: Pending[]): Promise<Written> {
  const rows: OutboxRecord[] = [];
  for (const m of mutations) {
    const withTag = m.type === 'tag.delete' ? await tx.todoIdsWithTag(m.payload.id) : [];
    // (A tag deletion is the only mutation that reads before writing.)
    rows.push({ ...m, entities: entitiesOf(m, () => withTag) } as OutboxRecord);
  }
  const records = await load(
    tx,
    rows.flatMap((r) => r.entities),
  );
  for (const row of rows) {
    for (const key of row.entities) {
      const record = records.get(key) ?? undefined;
      const id = idOf(key);
      if (isTodo(key)) {
        const current = record as TodoRecord | undefined;
        const view = applyToTodo(viewOfTodo(current), row, id);
        records.set(key, todoRecord(view, baseOfTodo(current), true));
      } else {
        const current = record as TagRecord | undefined;
        const view = applyToTag(viewOfTag(current), row, id);
        records.set(key, tagRecord(view, baseOfTag(current), true));
      }
    }
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

function rebaseOne(key: string, base: TodoState | Tag | null, pending: OutboxRecord[]) {
  return isTodo(key)
    ? rebaseTodo(base as TodoState | null, pending, idOf(key))
    : rebaseTag(base as Tag | null, pending, idOf(key));
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
  if (rejected.length === 0)
    return { written: { todos: [], removedTodos: [], tags: [], removedTags: [] }, rejected };
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
    let base: TodoState | Tag | null = null;
    if (change.entity === 'todo' && !change.deleted && change.todo) {
      base = fromServerTodo(change.todo, (records.get(key) ?? undefined) as TodoRecord | undefined);
    } else if (change.entity === 'tag' && !change.deleted && change.tag) {
      base = change.tag;
    }
    records.set(key, rebaseOne(key, base, pending.get(key) ?? []));
  }
  const written = await store(tx, records);
  await tx.setMeta('cursor', cursor);
  return written;
}

/** After the last page: the covered mutations are on the server and in the pulled state, so they go. */
export async function finishPull(tx: LocalTx, covered: ReadonlySet<string>, at: string): Promise<Written> {
  // Reading the whole outbox is one request; looking up 10,000 ids is a cursor step each.
  const rows = allCovered(await tx.outboxCount(), covered)
    ? (await tx.outbox()).filter((row) => covered.has(row.id))
    : await tx.outboxByIds([...covered]);
  await tx.deleteOutbox(rows);
  await tx.setMeta('lastSyncedAt', at);
  return rebaseKeys(tx, new Set(rows.flatMap((row) => row.entities)), new Set());
}

/**
 * The server forgot changes older than our cursor: drop the local server state and pull from 0. Records
 * only made here are rebuilt from the queued mutations, so nothing the person did is lost.
 */
export async function resetLocal(tx: LocalTx, covered: ReadonlySet<string>): Promise<Written> {
  await tx.clearRecords();
  await tx.setMeta('cursor', 0);
  const pending = pendingByKey(await tx.outbox(), covered);
  const records: Records = new Map();
  for (const [key, rows] of pending) records.set(key, rebaseOne(key, null, rows));
  return store(tx, records);
}
