// The next occurrence of a recurring todo, made on the device when the person completes it (offline too):
// same due time and id as the server makes (@todo/recurrence), so the two never duplicate.
import type { Reminder } from '@todo/contracts';
import type * as Recurrence from '@todo/recurrence';
import type { TodoState } from '../db/records.ts';

export type RecurrenceLib = Pick<typeof Recurrence, 'nextOccurrence' | 'occurrenceId'>;

/** Loaded on first use: rrule and Temporal stay out of the initial bundle. */
export const loadRecurrence = (): Promise<RecurrenceLib> => import('@todo/recurrence');

const MINUTE = 60_000;

export function predictNext(
  todo: TodoState,
  completedAt: string,
  lib: RecurrenceLib,
  makeId: () => string,
): TodoState | null {
  const { recurrence, series, dueAt } = todo;
  if (!recurrence || !series || !dueAt || todo.status === 'done') return null;
  let next: string | null;
  try {
    next = lib.nextOccurrence({
      recurrence,
      seriesStart: series.start,
      timeZone: todo.timeZone,
      currentDueAt: dueAt,
      completedAt,
      occurrenceIndex: series.index,
    });
  } catch {
    return null; // a rule this device cannot evaluate: the server's occurrence arrives with the next pull
  }
  if (next === null) return null;
  const nextMs = Date.parse(next);
  const shift = nextMs - Date.parse(dueAt);
  // Reminders keep their distance to the due time (core-service: carryToNextOccurrence).
  const reminders: Reminder[] = todo.reminders
    .map((r) => ({
      id: makeId(),
      remindAt: new Date(
        r.offsetMinutes !== null ? nextMs - r.offsetMinutes * MINUTE : Date.parse(r.remindAt) + shift,
      ).toISOString(),
      offsetMinutes: r.offsetMinutes,
      sentAt: null,
    }))
    .sort((a, b) => a.remindAt.localeCompare(b.remindAt) || a.id.localeCompare(b.id));
  return {
    ...todo,
    id: lib.occurrenceId(series.id, next),
    dueAt: new Date(nextMs).toISOString(),
    status: 'open',
    completedAt: null,
    reminders,
    createdAt: completedAt,
    updatedAt: completedAt,
    version: 0,
    series: { ...series, index: series.index + 1 },
  };
}
