// Recurrence on a stored todo: input → columns, and the next occurrence created exactly once on
// completion (its id derives from the series and its due time, so a retry or a second device finds it).
import type { Recurrence, RecurrenceInput } from '@todo/contracts';
import { badRequest } from '@todo/platform';
import { carryToNextOccurrence } from '../reminders/reminder.domain.ts';
import { normalizeRecurrence, nextOccurrence, occurrenceId, RecurrenceError } from '@todo/recurrence';
import { defaultReminderId } from '@todo/todo-rules';
import { recordTodoChange } from '../changes/todo-writes.ts';
import type { TodoRepositories, TodoRow } from './todo-store.ts';

export function recurrenceColumns(
  input: RecurrenceInput | null,
  todo: { id: string; seriesId: string | null },
  dueAt: Date | null,
): Partial<TodoRow> {
  if (input === null) {
    return {
      recurringType: 'none',
      rrule: null,
      recurringEndDate: null,
      recurrenceCount: null,
      fromCompletion: false,
    };
  }
  if (!dueAt) {
    throw badRequest('A recurring todo needs a due date; set dueAt first', [
      { path: 'recurrence', message: 'the todo has no due date' },
    ]);
  }
  let rule: Recurrence;
  try {
    rule = normalizeRecurrence(input);
  } catch (err) {
    if (!(err instanceof RecurrenceError)) throw err;
    throw badRequest(`The recurrence is invalid: ${err.message}`, [
      { path: 'recurrence.rrule', message: err.message },
    ]);
  }
  return {
    recurringType: rule.type,
    rrule: rule.rrule,
    recurringEndDate: rule.until,
    recurrenceCount: rule.count,
    fromCompletion: rule.fromCompletion,
    seriesId: todo.seriesId ?? todo.id,
    seriesStart: dueAt,
  };
}

export function recurrenceOf(todo: TodoRow): Recurrence | null {
  if (todo.recurringType === 'none' || !todo.rrule) return null;
  return {
    type: todo.recurringType,
    rrule: todo.rrule,
    until: todo.recurringEndDate,
    count: todo.recurrenceCount,
    fromCompletion: todo.fromCompletion,
  };
}

/** Where the series goes after this occurrence, or null when it does not recur or has ended. */
export function nextOccurrenceOf(todo: TodoRow, completedAt: Date): { id: string; dueAt: Date } | null {
  const recurrence = recurrenceOf(todo);
  if (!recurrence || !todo.dueAt || !todo.seriesId || !todo.seriesStart) return null;
  const next = nextOccurrence({
    recurrence,
    seriesStart: todo.seriesStart.toISOString(),
    timeZone: todo.timeZone,
    currentDueAt: todo.dueAt.toISOString(),
    completedAt: completedAt.toISOString(),
    occurrenceIndex: todo.occurrenceIndex,
  });
  return next ? { id: occurrenceId(todo.seriesId, next), dueAt: new Date(next) } : null;
}

/**
 * Creates the next occurrence unless it exists already; copies tags and reminders, keeping their distance.
 * One that an undone completion removed comes back when the todo is completed again (its id is the
 * series' and date's), so its tombstone does not stand in the way: the newer change supersedes it.
 */
export async function createNextOccurrence(
  r: TodoRepositories,
  userId: string,
  todo: TodoRow,
  next: { id: string; dueAt: Date },
  now: Date,
): Promise<void> {
  const version = await r.changes.nextVersion(userId);
  const created = await r.todos.insert({
    ...copyOf(todo),
    id: next.id,
    userId,
    dueAt: next.dueAt,
    occurrenceIndex: todo.occurrenceIndex + 1,
    version,
    createdAt: now,
    updatedAt: now,
  });
  if (!created) return;
  await r.todos.addTags(next.id, await r.todos.tagIdsOf(todo.id));
  // The checklist comes along, every item unticked, with ids any device derives alike.
  await r.subtasks.copyUnticked(todo.id, next.id, now);
  const stored = await r.reminders.forTodo(todo.id);
  const reminders = carryToNextOccurrence(stored, todo.dueAt!, next.dueAt, todo.timeZone);
  await r.reminders.insert(
    reminders.map((rem, i) => ({
      ...rem,
      // The default reminder stays the default one (it follows the person's default time).
      id: stored[i]!.id === defaultReminderId(todo.id) ? defaultReminderId(next.id) : crypto.randomUUID(),
      todoId: next.id,
      userId,
      createdAt: now,
    })),
  );
  await recordTodoChange(
    r,
    { userId, listId: todo.listId, todoId: next.id, title: todo.title, now, type: 'todo.created' },
    version,
  );
}

function copyOf(
  todo: TodoRow,
): Omit<TodoRow, 'id' | 'userId' | 'dueAt' | 'version' | 'createdAt' | 'updatedAt'> {
  return {
    title: todo.title,
    description: todo.description,
    status: 'open',
    priority: todo.priority,
    allDay: todo.allDay,
    timeZone: todo.timeZone,
    completedAt: null,
    recurringType: todo.recurringType,
    rrule: todo.rrule,
    recurringEndDate: todo.recurringEndDate,
    recurrenceCount: todo.recurrenceCount,
    fromCompletion: todo.fromCompletion,
    seriesId: todo.seriesId,
    seriesStart: todo.seriesStart,
    occurrenceIndex: todo.occurrenceIndex,
    listId: todo.listId,
    position: todo.position,
    assigneeId: todo.assigneeId,
  };
}
