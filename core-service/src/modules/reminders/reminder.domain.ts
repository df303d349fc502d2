// Reminder rules: when a reminder fires; relative and on-the-day ones follow their todo's due time;
// snoozing. Wall-clock times are resolved in the todo's zone, so 09:00 stays 09:00 across DST.
import { badRequest } from '@todo/platform';
import { onDueDate } from '@todo/recurrence';

export interface ReminderTiming {
  remindAt?: string | undefined;
  offsetMinutes?: number | undefined;
  timeOfDay?: string | undefined;
}

/** A todo's due time as reminders see it. */
export interface DueTime {
  dueAt: Date | null;
  timeZone: string;
}

const MINUTE = 60_000;

/** The instant a reminder fires; relative and on-the-day reminders need the todo to have a due date. */
export function resolveRemindAt(input: ReminderTiming, due: DueTime): Date {
  if (input.offsetMinutes !== undefined) {
    return new Date(requireDue(due, 'offsetMinutes').getTime() - input.offsetMinutes * MINUTE);
  }
  if (input.timeOfDay !== undefined) {
    return onDueDate(requireDue(due, 'timeOfDay'), due.timeZone, input.timeOfDay);
  }
  if (input.remindAt === undefined) throw badRequest('give remindAt, offsetMinutes or timeOfDay');
  return new Date(input.remindAt);
}

function requireDue(due: DueTime, path: string): Date {
  if (due.dueAt) return due.dueAt;
  throw badRequest(
    'A reminder relative to the due date needs the todo to have one; set dueAt or give remindAt',
    [{ path, message: 'the todo has no due date' }],
  );
}

export interface StoredReminder {
  id: string;
  remindAt: Date;
  offsetMinutes: number | null;
  timeOfDay: string | null;
  sentAt: Date | null;
}

/** Whether the reminder's time depends on the todo's due time (relative or on the due date). */
export function followsDue(r: Pick<StoredReminder, 'offsetMinutes' | 'timeOfDay'>): boolean {
  return r.offsetMinutes !== null || r.timeOfDay !== null;
}

function remindAtFor(r: StoredReminder, dueAt: Date, timeZone: string): Date {
  if (r.timeOfDay !== null) return onDueDate(dueAt, timeZone, r.timeOfDay);
  if (r.offsetMinutes !== null) return new Date(dueAt.getTime() - r.offsetMinutes * MINUTE);
  return r.remindAt;
}

/**
 * When the due time (or zone) moves, relative and on-the-day reminders move with it; one that now
 * lies in the future is due again even if it had fired. Absolute reminders stay where they were put.
 */
export function followDueTime(
  reminders: StoredReminder[],
  due: { dueAt: Date; timeZone: string },
  now: Date,
) {
  const moved: { id: string; remindAt: Date; sentAt: Date | null }[] = [];
  for (const r of reminders) {
    if (!followsDue(r)) continue;
    const remindAt = remindAtFor(r, due.dueAt, due.timeZone);
    if (remindAt.getTime() === r.remindAt.getTime()) continue;
    moved.push({ id: r.id, remindAt, sentAt: remindAt > now ? null : r.sentAt });
  }
  return moved;
}

/** Reminders of the next occurrence of a recurring todo: each keeps its distance to the due time. */
export function carryToNextOccurrence(
  reminders: StoredReminder[],
  fromDue: Date,
  toDue: Date,
  timeZone: string,
) {
  const shift = toDue.getTime() - fromDue.getTime();
  return reminders.map((r) => ({
    offsetMinutes: r.offsetMinutes,
    timeOfDay: r.timeOfDay,
    remindAt: followsDue(r) ? remindAtFor(r, toDue, timeZone) : new Date(r.remindAt.getTime() + shift),
  }));
}

export function snoozeUntil(now: Date, minutes: number): Date {
  return new Date(now.getTime() + minutes * MINUTE);
}
