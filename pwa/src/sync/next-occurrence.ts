// The next occurrence of a recurring todo, made on the device when the person completes it (offline too):
// same due time and id as the server makes (@todo/recurrence), so the two never duplicate.
import type { Reminder } from '@todo/contracts';
import type * as Recurrence from '@todo/recurrence';
import { carriedRemindAt, defaultReminderId, occurrenceSubtaskId } from '@todo/todo-rules';
import type { TodoState } from '../db/records.ts';
import type { Pending } from './apply.ts';

export type RecurrenceLib = Pick<typeof Recurrence, 'nextOccurrence' | 'occurrenceId'>;

/** Loaded on first use: rrule and Temporal stay out of the initial bundle. */
export const loadRecurrence = (): Promise<RecurrenceLib> => import('@todo/recurrence');

/**
 * When the occurrence after this one is due (null: the series ends, or this device cannot evaluate the
 * rule and the server's answer arrives with the next pull).
 */
function nextDueAt(todo: TodoState, completedAt: string, lib: RecurrenceLib): string | null {
  const { recurrence, series, dueAt } = todo;
  if (!recurrence || !series || !dueAt) return null;
  try {
    return lib.nextOccurrence({
      recurrence,
      seriesStart: series.start,
      timeZone: todo.timeZone,
      currentDueAt: dueAt,
      completedAt,
      occurrenceIndex: series.index,
    });
  } catch {
    return null;
  }
}

export function predictNext(
  todo: TodoState,
  completedAt: string,
  lib: RecurrenceLib,
  makeId: () => string,
): TodoState | null {
  const { series, dueAt } = todo;
  if (!series || !dueAt || todo.status === 'done') return null;
  const next = nextDueAt(todo, completedAt, lib);
  if (next === null) return null;
  const nextDue = new Date(next).toISOString();
  // Reminders keep their distance to the due time, "on the day" ones their wall time on the new date.
  const remindAt = (r: Reminder): string => carriedRemindAt(r, dueAt, nextDue, todo.timeZone);
  const id = lib.occurrenceId(series.id, next);
  const reminders: Reminder[] = todo.reminders
    .map((r) => ({
      // The default reminder stays the default one, with the id the server gives it.
      id: r.id === defaultReminderId(todo.id) ? defaultReminderId(id) : makeId(),
      remindAt: remindAt(r),
      offsetMinutes: r.offsetMinutes,
      timeOfDay: r.timeOfDay,
      sentAt: null,
    }))
    .sort((a, b) => a.remindAt.localeCompare(b.remindAt) || a.id.localeCompare(b.id));
  return {
    ...todo,
    id,
    dueAt: nextDue,
    status: 'open',
    completedAt: null,
    reminders,
    // The checklist starts again unticked, with the ids the server gives the copies.
    subtasks: todo.subtasks.map((s) => ({ ...s, id: occurrenceSubtaskId(id, s.id), done: false })),
    createdAt: completedAt,
    updatedAt: completedAt,
    version: 0,
    series: { ...series, index: series.index + 1 },
  };
}

/**
 * A completion as it is queued: for an open recurring todo whose series is known here, it carries the
 * next occurrence (loading @todo/recurrence), so that occurrence shows at once, offline too.
 */
export async function completion(
  m: Extract<Pending, { type: 'todo.complete' }>,
  todo: TodoState | undefined,
  makeId: () => string,
): Promise<Pending> {
  if (!todo?.recurrence || !todo.series || !todo.dueAt || todo.status !== 'open') return m;
  const next = predictNext(todo, m.createdAt, await loadRecurrence(), makeId);
  return next ? { ...m, next } : m;
}

/**
 * A reopening as it is queued: for a completed recurring todo whose series is known here, it names the
 * occurrence that completion made (the same rule and completion time give the same id), which goes too.
 */
export async function reopening(
  m: Extract<Pending, { type: 'todo.reopen' }>,
  todo: TodoState | undefined,
): Promise<Pending> {
  if (!todo?.recurrence || !todo.series || !todo.dueAt || todo.status !== 'done' || !todo.completedAt)
    return m;
  const lib = await loadRecurrence();
  const next = nextDueAt(todo, todo.completedAt, lib);
  return next === null ? m : { ...m, undoes: lib.occurrenceId(todo.series.id, next) };
}
