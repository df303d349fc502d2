// When reminders fire: at their own instant, some minutes before the due time, or "on the day at HH:MM"
// (the wall time on the due date in the todo's zone, so 09:00 stays 09:00 across DST). The last two
// follow the due time when it moves; an all-day todo that has none gets the person's default one.
import { onTheDay } from './all-day.ts';
import type { DueTime } from './due.ts';
import { defaultReminderId } from './ids.ts';

const MINUTE = 60_000;

/** How a reminder's time was given (the contract's ReminderCreate; exactly one is set). */
export interface ReminderInput {
  remindAt?: string | undefined;
  offsetMinutes?: number | undefined;
  timeOfDay?: string | undefined;
}

/** A stored reminder as the rules need it: relative ones keep how they were given. */
export interface ReminderTiming {
  remindAt: string;
  offsetMinutes: number | null;
  timeOfDay: string | null;
}

export interface FollowingReminder extends ReminderTiming {
  sentAt: string | null;
}

const minutesBefore = (at: string, minutes: number) =>
  new Date(Date.parse(at) - minutes * MINUTE).toISOString();

/** Whether the reminder's time depends on the todo's due time (relative or on the due date). */
export function followsDue(r: Pick<ReminderTiming, 'offsetMinutes' | 'timeOfDay'>): boolean {
  return r.offsetMinutes !== null || r.timeOfDay !== null;
}

/** Where a reminder that follows the due time fires for `dueAt`; its own time for one that does not. */
export function remindAtFor(r: ReminderTiming, dueAt: string, timeZone: string): string {
  if (r.timeOfDay !== null) return onTheDay(dueAt, r.timeOfDay, timeZone);
  if (r.offsetMinutes !== null) return minutesBefore(dueAt, r.offsetMinutes);
  return r.remindAt;
}

/**
 * When a new reminder fires; null for one relative to a due date the todo lacks (the server refuses it)
 * or one given no time at all.
 */
export function firstRemindAt(input: ReminderInput, due: DueTime): string | null {
  const relative = input.offsetMinutes !== undefined || input.timeOfDay !== undefined;
  if (relative && due.dueAt === null) return null;
  if (input.offsetMinutes !== undefined) return minutesBefore(due.dueAt!, input.offsetMinutes);
  if (input.timeOfDay !== undefined) return onTheDay(due.dueAt!, input.timeOfDay, due.timeZone);
  return input.remindAt === undefined ? null : new Date(input.remindAt).toISOString();
}

/**
 * A todo's reminders after its due time (or zone) moved: relative and on-the-day ones follow it, and one
 * that now lies in the future fires again even if it had fired; without a due time they go. Reminders
 * at their own time stay where they were put.
 */
export function followDue<R extends FollowingReminder>(reminders: R[], due: DueTime, now: string): R[] {
  const { dueAt, timeZone } = due;
  if (dueAt === null) return reminders.filter((r) => !followsDue(r));
  return reminders.map((r) => {
    if (!followsDue(r)) return r;
    const remindAt = remindAtFor(r, dueAt, timeZone);
    if (remindAt === r.remindAt) return r;
    return { ...r, remindAt, sentAt: remindAt > now ? null : r.sentAt };
  });
}

/** A reminder of a recurring todo's next occurrence: it keeps its distance to the due time (or wall time). */
export function carriedRemindAt(r: ReminderTiming, fromDue: string, toDue: string, timeZone: string): string {
  if (followsDue(r)) return remindAtFor(r, toDue, timeZone);
  return new Date(Date.parse(r.remindAt) + Date.parse(toDue) - Date.parse(fromDue)).toISOString();
}

export function snoozedUntil(now: string, minutes: number): string {
  return new Date(Date.parse(now) + minutes * MINUTE).toISOString();
}

/** What decides the default reminder: whether a todo is all-day and has a date (as a string or a Date). */
export interface Dated {
  allDay: boolean;
  dueAt: string | Date | null;
}

/**
 * Whether a todo gets the default reminder: it is (or became) all-day with a date, was not before
 * (`before` null: it is new), and has no reminder.
 */
export function getsDefaultReminder(before: Dated | null, after: Dated, reminderCount: number): boolean {
  const dated = (t: Dated | null) => t !== null && t.allDay && t.dueAt !== null;
  return dated(after) && !dated(before) && reminderCount === 0;
}

/** The default reminder: on the due date at the person's time, with the id server and devices derive alike. */
export function defaultReminder(
  todoId: string,
  due: { dueAt: string; timeZone: string },
  time: string,
): ReminderTiming & { id: string; timeOfDay: string } {
  return {
    id: defaultReminderId(todoId),
    remindAt: onTheDay(due.dueAt, time, due.timeZone),
    offsetMinutes: null,
    timeOfDay: time,
  };
}
