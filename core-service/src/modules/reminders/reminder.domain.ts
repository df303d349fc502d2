// Reminder rules for the server's Date-typed rows: when a reminder fires; relative and on-the-day ones
// follow their todo's due time; snoozing. The rules themselves are @todo/todo-rules, which devices run
// too; this file only turns Dates into ISO strings and back, and a refused reminder into a 400.
import { badRequest } from '@todo/platform';
import * as rules from '@todo/todo-rules';

export type ReminderTiming = rules.ReminderInput;

/** A todo's due time as reminders see it. */
export interface DueTime {
  dueAt: Date | null;
  timeZone: string;
}

const iso = (at: Date) => at.toISOString();
const isoOrNull = (at: Date | null) => (at ? at.toISOString() : null);

/** The instant a reminder fires; relative and on-the-day reminders need the todo to have a due date. */
export function resolveRemindAt(input: ReminderTiming, due: DueTime): Date {
  const given = [input.remindAt, input.offsetMinutes, input.timeOfDay].some((v) => v !== undefined);
  if (!given) throw badRequest('give remindAt, offsetMinutes or timeOfDay');
  const at = rules.firstRemindAt(input, { dueAt: isoOrNull(due.dueAt), timeZone: due.timeZone });
  if (at !== null) return new Date(at);
  throw badRequest(
    'A reminder relative to the due date needs the todo to have one; set dueAt or give remindAt',
    [
      {
        path: input.offsetMinutes !== undefined ? 'offsetMinutes' : 'timeOfDay',
        message: 'the todo has no due date',
      },
    ],
  );
}

export interface StoredReminder {
  id: string;
  remindAt: Date;
  offsetMinutes: number | null;
  timeOfDay: string | null;
  sentAt: Date | null;
}

export const followsDue: (r: Pick<StoredReminder, 'offsetMinutes' | 'timeOfDay'>) => boolean =
  rules.followsDue;

const timing = (r: StoredReminder) => ({
  id: r.id,
  remindAt: iso(r.remindAt),
  offsetMinutes: r.offsetMinutes,
  timeOfDay: r.timeOfDay,
  sentAt: isoOrNull(r.sentAt),
});

/**
 * When the due time (or zone) moves, relative and on-the-day reminders move with it; one that now
 * lies in the future is due again even if it had fired. Absolute reminders stay where they were put.
 * Answers the reminders that moved.
 */
export function followDueTime(
  reminders: StoredReminder[],
  due: { dueAt: Date; timeZone: string },
  now: Date,
) {
  const before = reminders.map(timing);
  const after = rules.followDue(before, { dueAt: iso(due.dueAt), timeZone: due.timeZone }, iso(now));
  return after
    .filter((r, i) => r !== before[i])
    .map((r) => ({ id: r.id, remindAt: new Date(r.remindAt), sentAt: r.sentAt ? new Date(r.sentAt) : null }));
}

/** Reminders of the next occurrence of a recurring todo: each keeps its distance to the due time. */
export function carryToNextOccurrence(
  reminders: StoredReminder[],
  fromDue: Date,
  toDue: Date,
  timeZone: string,
) {
  return reminders.map((r) => ({
    offsetMinutes: r.offsetMinutes,
    timeOfDay: r.timeOfDay,
    remindAt: new Date(rules.carriedRemindAt(timing(r), iso(fromDue), iso(toDue), timeZone)),
  }));
}

/**
 * How late a reminder set on a device may still fire. One the person set before its time, whose time
 * passed while the device was offline, fires when the change reaches the server if that time was
 * less than a day ago; a reminder older than that is history, not a reminder.
 */
export const LATE_REMINDER_MS = 24 * 3_600_000;

/**
 * When the person set (or moved) a reminder, as the clock's due rule reads it (reminder-clock.repository.ts):
 * the time the device made the change (a sync mutation's createdAt), believed back to LATE_REMINDER_MS
 * and never ahead of the server's clock; without one (a change made through the API), now. A device
 * can only make its own person's reminder fire early with it, which a reminder for a second ahead does too.
 */
export function reminderSetAt(madeAt: string | undefined, now: Date): Date {
  const at = madeAt === undefined ? NaN : Date.parse(madeAt);
  if (Number.isNaN(at) || at >= now.getTime()) return now;
  return new Date(Math.max(at, now.getTime() - LATE_REMINDER_MS));
}

export function snoozeUntil(now: Date, minutes: number): Date {
  return new Date(rules.snoozedUntil(iso(now), minutes));
}

/** An all-day todo's default reminder on its date at `time` (its id derives from the todo). */
export function defaultReminderAt(todoId: string, due: { dueAt: Date; timeZone: string }, time: string) {
  const reminder = rules.defaultReminder(todoId, { dueAt: iso(due.dueAt), timeZone: due.timeZone }, time);
  return { ...reminder, remindAt: new Date(reminder.remindAt) };
}
