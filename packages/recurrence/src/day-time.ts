// Dates and wall-clock times in a zone, shared by core-service and the PWA: where an all-day todo's
// due time sits, and when an on-the-day reminder fires (09:00 stays 09:00 across DST).
import { Temporal } from 'temporal-polyfill';

function zoned(at: Date, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);
}

/** The start of the date `at` falls on in `timeZone` (midnight, or the first instant after a DST gap). */
export function startOfDateIn(at: Date, timeZone: string): Date {
  return new Date(zoned(at, timeZone).startOfDay().epochMilliseconds);
}

/** The start of the same calendar date in another zone: an all-day todo keeps its date when it moves. */
export function sameDateIn(at: Date, from: string, to: string): Date {
  return new Date(zoned(at, from).toPlainDate().toZonedDateTime({ timeZone: to }).epochMilliseconds);
}

/** Where a todo's due time goes: an all-day todo's to the start of its date, a timed one's stays. */
export function normalizeDue(dueAt: Date | null, allDay: boolean, timeZone: string): Date | null {
  return dueAt && allDay ? startOfDateIn(dueAt, timeZone) : dueAt;
}

/** `time` (HH:MM) on the date `dueAt` falls on in `timeZone`; a time that DST skips moves later. */
export function onDueDate(dueAt: Date, timeZone: string, time: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const plainTime = new Temporal.PlainTime(hour, minute);
  return new Date(
    zoned(dueAt, timeZone).toPlainDate().toZonedDateTime({ timeZone, plainTime }).epochMilliseconds,
  );
}
