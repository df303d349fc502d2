// What the PWA keeps in IndexedDB: todos, tags and lists as the person sees them (server state with
// pending local mutations applied), the outbox of those mutations, and a few meta values.
import type {
  List,
  MutationPayloadMap,
  MutationType,
  Priority,
  Recurrence,
  Reminder,
  Status,
  Subtask,
  Tag,
} from '@todo/contracts';

/** Where a recurring todo sits in its series; the next occurrence's id derives from it. */
export interface Series {
  /** Id of the series' first todo; occurrence ids are made from it (see @todo/recurrence). */
  id: string;
  /** The due time the series counts from (ISO instant). */
  start: string;
  /** 1 for the first occurrence. */
  index: number;
}

/** A todo with its tags as ids (chips read names and colours from the tags store, which stays current). */
export interface TodoState {
  id: string;
  title: string;
  description: string;
  status: Status;
  priority: Priority;
  dueAt: string | null;
  /** A date without a time: `dueAt` is the start of that date in `timeZone`. */
  allDay: boolean;
  timeZone: string;
  tagIds: string[];
  recurrence: Recurrence | null;
  reminders: Reminder[];
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The list it sits in (the person's Inbox unless they chose another; see inboxIdOf). */
  listId: string;
  /** Manual order within its list: a fractional index key (compare with `<`, byte-wise, not localeCompare). */
  position: string;
  /** Who of a shared list's members does it; null for nobody. */
  assigneeId: string | null;
  /** The checklist, in order (position, then id). */
  subtasks: Subtask[];
  /** Known when made here or sent by the server; without it a completion waits for the server's next occurrence. */
  series: Series | null;
}

/**
 * A stored todo. `base` is what the server has while local mutations are pending (null: the server has
 * not seen it yet); it is absent when the todo is in sync. `deleted` marks a local delete not yet pulled back.
 */
export interface TodoRecord extends TodoState {
  base?: TodoState | null;
  deleted?: true;
}

export interface TagRecord extends Tag {
  base?: Tag | null;
  deleted?: true;
}

/** A list the person owns or was admitted to; `base` and `deleted` as for a todo. */
export interface ListRecord extends List {
  base?: List | null;
  deleted?: true;
}

/** Payloads of the mutations the PWA sends, as the contract's schemas give them (packages/contracts/src/sync.ts). */
export type { MutationPayloadMap };

export type Mutation = {
  [K in MutationType]: { id: string; type: K; payload: MutationPayloadMap[K]; createdAt: string };
}[MutationType];

/**
 * One queued change, kept until a pull shows the server has it. Pushes go in `seq` order and every
 * pushed row is answered (applied, duplicate: acknowledged; rejected: dropped), so acknowledged rows are
 * always a prefix of the outbox: `meta.ackedSeq` marks its end, and acknowledging a batch is one write.
 */
export type OutboxRecord = Mutation & {
  /** Auto-incremented: the order mutations were made and are pushed in. */
  seq?: number;
  /** `todo:<id>` / `tag:<id>` / `list:<id>` of every record it changes, so a rebase finds what to re-apply. */
  entities: string[];
  /** For a completion of a recurring todo: the next occurrence made here (the server makes the same id). */
  next?: TodoState;
  /** For a reopening of a completed recurring todo: the id of the occurrence its completion made, which goes. */
  undoes?: string;
  /**
   * For an update that makes a todo all-day with a date: the person's default reminder time, so the
   * reminder the server then adds (when the todo has none) shows here at once, with the server's id.
   */
  defaultReminderTime?: string;
  /**
   * For a deletion of a list that moves its todos: the person's Inbox and the place each todo gets at
   * its end, so the move shows here at once (the server appends them in its own order; a pull corrects it).
   */
  movedTo?: { listId: string; positions: Record<string, string> };
};

export interface MetaRecord {
  key: MetaKey;
  value: unknown;
}

/** Meta keys: do not rename without a migration. */
export type MetaKey =
  | 'cursor'
  | 'ackedSeq'
  | 'clientId'
  | 'user'
  | 'lastSyncedAt'
  | 'persistAsked'
  | 'notices'
  | 'sessionExpired'
  /** The settings as the server last answered them, shown (read-only) offline. */
  | 'settings';

export const todoKey = (id: string) => `todo:${id}`;
export const tagKey = (id: string) => `tag:${id}`;
export const listKey = (id: string) => `list:${id}`;

/** Todos stored before lists existed sit in the Inbox (database.ts v4 fills it in; this is what is left). */
const UNPLACED = { listId: '', position: '', assigneeId: null, subtasks: [] };

/**
 * A todo stored before all-day todos existed reads as a timed one whose reminders have no time of day,
 * and one stored before lists without a checklist (no index changed, so rows are completed as they are read).
 */
export function withDefaults<T extends TodoState>(todo: T): T {
  const reminders = todo.reminders.some((r) => r.timeOfDay === undefined);
  if (todo.allDay !== undefined && !reminders && todo.subtasks !== undefined) return todo;
  return {
    ...UNPLACED,
    ...todo,
    allDay: todo.allDay ?? false,
    reminders: reminders
      ? todo.reminders.map((r) => (r.timeOfDay === undefined ? { ...r, timeOfDay: null } : r))
      : todo.reminders,
  };
}

/** Dexie's reading hook (it also sees `undefined` for a key that is not stored). */
export function readTodoRecord(record: TodoRecord | undefined): TodoRecord | undefined {
  if (!record) return record;
  const todo = withDefaults(record);
  return todo.base ? { ...todo, base: withDefaults(todo.base) } : todo;
}

export function readOutboxRecord(row: OutboxRecord | undefined): OutboxRecord | undefined {
  return row?.next ? { ...row, next: withDefaults(row.next) } : row;
}

/** A record as the person sees it, without the sync bookkeeping. */
export function stateOfTodo(record: TodoRecord): TodoState {
  const { base: _base, deleted: _deleted, ...state } = record;
  return state;
}

export function stateOfTag(record: TagRecord): Tag {
  const { base: _base, deleted: _deleted, ...tag } = record;
  return tag;
}

export function stateOfList(record: ListRecord): List {
  const { base: _base, deleted: _deleted, ...list } = record;
  return list;
}
