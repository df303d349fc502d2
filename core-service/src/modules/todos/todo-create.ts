// Creating todos, one or thousands at once (a device coming back online with its queue): the same
// rules either way, in a fixed number of statements per batch rather than per todo.
import type { ReminderCreate, TodoCreate } from '@todo/contracts';
import { conflict } from '@todo/platform';
import { defaultReminderId, getsDefaultReminder, normalizeDue } from '@todo/todo-rules';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { v7 as uuidv7 } from 'uuid';
import { checkedPosition } from '../lists/positions.ts';
import { reminderSetAt, resolveRemindAt } from '../reminders/reminder.domain.ts';
import type { NewReminder } from '../reminders/reminders.repository.ts';
import type { TodoDefaults } from '../users/users.repository.ts';
import { recurrenceColumns } from './todo-recurrence.ts';
import { FALLBACK_TODO_DEFAULTS } from '../changes/changes.repository.ts';
import { assertTagsOwned, othersIn } from '../changes/todo-writes.ts';
import { placeTodos, type Placement } from '../lists/placement.ts';
import type { InboxContext, TodoRepositories, TodoRow } from './todo-store.ts';
import type { InboxWritten } from './inbox-writes.ts';

export type NewTodo = TodoCreate & { id: string };

/** Fails with 409 when any id is taken (by anyone) or was deleted: ids are never reused. */
export async function assertIdsFree(r: TodoRepositories, userId: string, ids: string[]): Promise<void> {
  const taken = [...(await r.todos.existing(ids)), ...(await r.changes.deletedAmong(userId, 'todo', ids))];
  if (taken.length > 0)
    throw conflict(`Todo id ${taken[0]} is already taken or was deleted; create it with a new id`);
}

/**
 * Inserts new todos with their tags and reminders, versions, change-log entries and events.
 * `madeAt[i]`: when a device made `inputs[i]` (a sync mutation's time), which its reminders keep as
 * when they were set (reminderSetAt).
 */
export async function insertTodos(
  r: TodoRepositories,
  userId: string,
  inputs: NewTodo[],
  now: Date,
  madeAt: readonly (string | undefined)[] = [],
): Promise<void> {
  const tagIds = [...new Set(inputs.flatMap((i) => i.tagIds ?? []))];
  if (tagIds.length > 0) await assertTagsOwned(r, userId, tagIds);
  // The versions first: taking them locks the person's row, so their creates place their todos one
  // after another (two would otherwise both go after the same last todo). The person's defaults, when
  // a todo needs them, come with the versions (one statement less).
  const { first, defaults } = inputs.some((i) => !i.timeZone || (i.allDay && !i.reminders))
    ? await r.changes.nextVersionsWithDefaults(userId, inputs.length)
    : { first: await r.changes.nextVersions(userId, inputs.length), defaults: FALLBACK_TODO_DEFAULTS };
  const placed = await placeTodos(r, userId, inputs);
  const rows = inputs.map((input, i) => todoRow(input, placed[i]!, userId, defaults.timeZone, now));
  const reminders = inputs.flatMap((input, i) =>
    reminderRows(input, rows[i]!, defaults, reminderSetAt(madeAt[i], now)),
  );
  rows.forEach((row, i) => (row.version = first + i));
  await r.todos.insertMany(rows);
  await r.todos.addTagsMany(
    inputs.flatMap((i) => (i.tagIds ?? []).map((tagId) => ({ todoId: i.id, tagId }))),
  );
  await r.reminders.insert(reminders);
  await r.subtasks.insert(
    inputs.flatMap((input) => subtaskRows(input)),
    now,
  );
  await r.changes.recordAndEmit(
    userId,
    rows.map((row) => ({ version: row.version, entity: 'todo', entityId: row.id, op: 'upsert', at: now })),
    rows.map((row) => ({
      topic: 'todo-events',
      type: 'todo.created',
      userId,
      data: { todoId: row.id, version: row.version, title: row.title },
    })),
    now,
  );
  await shareCreated(r, userId, rows, now);
}

/** Whether a new todo can be made by createInInbox: one with nothing attached, to go to the Inbox. */
export function fitsInbox(input: NewTodo): boolean {
  if (input.listId || input.position || input.assigneeId) return false;
  return !input.tagIds?.length && !input.reminders?.length && !input.subtasks?.length;
}

