// What a mutation does to the local copy of one record: pure functions, used for local writes and to
// re-apply pending mutations over pulled state (rebase). Due dates and reminders follow @todo/todo-rules,
// the rules core-service runs.
import type { Recurrence, RecurrenceInput, Reminder, ReminderCreate, Tag, TodoPatch } from '@todo/contracts';
import {
  defaultReminder,
  dueAfter,
  firstRemindAt,
  followDue,
  getsDefaultReminder,
  normalizeDue,
  snoozedUntil,
  type DueTime,
} from '@todo/todo-rules';
import type { Mutation, TodoState } from '../db/records.ts';

/**
 * A queued mutation as apply needs it: the completion of a recurring todo carries its next occurrence,
 * and reopening it (undo) the id of that occurrence, which the server removes as well; an update that makes a todo all-day carries the default reminder time the server will remind at.
 */
export type Pending = Mutation & { next?: TodoState; undoes?: string; defaultReminderTime?: string };

/** The server answers instants in UTC with milliseconds; local copies use the same form, so they compare equal. */
export { instant } from '@todo/todo-rules';

function byTime(a: Reminder, b: Reminder): number {
  return a.remindAt.localeCompare(b.remindAt) || a.id.localeCompare(b.id);
}

/** The shorthand types expand to their rule; written as the server stores it. */
export function toRecurrence(input: RecurrenceInput): Recurrence {
  return {
    type: input.type,
    rrule: input.rrule ?? `FREQ=${input.type.toUpperCase()}`,
    until: input.until ?? null,
    count: input.count ?? null,
    fromCompletion: input.fromCompletion ?? false,
  };
}

function newReminder(input: ReminderCreate, todo: DueTime, fallbackId: string): Reminder | null {
  const remindAt = firstRemindAt(input, todo);
  if (remindAt === null) return null; // the server refuses a reminder relative to a due date it lacks
  return {
    id: input.id ?? fallbackId,
    remindAt,
    offsetMinutes: input.offsetMinutes ?? null,
    timeOfDay: input.timeOfDay ?? null,
    sentAt: null,
  };
}

function created(m: Extract<Pending, { type: 'todo.create' }>): TodoState | null {
  const p = m.payload;
  const timeZone = p.timeZone ?? 'UTC';
  const allDay = p.allDay ?? false;
  const dueAt = normalizeDue(p.dueAt ?? null, allDay, timeZone);
  // The server refuses a recurring todo without a due time: such a create will be rejected.
  if (p.recurrence && dueAt === null) return null;
  const recurrence = p.recurrence ? toRecurrence(p.recurrence) : null;
  const reminders = (p.reminders ?? [])
    .map((r, i) => newReminder(r, { dueAt, timeZone }, `${m.id}-${i}`))
    .filter((r): r is Reminder => r !== null)
    .sort(byTime);
  return {
    id: p.id,
    title: p.title.trim(),
    description: p.description ?? '',
    status: 'open',
    priority: p.priority ?? 'medium',
    dueAt,
    allDay,
    timeZone,
    tagIds: [...new Set(p.tagIds ?? [])],
    recurrence,
    reminders,
    completedAt: null,
    createdAt: m.createdAt,
    updatedAt: m.createdAt,
    version: 0,
    series: recurrence && dueAt ? { id: p.id, start: dueAt, index: 1 } : null,
  };
}

/**
 * A todo that becomes all-day with a date and has no reminder gets the server's default one, at the
 * person's default time (carried by the update, as the server reads it from their settings).
 */
function withDefaultReminder(before: TodoState, after: TodoState, time: string | undefined): TodoState {
  if (time === undefined || !getsDefaultReminder(before, after, after.reminders.length)) return after;
  return {
    ...after,
    reminders: [{ ...defaultReminder(after.id, { ...after, dueAt: after.dueAt! }, time), sentAt: null }],
  };
}

function updated(todo: TodoState, fields: TodoPatch, now: string, defaultTime?: string): TodoState {
  const due = dueAfter(todo, fields);
  const { dueAt } = due;
  const dueMoved = dueAt !== todo.dueAt;
  const keepsRule = fields.recurrence === undefined && dueMoved && todo.recurrence !== null;
  // The server refuses a recurring todo without a due time, and the whole mutation with it.
  if (dueAt === null && (fields.recurrence || keepsRule)) return todo;
  const next: TodoState = { ...todo, updatedAt: now };
  if (fields.status === 'done' && todo.status !== 'done')
    Object.assign(next, { status: 'done', completedAt: now });
  if (fields.status === 'open' && todo.status !== 'open')
    Object.assign(next, { status: 'open', completedAt: null });
  if (fields.title !== undefined) next.title = fields.title.trim();
  if (fields.description !== undefined) next.description = fields.description;
  if (fields.priority !== undefined) next.priority = fields.priority;
  if (fields.tagIds !== undefined) next.tagIds = [...new Set(fields.tagIds)];
  Object.assign(next, due);
  if (dueMoved || due.timeZone !== todo.timeZone)
    next.reminders = followDue(todo.reminders, due, now).sort(byTime);
  if (fields.recurrence !== undefined) {
    next.recurrence = fields.recurrence === null ? null : toRecurrence(fields.recurrence);
    // Setting a rule (re)starts the series at the due time; clearing it keeps the series' identity.
    if (fields.recurrence !== null) next.series = restartedSeries(todo, dueAt!);
  } else if (keepsRule) {
    next.series = restartedSeries(todo, dueAt!);
  }
  return withDefaultReminder(todo, next, defaultTime);
}

