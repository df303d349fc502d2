// The steps every write to a todo shares inside its transaction, whichever module makes it (todos,
// tags, reminders, the reminder clock, settings): lock the person's own row, check referenced tags,
// and commit (new version, change-log entry, outbox event) in one place.
import type { TodoEventType } from '@todo/contracts';
import { badRequest, notFound } from '@todo/platform';
import { inboxIdOf } from '../lists/inbox.ts';
import type { ChangeLog } from './changes.repository.ts';

/** A todo as a change names it: its id, and its title for the event. */
export interface TodoRef {
  id: string;
  title: string;
  /** Its list, when the caller has it (saves looking it up). */
  listId?: string;
}

/** What the write helpers need of a service's repositories (each service's own interface has more). */
export interface TodoWriteRepositories {
  todos: {
    /** The columns the caller changes, with the new version and when: its todos repository's own row type. */
    update(id: string, patch: { title?: string; version: number; updatedAt: Date }): Promise<void>;
  };
  changes: ChangeLog;
}

/** The person's own todo, locked until the transaction ends; 404 when it is not theirs. */
export async function lockTodo<T>(
  r: { todos: { findOwned(userId: string, id: string, options: { lock: boolean }): Promise<T | undefined> } },
  userId: string,
  id: string,
): Promise<T> {
  const todo = await r.todos.findOwned(userId, id, { lock: true });
  if (!todo) throw notFound(`Todo ${id}`);
  return todo;
}

export async function assertTagsOwned(
  r: { tags: { missing(userId: string, ids: string[]): Promise<string[]> } },
  userId: string,
  tagIds: string[],
): Promise<void> {
  const missing = await r.tags.missing(userId, tagIds);
  if (missing.length > 0) {
    throw badRequest(
      `Tag ${missing[0]} does not exist`,
      missing.map((id) => ({ path: `tagIds.${tagIds.indexOf(id)}`, message: `tag ${id} does not exist` })),
    );
  }
}

export interface TodoCommit {
  userId: string;
  todo: TodoRef;
  /** Columns of the todo to change (its repository's row type), passed on as they are. */
  patch: { title?: string } & Record<string, unknown>;
  now: Date;
  type: TodoChangeType;
  changes?: string[];
  nextTodoId?: string | null;
}

/** The events of a change to a todo (tag events are the tags service's). */
export type TodoChangeType = Extract<TodoEventType, `todo.${string}`>;

/** Gives the todo the person's next version and records the change for sync and for the outbox. */
export async function commitTodo(r: TodoWriteRepositories, c: TodoCommit): Promise<number> {
  const version = await r.changes.nextVersion(c.userId);
  await r.todos.update(c.todo.id, { ...c.patch, version, updatedAt: c.now });
  const listId = (c.patch.listId as string | undefined) ?? c.todo.listId;
  await recordTodoChange(
    r,
    { ...c, listId, todoId: c.todo.id, title: c.patch.title ?? c.todo.title },
    version,
  );
  return version;
}

/** Something that belongs to the todo changed (its tags, reminders): it gets a new version and an event. */
export function touchTodo(
  r: TodoWriteRepositories,
  userId: string,
  todo: TodoRef,
  now: Date,
  changes: string[],
): Promise<number> {
  return commitTodo(r, { userId, todo, patch: {}, now, type: 'todo.updated', changes });
}

export interface TodoChange {
  userId: string;
  /** The todo's list when it is known (a deleted todo's row is gone); else it is looked up. */
  listId?: string | undefined;
  todoId: string;
  title: string;
  now: Date;
  type: TodoChangeType;
  changes?: string[] | undefined;
  nextTodoId?: string | null | undefined;
}

export async function recordTodoChange(
  r: { changes: ChangeLog },
  c: TodoChange,
  version: number,
): Promise<void> {
  const op = c.type === 'todo.deleted' ? 'delete' : 'upsert';
  await r.changes.recordAndEmit(
    c.userId,
    [{ version, entity: 'todo', entityId: c.todoId, op, at: c.now }],
    [{ topic: 'todo-events', userId: c.userId, ...todoEvent(c, version) }],
    c.now,
  );
  // A todo of a shared list changes for every member: each gets it in their own change log and a poke.
  // Reminders and tags are each member's own: a change to them is no change to anyone else's todo.
  if (c.type === 'todo.updated' && c.changes?.length && c.changes.every((f) => PERSONAL_PARTS.has(f))) return;
  const others = await othersIn(r, c.userId, c.listId ? { listId: c.listId } : { todoId: c.todoId });
  if (others.length === 0) return;
  const by = { userId: c.userId, name: await r.changes.nameOf(c.userId) };
  for (const member of others) {
    const theirs = await r.changes.nextVersion(member);
    await r.changes.recordAndEmit(
      member,
      [{ version: theirs, entity: 'todo', entityId: c.todoId, op, at: c.now }],
      [{ topic: 'todo-events', userId: member, ...todoEvent(c, theirs, by) }],
      c.now,
    );
  }
}

/**
 * The other members of a list (or of a todo's list), whose change logs a change goes to too. A
 * person's Inbox is never shared (its id derives from theirs): no query for the common case.
 */
export async function othersIn(
  r: { changes: ChangeLog },
  userId: string,
  of: { listId: string } | { todoId: string },
): Promise<string[]> {
  if ('listId' in of && of.listId === inboxIdOf(userId)) return [];
  return (await r.changes.audience(of)).filter((id) => id !== userId);
}

/** What of a todo is each person's own (see todos.repository.ts's todoJson). */
const PERSONAL_PARTS = new Set(['reminders', 'reminderSent', 'tags', 'tagIds']);

/** These people can no longer see these todos (their list went, or they left it): tombstones in their logs. */
export async function revokeTodos(
  r: { changes: ChangeLog },
  userIds: string[],
  todoIds: string[],
  now: Date,
): Promise<void> {
  if (todoIds.length === 0) return;
  for (const userId of userIds) {
    const first = await r.changes.nextVersions(userId, todoIds.length);
    await r.changes.recordMany(
      userId,
      todoIds.map((id, i) => ({ version: first + i, entity: 'todo', entityId: id, op: 'revoke', at: now })),
    );
  }
}

/** `by`: who made it, on the events of the other members of a shared list. */
function todoEvent(c: TodoChange, version: number, by?: { userId: string; name: string }) {
  const data = { todoId: c.todoId, version, title: c.title, ...(by ? { by } : {}) };
  switch (c.type) {
    case 'todo.updated':
      return { type: c.type, data: { ...data, changes: c.changes ?? [] } };
    case 'todo.completed':
      return { type: c.type, data: { ...data, nextTodoId: c.nextTodoId ?? null } };
    default:
      return { type: c.type, data };
  }
}