/**
 * A new todo at the end of the person's Inbox with nothing attached (what most creates through the API
 * are; fitsInbox), as one statement instead of a transaction of seven round trips (issue 14;
 * bench/write-path.ts measures both), going by `context` (InboxWrites): its place, defaults and
 * version, written only while the person's row still holds them. The same row, change-log entry and
 * event as insertTodos makes. undefined when it needs a reminder (a default one): insertTodos then.
 */
export async function createInInbox(
  r: TodoRepositories,
  userId: string,
  input: NewTodo,
  now: Date,
  context: InboxContext,
): Promise<InboxWritten | 'moved' | undefined> {
  const placed = {
    listId: context.inboxId,
    position: generateKeyBetween(context.lastTodo, null),
    assigneeId: null,
  };
  const row = todoRow(input, placed, userId, context.defaults.timeZone, now);
  if (reminderRows(input, row, context.defaults, now).length > 0) return undefined;
  row.version = context.version + 1;
  const event = {
    topic: 'todo-events',
    type: 'todo.created',
    userId,
    data: { todoId: row.id, version: row.version, title: row.title },
  } as const;
  const todo = await r.todos.createInInbox(row, context, event);
  if (todo === 'moved') return todo;
  return { todo, context: { ...context, version: row.version, lastTodo: row.position } };
}

/** New todos in shared lists go into every other member's change log too, with a poke. */
async function shareCreated(r: TodoRepositories, userId: string, rows: TodoRow[], now: Date): Promise<void> {
  for (const listId of new Set(rows.map((row) => row.listId))) {
    const others = await othersIn(r, userId, { listId });
    const inList = rows.filter((row) => row.listId === listId);
    const by = others.length > 0 ? { userId, name: await r.changes.nameOf(userId) } : undefined;
    for (const member of others) {
      const first = await r.changes.nextVersions(member, inList.length);
      await r.changes.recordAndEmit(
        member,
        inList.map((row, i) => ({
          version: first + i,
          entity: 'todo',
          entityId: row.id,
          op: 'upsert',
          at: now,
        })),
        inList.map((row, i) => ({
          topic: 'todo-events',
          type: 'todo.created',
          userId: member,
          data: { todoId: row.id, version: first + i, title: row.title, by },
        })),
        now,
      );
    }
  }
}

/** The checklist a new todo comes with, in the order given unless positions are. */
function subtaskRows(input: NewTodo) {
  const subtasks = input.subtasks ?? [];
  const keys = generateNKeysBetween(null, null, subtasks.length);
  return subtasks.map((s, i) => ({
    id: s.id ?? uuidv7(),
    todoId: input.id,
    title: s.title,
    done: s.done ?? false,
    position: s.position ? checkedPosition(s.position, `subtasks.${i}.position`) : keys[i]!,
  }));
}

function todoRow(input: NewTodo, placed: Placement, userId: string, zone: string, now: Date): TodoRow {
  const allDay = input.allDay ?? false;
  const timeZone = input.timeZone ?? zone;
  const due = normalizeDue(input.dueAt ?? null, allDay, timeZone);
  const dueAt = due === null ? null : new Date(due);
  const recurrence = input.recurrence
    ? recurrenceColumns(input.recurrence, { id: input.id, seriesId: null }, dueAt)
    : {};
  return {
    description: '',
    status: 'open',
    completedAt: null,
    recurringType: 'none',
    rrule: null,
    recurringEndDate: null,
    recurrenceCount: null,
    fromCompletion: false,
    seriesId: null,
    seriesStart: null,
    occurrenceIndex: 1,
    ...placed,
    ...recurrence,
    id: input.id,
    userId,
    title: input.title,
    ...(input.description !== undefined ? { description: input.description } : {}),
    priority: input.priority ?? 'medium',
    dueAt,
    allDay,
    timeZone,
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** The reminders asked for; an all-day todo that asks for none reminds on its date at the default time. */
function reminderRows(input: NewTodo, row: TodoRow, defaults: TodoDefaults, setAt: Date): NewReminder[] {
  const asked: ReminderCreate[] =
    input.reminders ??
    (getsDefaultReminder(null, row, 0)
      ? [{ id: defaultReminderId(row.id), timeOfDay: defaults.reminderTime }]
      : []);
  return asked.map((rem) => ({
    id: rem.id ?? uuidv7(),
    todoId: row.id,
    userId: row.userId,
    remindAt: resolveRemindAt(rem, row),
    offsetMinutes: rem.offsetMinutes ?? null,
    timeOfDay: rem.timeOfDay ?? null,
    createdAt: setAt,
  }));
}