/**
 * The server keeps a series' id when its rule or due time changes and starts a todo's own series when
 * it first recurs. A recurring todo pulled without its series stays unknown (its id is the server's).
 */
function restartedSeries(todo: TodoState, start: string): TodoState['series'] {
  if (todo.series) return { ...todo.series, start };
  return todo.recurrence === null ? { id: todo.id, start, index: 1 } : null;
}

function withReminders(todo: TodoState, reminders: Reminder[], now: string): TodoState {
  return { ...todo, reminders: reminders.sort(byTime), updatedAt: now };
}

/** The record `id` after `m`; null when it does not exist (or no longer does). */
export function applyToTodo(todo: TodoState | null, m: Pending, id: string): TodoState | null {
  const now = m.createdAt;
  switch (m.type) {
    case 'todo.create':
      return todo ?? (m.payload.id === id ? created(m) : null);
    case 'todo.complete':
      if (m.next && m.next.id === id && m.payload.id !== id) return todo ?? m.next;
      if (!todo || todo.status === 'done') return todo;
      return { ...todo, status: 'done', completedAt: now, updatedAt: now };
    case 'todo.reopen':
      // The occurrence the completion made goes, as on the server, unless it was completed in its turn.
      if (m.undoes === id && m.payload.id !== id) return todo?.status === 'open' ? null : todo;
      if (!todo || todo.status === 'open') return todo;
      return { ...todo, status: 'open', completedAt: null, updatedAt: now };
    case 'todo.delete':
      return m.payload.id === id ? null : todo;
    case 'tag.delete':
      if (!todo || !todo.tagIds.includes(m.payload.id)) return todo;
      return { ...todo, tagIds: todo.tagIds.filter((t) => t !== m.payload.id), updatedAt: now };
    default:
      return todo ? applyToExisting(todo, m, now) : null;
  }
}

function applyToExisting(todo: TodoState, m: Pending, now: string): TodoState {
  switch (m.type) {
    case 'todo.update':
      return updated(todo, m.payload.fields, now, m.defaultReminderTime);
    case 'todo.addTags': {
      const added = m.payload.tagIds.filter((t) => !todo.tagIds.includes(t));
      return added.length ? { ...todo, tagIds: [...todo.tagIds, ...new Set(added)], updatedAt: now } : todo;
    }
    case 'todo.removeTag':
      if (!todo.tagIds.includes(m.payload.tagId)) return todo;
      return { ...todo, tagIds: todo.tagIds.filter((t) => t !== m.payload.tagId), updatedAt: now };
    case 'reminder.add': {
      const reminder = newReminder(m.payload.reminder, todo, m.id);
      if (!reminder || todo.reminders.some((r) => r.id === reminder.id)) return todo;
      return withReminders(todo, [...todo.reminders, reminder], now);
    }
    case 'reminder.delete':
      if (!todo.reminders.some((r) => r.id === m.payload.reminderId)) return todo;
      return withReminders(
        todo,
        todo.reminders.filter((r) => r.id !== m.payload.reminderId),
        now,
      );
    case 'reminder.snooze': {
      const { reminderId, minutes } = m.payload;
      if (!todo.reminders.some((r) => r.id === reminderId)) return todo;
      const remindAt = snoozedUntil(now, minutes);
      const reminders = todo.reminders.map((r) =>
        r.id === reminderId ? { ...r, remindAt, sentAt: null } : r,
      );
      return withReminders(todo, reminders, now);
    }
    default:
      return todo;
  }
}

/** The tag `id` after `m`. */
export function applyToTag(tag: Tag | null, m: Pending, id: string): Tag | null {
  switch (m.type) {
    case 'tag.create':
      return (
        tag ??
        (m.payload.id === id ? { id, name: m.payload.name.trim(), color: color(m.payload.color) } : null)
      );
    case 'tag.update':
      if (!tag) return null;
      return {
        ...tag,
        ...(m.payload.fields.name !== undefined ? { name: m.payload.fields.name.trim() } : {}),
        ...(m.payload.fields.color !== undefined ? { color: color(m.payload.fields.color) } : {}),
      };
    case 'tag.delete':
      return m.payload.id === id ? null : tag;
    default:
      return tag;
  }
}

const color = (value: string | undefined) => (value ?? '#4b5563').toLowerCase();

/** The records a mutation changes, as `todo:<id>` / `tag:<id>` keys (tag deletions add the todos that carry it). */
export function entitiesOf(m: Pending, todosWithTag: (tagId: string) => string[] = () => []): string[] {
  switch (m.type) {
    case 'tag.create':
    case 'tag.update':
      return [`tag:${m.payload.id}`];
    case 'tag.delete':
      return [`tag:${m.payload.id}`, ...todosWithTag(m.payload.id).map((t) => `todo:${t}`)];
    case 'reminder.add':
    case 'reminder.delete':
    case 'reminder.snooze':
    case 'subtask.add':
    case 'subtask.update':
    case 'subtask.delete':
      return [`todo:${m.payload.todoId}`];
    case 'list.create':
    case 'list.update':
    case 'list.delete':
      return [`list:${m.payload.id}`];
    case 'todo.complete':
      return m.next ? [`todo:${m.payload.id}`, `todo:${m.next.id}`] : [`todo:${m.payload.id}`];
    case 'todo.reopen':
      return m.undoes ? [`todo:${m.payload.id}`, `todo:${m.undoes}`] : [`todo:${m.payload.id}`];
    default:
      return [`todo:${m.payload.id}`];
  }
}
