// All-day dates and "on the day" reminder times without Temporal must equal what Temporal computes
// (the server's rules before they were shared), DST changes included.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { TRICKY_ZONES } from './testing/zones.ts';
import { endOfDate, onTheDay, overdueFrom, sameDateIn, startOfDate } from './all-day.ts';

const ZONES = TRICKY_ZONES;
const instant = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 0, 1) })
  .map((ms) => new Date(ms).toISOString());
const zone = fc.constantFrom(...ZONES);
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const iso = (d: Date) => d.toISOString();

// Temporal's answers, the reference the Intl arithmetic is held to.
const zoned = (at: Date, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);
const startOfDateIn = (at: Date, timeZone: string) =>
  new Date(zoned(at, timeZone).startOfDay().epochMilliseconds);
const serverSameDateIn = (at: Date, from: string, to: string) =>
  new Date(zoned(at, from).toPlainDate().toZonedDateTime({ timeZone: to }).epochMilliseconds);
function onDueDate(dueAt: Date, timeZone: string, time: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const plainTime = new Temporal.PlainTime(hour, minute);
  return new Date(
    zoned(dueAt, timeZone).toPlainDate().toZonedDateTime({ timeZone, plainTime }).epochMilliseconds,
  );
}

describe('the date of an all-day todo', () => {
  it('starts where Temporal starts the day, keeps its date in another zone, ends where the next one starts', () => {
    fc.assert(
      fc.property(instant, zone, zone, (at, tz, other) => {
        const start = startOfDate(at, tz);
        expect(start).toBe(iso(startOfDateIn(new Date(at), tz)));
        expect(sameDateIn(start, tz, other)).toBe(iso(serverSameDateIn(new Date(start), tz, other)));
        const next = startOfDateIn(new Date(Date.parse(start) + 36 * 3_600_000), tz);
        expect(endOfDate(Date.parse(start), tz)).toBe(next.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('starts at local midnight, 01:00 where a DST change skips midnight', () => {
    expect(startOfDate('2026-03-08T15:00:00Z', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDate('2026-03-29T22:30:00Z', 'Europe/Berlin')).toBe('2026-03-29T22:00:00.000Z'); // the 30th
    // Santiago skipped 2026-09-06 00:00: the day began at 01:00 -03.
    expect(startOfDate('2026-09-06T12:00:00Z', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });
});

describe('an "on the day" reminder', () => {
  it('fires at the wall time Temporal gives on the due date', () => {
    fc.assert(
      fc.property(instant, zone, clock, (at, tz, time) => {
        const due = startOfDate(at, tz);
        expect(onTheDay(due, time, tz)).toBe(iso(onDueDate(new Date(due), tz, time)));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays at 09:00 local across the DST changes of New York (2026-03-08) and Berlin (2026-03-29)', () => {
    // New York: EST (-5) before, EDT (-4) from 02:00 on the 8th.
    const ny = 'America/New_York';
    expect(onTheDay(startOfDate('2026-03-07T12:00:00Z', ny), '09:00', ny)).toBe('2026-03-07T14:00:00.000Z');
    expect(onTheDay(startOfDate('2026-03-08T12:00:00Z', ny), '09:00', ny)).toBe('2026-03-08T13:00:00.000Z');
    // A time the change skips moves past the gap: 02:30 is 03:30 EDT.
    expect(onTheDay('2026-03-08T05:00:00.000Z', '02:30', ny)).toBe('2026-03-08T07:30:00.000Z');
    // Berlin: CET (+1) before, CEST (+2) from 02:00 on the 29th.
    const berlin = 'Europe/Berlin';
    expect(onTheDay(startOfDate('2026-03-28T12:00:00Z', berlin), '09:00', berlin)).toBe(
      '2026-03-28T08:00:00.000Z',
    );
    expect(onTheDay(startOfDate('2026-03-29T12:00:00Z', berlin), '09:00', berlin)).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });
});

describe('overdue', () => {
  it('a timed todo right after its due time; an all-day one only once its date has ended in its zone', () => {
    const due = Date.parse('2026-03-10T04:00:00Z'); // midnight in New York
    expect(overdueFrom(due, false, 'America/New_York')).toBe(due + 1);
    expect(overdueFrom(due, true, 'America/New_York')).toBe(Date.parse('2026-03-11T04:00:00Z'));
    // A day 23 hours long (DST starts) ends 23 hours after it began.
    const short = Date.parse('2026-03-08T05:00:00Z');
    expect(overdueFrom(short, true, 'America/New_York') - short).toBe(23 * 3_600_000);
  });
});
