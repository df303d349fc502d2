// What a mutation does to the local copy of one record: pure functions, used for local writes and to
// re-apply pending mutations over pulled state (rebase). Due dates and reminders follow @todo/todo-rules,
// the rules core-service runs.
import type {
  List,
  Recurrence,
  RecurrenceInput,
  Reminder,
  ReminderCreate,
  Subtask,
  Tag,
  TodoPatch,
} from '@todo/contracts';
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
import { byPosition, keyAfter, keysAfter, lastKey } from '../lib/positions.ts';

/**
 * A queued mutation as apply needs it: the completion of a recurring todo carries its next occurrence,
 * and reopening it (undo) the id of that occurrence, which the server removes as well; an update that makes a todo all-day carries the default reminder time the server will remind at.
 */
export type Pending = Mutation & {
  next?: TodoState;
  undoes?: string;
  defaultReminderTime?: string;
  /** A list's deletion that moves its todos: where each goes (see OutboxRecord.movedTo). */
  movedTo?: { listId: string; positions: Record<string, string> };
};

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
    // The app always names the list and the place (actions.ts): the server would choose the same.
    listId: p.listId ?? '',
    position: p.position ?? '',
    assigneeId: p.assigneeId ?? null,
    subtasks: newChecklist(p.subtasks ?? [], m.id),
    series: recurrence && dueAt ? { id: p.id, start: dueAt, index: 1 } : null,
  };
}

/** A new todo's checklist as the server makes it: in the order given unless positions are. */
function newChecklist(
  input: NonNullable<Extract<Pending, { type: 'todo.create' }>['payload']['subtasks']>,
  mId: string,
) {
  const keys = keysAfter(null, input.length);
  return input
    .map((s, i) => ({
      id: s.id ?? `${mId}-s${i}`,
      title: s.title.trim(),
      done: s.done ?? false,
      position: s.position ?? keys[i]!,
    }))
    .sort(byPosition);
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
  // A move to another list comes with its place there (actions.ts); the server's would be its end.
  if (fields.listId !== undefined) next.listId = fields.listId;
  if (fields.position !== undefined) next.position = fields.position;
  if (fields.assigneeId !== undefined) next.assigneeId = fields.assigneeId;
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
    case 'list.delete':
      if (!todo || todo.listId !== m.payload.id) return todo;
      if (m.payload.todos === 'delete' || !m.movedTo) return null;
      return {
        ...todo,
        listId: m.movedTo.listId,
        position: m.movedTo.positions[id] ?? todo.position,
        assigneeId: null,
        updatedAt: now,
      };
    default:
      return todo ? applyToExisting(todo, m, now) : null;
  }
}

/** The checklist changed: kept in the server's order, and the todo's updatedAt moves (it gets a version). */
function withSubtasks(todo: TodoState, subtasks: Subtask[], now: string): TodoState {
  return { ...todo, subtasks: subtasks.sort(byPosition), updatedAt: now };
}

function applyToChecklist(todo: TodoState, m: Pending, now: string): TodoState {
  switch (m.type) {
    case 'subtask.add': {
      const { subtask } = m.payload;
      // A retried add answers the subtask the todo has.
      if (todo.subtasks.some((s) => s.id === subtask.id)) return todo;
      const added: Subtask = {
        id: subtask.id,
        title: subtask.title.trim(),
        done: subtask.done ?? false,
        position: subtask.position ?? keyAfter(lastKey(todo.subtasks)),
      };
      return withSubtasks(todo, [...todo.subtasks, added], now);
    }
    case 'subtask.update': {
      const { id, fields } = m.payload;
      // An unknown subtask is refused by the server (404): nothing changes.
      if (!todo.subtasks.some((s) => s.id === id)) return todo;
      const subtasks = todo.subtasks.map((s) =>
        s.id === id
          ? {
              ...s,
              ...(fields.title !== undefined ? { title: fields.title.trim() } : {}),
              ...(fields.done !== undefined ? { done: fields.done } : {}),
              ...(fields.position !== undefined ? { position: fields.position } : {}),
            }
          : s,
      );
      return withSubtasks(todo, subtasks, now);
    }
    case 'subtask.delete':
      if (!todo.subtasks.some((s) => s.id === m.payload.id)) return todo;
      return withSubtasks(
        todo,
        todo.subtasks.filter((s) => s.id !== m.payload.id),
        now,
      );
    default:
      return todo;
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
      return applyToChecklist(todo, m, now);
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

/**
 * The list `id` after `m`. A change the server would refuse as a whole (renaming or archiving the Inbox,
 * an editor recolouring a shared list) changes nothing here either. Members come from the server.
 */
export function applyToList(list: List | null, m: Pending, id: string): List | null {
  switch (m.type) {
    case 'list.create': {
      if (list || m.payload.id !== id) return list;
      const p = m.payload;
      return {
        id,
        name: p.name.trim(),
        // The app always chooses the colour and the place (lists/actions.ts), as the server would.
        color: color(p.color),
        icon: p.icon ?? null,
        position: p.position ?? '',
        archived: false,
        inbox: false,
        role: 'owner',
        members: [],
      };
    }
    case 'list.update': {
      if (!list || m.payload.id !== id) return list;
      const { position, ...shared } = m.payload.fields;
      const sharedFields = Object.keys(shared).length > 0;
      if (sharedFields && list.role !== 'owner') return list;
      if (list.inbox && (shared.name !== undefined || shared.archived !== undefined)) return list;
      return {
        ...list,
        ...(shared.name !== undefined ? { name: shared.name.trim() } : {}),
        ...(shared.color !== undefined ? { color: color(shared.color) } : {}),
        ...(shared.icon !== undefined ? { icon: shared.icon } : {}),
        ...(shared.archived !== undefined ? { archived: shared.archived } : {}),
        ...(position !== undefined ? { position } : {}),
      };
    }
    case 'list.delete':
      if (!list || m.payload.id !== id) return list;
      // Only the owner deletes, and never the Inbox: anything else is refused and the list stays.
      return list.role === 'owner' && !list.inbox ? null : list;
    default:
      return list;
  }
}

/**
 * The records a mutation changes, as `todo:<id>` / `tag:<id>` / `list:<id>` keys (a tag's deletion adds the
 * todos that carry it, a list's the todos in it).
 */
export function entitiesOf(
  m: Pending,
  todosWithTag: (tagId: string) => string[] = () => [],
  todosInList: (listId: string) => string[] = () => [],
): string[] {
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
      return [`list:${m.payload.id}`];
    case 'list.delete':
      return [`list:${m.payload.id}`, ...todosInList(m.payload.id).map((t) => `todo:${t}`)];
    case 'todo.complete':
      return m.next ? [`todo:${m.payload.id}`, `todo:${m.next.id}`] : [`todo:${m.payload.id}`];
    case 'todo.reopen':
      return m.undoes ? [`todo:${m.payload.id}`, `todo:${m.undoes}`] : [`todo:${m.payload.id}`];
    default:
      return [`todo:${m.payload.id}`];
  }
}
