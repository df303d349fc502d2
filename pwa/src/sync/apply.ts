// What a mutation does to the local copy of one record, by the server's rules (core-service): pure
// functions, used for local writes and to re-apply pending mutations over pulled state (rebase).
import type { Recurrence, RecurrenceInput, Reminder, ReminderCreate, Tag, TodoPatch } from '@todo/contracts';
import type { Mutation, TodoState } from '../db/records.ts';
import { onTheDay, sameDateIn, startOfDate } from '../features/todos/all-day.ts';
import { defaultReminderId } from './ids.ts';

/**
 * A queued mutation as apply needs it: the completion of a recurring todo carries its next occurrence;
 * an update that makes a todo all-day carries the default reminder time the server will remind at.
 */
export type Pending = Mutation & { next?: TodoState; defaultReminderTime?: string };

const MINUTE = 60_000;

/** The server answers instants in UTC with milliseconds; local copies use the same form, so they compare equal. */
export const instant = (value: string): string => new Date(value).toISOString();

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

type Due = Pick<TodoState, 'dueAt' | 'timeZone'>;

function newReminder(input: ReminderCreate, todo: Due, fallbackId: string): Reminder | null {
  const { dueAt, timeZone } = todo;
  const id = input.id ?? fallbackId;
  const none = { offsetMinutes: null, timeOfDay: null, sentAt: null };
  if (input.offsetMinutes !== undefined || input.timeOfDay !== undefined) {
    if (dueAt === null) return null; // the server refuses a reminder relative to a due date it lacks
  }
  if (input.offsetMinutes !== undefined) {
    const remindAt = new Date(Date.parse(dueAt!) - input.offsetMinutes * MINUTE).toISOString();
    return { ...none, id, remindAt, offsetMinutes: input.offsetMinutes };
  }
  if (input.timeOfDay !== undefined) {
    const remindAt = onTheDay(dueAt!, input.timeOfDay, timeZone);
    return { ...none, id, remindAt, timeOfDay: input.timeOfDay };
  }
  if (input.remindAt === undefined) return null;
  return { ...none, id, remindAt: instant(input.remindAt) };
}

/** Where a reminder that follows the due date fires for this due date; null for one at its own time. */
function followingRemindAt(r: Reminder, todo: Due): string | null {
  if (todo.dueAt === null) return null;
  if (r.offsetMinutes !== null)
    return new Date(Date.parse(todo.dueAt) - r.offsetMinutes * MINUTE).toISOString();
  if (r.timeOfDay !== null) return onTheDay(todo.dueAt, r.timeOfDay, todo.timeZone);
  return null;
}

/** An all-day todo is due at the start of its date in its zone; the server stores it so. */
function dueOf(dueAt: string | null, allDay: boolean, timeZone: string): string | null {
  if (dueAt === null) return null;
  return allDay ? startOfDate(dueAt, timeZone) : instant(dueAt);
}

function created(m: Extract<Pending, { type: 'todo.create' }>): TodoState | null {
  const p = m.payload;
  const timeZone = p.timeZone ?? 'UTC';
  const allDay = p.allDay ?? false;
  const dueAt = dueOf(p.dueAt ?? null, allDay, timeZone);
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
 * Reminders relative to the due date (minutes before, on the day at a time) follow a moved due date or
 * zone, and fire again if now in the future; without a due date they go.
 */
function followDue(reminders: Reminder[], todo: Due, now: string): Reminder[] {
  const follows = (r: Reminder) => r.offsetMinutes !== null || r.timeOfDay !== null;
  if (todo.dueAt === null) return reminders.filter((r) => !follows(r));
  return reminders
    .map((r) => {
      const remindAt = followingRemindAt(r, todo);
      if (remindAt === null || remindAt === r.remindAt) return r;
      return { ...r, remindAt, sentAt: remindAt > now ? null : r.sentAt };
    })
    .sort(byTime);
}

/**
 * The due time after a patch (core-service: dueAfter). An all-day todo's sits at the start of its date
 * in its zone; one that changes zone keeps its date.
 */
function dueAfter(todo: TodoState, fields: TodoPatch): Due & { allDay: boolean } {
  const allDay = fields.allDay ?? todo.allDay;
  const timeZone = fields.timeZone ?? todo.timeZone;
  if (fields.dueAt !== undefined) return { dueAt: dueOf(fields.dueAt, allDay, timeZone), allDay, timeZone };
  const dueAt =
    todo.dueAt && allDay && todo.allDay
      ? sameDateIn(todo.dueAt, todo.timeZone, timeZone)
      : dueOf(todo.dueAt, allDay, timeZone);
  return { dueAt, allDay, timeZone };
}

/**
 * A todo that becomes all-day with a date and has no reminder gets the server's default one, on the day
 * at the person's default time, with the id the server derives (core-service: addDefaultReminder).
 */
function withDefaultReminder(before: TodoState, after: TodoState, time: string | undefined): TodoState {
  const became = after.allDay && after.dueAt !== null && !(before.allDay && before.dueAt !== null);
  if (!became || time === undefined || after.reminders.length > 0) return after;
  const id = defaultReminderId(after.id);
  const remindAt = onTheDay(after.dueAt!, time, after.timeZone);
  return { ...after, reminders: [{ id, remindAt, offsetMinutes: null, timeOfDay: time, sentAt: null }] };
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
  if (dueMoved || due.timeZone !== todo.timeZone) next.reminders = followDue(todo.reminders, due, now);
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
      const remindAt = new Date(Date.parse(now) + minutes * MINUTE).toISOString();
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
      return [`todo:${m.payload.todoId}`];
    case 'todo.complete':
      return m.next ? [`todo:${m.payload.id}`, `todo:${m.next.id}`] : [`todo:${m.payload.id}`];
    default:
      return [`todo:${m.payload.id}`];
  }
}
