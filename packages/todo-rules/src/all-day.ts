// All-day todos: due at the start of their date in their own time zone, overdue only once that date has
// ended there, reminded "on the day at HH:MM" (wall-clock, DST-correct). Intl only.
import { wallTime, zonedInstant } from './zoned-time.ts';

/** "HH:MM", 00:00–23:59, as the contract's `timeOfDay` and the settings' `defaultReminderTime`. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function dateOf(ms: number, timeZone: string): CalendarDate {
  const { year, month, day } = wallTime(ms, timeZone);
  return { year, month, day };
}

/** The first instant of a date in a zone (01:00 where a DST change skips midnight, as Temporal's startOfDay). */
function startOf(date: CalendarDate, timeZone: string): number {
  return zonedInstant({ ...date, hour: 0, minute: 0 }, timeZone);
}

/** The start of the local date of an instant: where an all-day todo's dueAt sits. */
export function startOfDate(iso: string, timeZone: string): string {
  return new Date(startOf(dateOf(Date.parse(iso), timeZone), timeZone)).toISOString();
}

/** The start of the same calendar date in another zone: an all-day todo keeps its date when it moves. */
export function sameDateIn(iso: string, from: string, to: string): string {
  return new Date(startOf(dateOf(Date.parse(iso), from), to)).toISOString();
}

/** The first instant after the local date of `ms`: when an all-day todo due that date becomes overdue. */
export function endOfDate(ms: number, timeZone: string): number {
  const { year, month, day } = dateOf(ms, timeZone);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return startOf(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
    timeZone,
  );
}

/** When an "on the day at HH:MM" reminder fires: that wall time on the due date, in the todo's zone. */
export function onTheDay(dueAt: string, timeOfDay: string, timeZone: string): string {
  const t = CLOCK_TIME.exec(timeOfDay);
  const [hour, minute] = t ? [Number(t[1]), Number(t[2])] : [9, 0];
  const ms = zonedInstant({ ...dateOf(Date.parse(dueAt), timeZone), hour, minute }, timeZone);
  return new Date(ms).toISOString();
}

/**
 * The first millisecond a todo due at `dueMs` is overdue: just after its due time (the server's
 * `dueAt < now`), or for an all-day todo the end of its date in its zone.
 */
export function overdueFrom(dueMs: number, allDay: boolean, timeZone: string): number {
  return allDay ? endOfDate(dueMs, timeZone) : dueMs + 1;
}
