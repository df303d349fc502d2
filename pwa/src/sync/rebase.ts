// Rebase: the local copy of a record is the server's state with the pending mutations re-applied in
// order, so a pull never makes a local change flicker back. Pure functions over one record at a time.
import type { List, Tag, Todo } from '@todo/contracts';
import type { ListRecord, Series, TagRecord, TodoRecord, TodoState } from '../db/records.ts';
import { stateOfList, stateOfTag, stateOfTodo } from '../db/records.ts';
import { byPosition } from '../lib/positions.ts';
import { applyToList, applyToTag, applyToTodo, type Pending } from './apply.ts';

/** The server's state of a stored record: its `base` while mutations are pending, else the record itself. */
export function baseOfTodo(record: TodoRecord | undefined): TodoState | null {
  if (!record) return null;
  return record.base !== undefined ? record.base : stateOfTodo(record);
}

export function baseOfTag(record: TagRecord | undefined): Tag | null {
  if (!record) return null;
  return record.base !== undefined ? record.base : stateOfTag(record);
}

/** What the person sees of a stored record (null when it is gone or deleted here). */
export function viewOfTodo(record: TodoRecord | undefined): TodoState | null {
  return record && !record.deleted ? stateOfTodo(record) : null;
}

export function viewOfTag(record: TagRecord | undefined): Tag | null {
  return record && !record.deleted ? stateOfTag(record) : null;
}

export function baseOfList(record: ListRecord | undefined): List | null {
  if (!record) return null;
  return record.base !== undefined ? record.base : stateOfList(record);
}

export function viewOfList(record: ListRecord | undefined): List | null {
  return record && !record.deleted ? stateOfList(record) : null;
}

/** The record to store: null means none (nothing on the server, nothing pending). */
export function todoRecord(
  view: TodoState | null,
  base: TodoState | null,
  pending: boolean,
): TodoRecord | null {
  if (!pending) return base;
  if (view) return { ...view, base };
  return base ? { ...base, base, deleted: true } : null;
}

export function tagRecord(view: Tag | null, base: Tag | null, pending: boolean): TagRecord | null {
  if (!pending) return base;
  if (view) return { ...view, base };
  return base ? { ...base, base, deleted: true } : null;
}

export function listRecord(view: List | null, base: List | null, pending: boolean): ListRecord | null {
  if (!pending) return base;
  if (view) return { ...view, base };
  return base ? { ...base, base, deleted: true } : null;
}

export function rebaseTodo(
  base: TodoState | null,
  pending: readonly Pending[],
  id: string,
): TodoRecord | null {
  const view = pending.reduce<TodoState | null>((todo, m) => applyToTodo(todo, m, id), base);
  return todoRecord(view, base, pending.length > 0);
}

export function rebaseTag(base: Tag | null, pending: readonly Pending[], id: string): TagRecord | null {
  const view = pending.reduce<Tag | null>((tag, m) => applyToTag(tag, m, id), base);
  return tagRecord(view, base, pending.length > 0);
}

export function rebaseList(base: List | null, pending: readonly Pending[], id: string): ListRecord | null {
  const view = pending.reduce<List | null>((list, m) => applyToList(list, m, id), base);
  return listRecord(view, base, pending.length > 0);
}

/** Series fields, when the server sends them (they are not in the public Todo yet). */
type ServerTodo = Todo & { seriesId?: string | null; seriesStart?: string | null; occurrenceIndex?: number };

/**
 * A pulled todo in the local shape. Without series fields from the server, a series known here is kept,
 * restarted at the due time when the rule or due time changed (as the server does).
 */
export function fromServerTodo(todo: ServerTodo, local: TodoRecord | undefined): TodoState {
  const { tags, seriesId, seriesStart, occurrenceIndex, ...rest } = todo;
  let series: Series | null = null;
  if (seriesId && seriesStart) {
    series = { id: seriesId, start: new Date(seriesStart).toISOString(), index: occurrenceIndex ?? 1 };
  } else {
    const before = baseOfTodo(local) ?? (local ? stateOfTodo(local) : null);
    const known = before?.series ?? null;
    const same =
      before !== null &&
      before.dueAt === todo.dueAt &&
      JSON.stringify(before.recurrence) === JSON.stringify(todo.recurrence);
    if (known && todo.recurrence && todo.dueAt && !same) series = { ...known, start: todo.dueAt };
    else series = known;
  }
  // The server sends the checklist in order already; sorted here too, as a local change keeps it.
  return { ...rest, subtasks: [...rest.subtasks].sort(byPosition), tagIds: tags.map((t) => t.id), series };
}
