// Where a todo's due time sits: an all-day todo's at the start of its date in its zone, a timed one's
// where it was put. The server stores it so and a device shows it so, before and after any change.
import { sameDateIn, startOfDate } from './all-day.ts';

/** A todo's due time as the rules see it: an ISO instant (or none) and the zone it is read in. */
export interface DueTime {
  dueAt: string | null;
  timeZone: string;
}

export interface Due extends DueTime {
  /** A date without a time: `dueAt` is the start of that date in `timeZone`. */
  allDay: boolean;
}

/** The fields of a change that move a due time (the contract's TodoPatch has them). */
export interface DuePatch {
  dueAt?: string | null | undefined;
  allDay?: boolean | undefined;
  timeZone?: string | undefined;
}

/** Instants in UTC with milliseconds, as the server answers them: equal instants are equal strings. */
export const instant = (value: string): string => new Date(value).toISOString();

/** Where a due time given as `dueAt` goes: an all-day todo's to the start of its date in `timeZone`. */
export function normalizeDue(dueAt: string | null, allDay: boolean, timeZone: string): string | null {
  if (dueAt === null) return null;
  return allDay ? startOfDate(dueAt, timeZone) : instant(dueAt);
}

/** The due time after a change. An all-day todo that changes zone keeps its date. */
export function dueAfter(todo: Due, patch: DuePatch): Due {
  const allDay = patch.allDay ?? todo.allDay;
  const timeZone = patch.timeZone ?? todo.timeZone;
  if (patch.dueAt !== undefined)
    return { dueAt: normalizeDue(patch.dueAt, allDay, timeZone), allDay, timeZone };
  const dueAt =
    todo.dueAt && allDay && todo.allDay
      ? sameDateIn(todo.dueAt, todo.timeZone, timeZone)
      : normalizeDue(todo.dueAt, allDay, timeZone);
  return { dueAt, allDay, timeZone };
}
