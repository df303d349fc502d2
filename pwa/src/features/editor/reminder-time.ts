// When a reminder in the editor goes off, and whether its time had passed when it was set: the server
// does not fire those (core-service's reminder clock), so the editor says so beside it.
import type { Reminder } from '@todo/contracts';
import { onTheDay } from '@todo/todo-rules';
import type { TodoRecord, TodoState } from '../../db/records.ts';
import type { DraftReminder } from './draft.ts';

/** When the reminder goes off as the draft stands (a saved one at its stored time unless the due time moved). */
export function goesOffAt(
  r: DraftReminder,
  dueAt: string | null,
  timeZone: string,
  live?: Reminder,
  todo?: TodoState | null,
) {
  if (live && dueAt === (todo?.dueAt ?? null)) return Date.parse(live.remindAt);
  if (r.offsetMinutes !== null) return dueAt ? Date.parse(dueAt) - r.offsetMinutes * 60_000 : null;
  if (r.timeOfDay !== null) return dueAt ? Date.parse(onTheDay(dueAt, r.timeOfDay, timeZone)) : null;
  return r.remindAt ? Date.parse(r.remindAt) : null;
}

/**
 * The server does not fire a reminder whose time had passed when it was set: one about to be saved so,
 * or saved so (a minute's grace, as the server's), says it will not go off.
 */
export function passedWhenSet(at: number | null, saved: boolean, now: number): boolean {
  return at !== null && at <= now - (saved ? 60_000 : 0);
}

/**
 * Whether the server has this saved reminder as the device shows it. One added or moved while the
 * device was offline has not reached it yet: set before its time, it still goes off when the device
 * syncs, late (the server believes the device's time of the change, up to a day back), so the editor
 * does not say it will not.
 */
export function reminderOnServer(reminder: Reminder, todo: TodoRecord): boolean {
  if (todo.base === undefined) return true;
  return (
    todo.base !== null &&
    todo.base.reminders.some((b) => b.id === reminder.id && b.remindAt === reminder.remindAt)
  );
}
