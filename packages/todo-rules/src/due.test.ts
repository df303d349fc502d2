// Where a due time sits after a create or a change, as the server stores it and a device shows it:
// all-day todos at the start of their date (the first instant after a DST gap at midnight), timed ones
// where they were put, and an all-day todo that changes zone keeps its calendar date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAfter, normalizeDue, type Due } from './due.ts';
import { TRICKY_ZONES } from './testing/zones.ts';
import { wallTime } from './zoned-time.ts';

const NY = 'America/New_York';
const allDay = (dueAt: string | null, timeZone: string): Due => ({ dueAt, allDay: true, timeZone });
const timed = (dueAt: string | null, timeZone: string): Due => ({ dueAt, allDay: false, timeZone });

describe('normalizeDue', () => {
  it('puts an all-day todo at the start of its date, and a timed one at its instant in UTC form', () => {
    expect(normalizeDue('2026-03-08T18:45:00-04:00', true, NY)).toBe('2026-03-08T05:00:00.000Z');
    expect(normalizeDue('2026-03-08T18:45:00-04:00', false, NY)).toBe('2026-03-08T22:45:00.000Z');
    expect(normalizeDue(null, true, NY)).toBeNull();
  });

  it('starts the date where a DST change skips midnight (Havana, Beirut, Santiago) at the first instant after it', () => {
    expect(normalizeDue('2026-03-08T12:00:00Z', true, 'America/Havana')).toBe('2026-03-08T05:00:00.000Z');
    expect(normalizeDue('2026-03-29T12:00:00Z', true, 'Asia/Beirut')).toBe('2026-03-28T22:00:00.000Z');
    expect(normalizeDue('2026-09-06T12:00:00Z', true, 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });
});

describe('dueAfter', () => {
  it('sets a new due time by the todo’s all-day flag and zone, or the ones the change gives', () => {
    const todo = timed('2026-03-10T15:00:00.000Z', NY);
    expect(dueAfter(todo, { dueAt: '2026-03-12T15:00:00Z' })).toEqual(timed('2026-03-12T15:00:00.000Z', NY));
    expect(dueAfter(todo, { dueAt: '2026-03-12T15:00:00Z', allDay: true })).toEqual(
      allDay('2026-03-12T04:00:00.000Z', NY),
    );
    expect(dueAfter(todo, { dueAt: null })).toEqual(timed(null, NY));
  });

  it('makes a timed todo all-day on the date it falls on in its zone, and back to timed at that start', () => {
    const late = timed('2026-03-11T03:30:00.000Z', NY); // 23:30 on the 10th in New York
    const day = dueAfter(late, { allDay: true });
    expect(day).toEqual(allDay('2026-03-10T04:00:00.000Z', NY));
    expect(dueAfter(day, { allDay: false })).toEqual(timed('2026-03-10T04:00:00.000Z', NY));
  });

  it('keeps an all-day todo’s date when its zone changes; a timed todo keeps its instant', () => {
    expect(dueAfter(allDay('2026-03-10T04:00:00.000Z', NY), { timeZone: 'Asia/Kolkata' })).toEqual(
      allDay('2026-03-09T18:30:00.000Z', 'Asia/Kolkata'),
    );
    expect(dueAfter(timed('2026-03-10T04:00:00.000Z', NY), { timeZone: 'Asia/Kolkata' })).toEqual(
      timed('2026-03-10T04:00:00.000Z', 'Asia/Kolkata'),
    );
  });

  it('keeps the calendar date of an all-day todo moved between any two tricky zones', () => {
    const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 0, 1) });
    const zone = fc.constantFrom(...TRICKY_ZONES);
    fc.assert(
      fc.property(instant, zone, zone, (ms, from, to) => {
        const todo = allDay(normalizeDue(new Date(ms).toISOString(), true, from), from);
        const moved = dueAfter(todo, { timeZone: to });
        const date = ({ year, month, day }: { year: number; month: number; day: number }) => [
          year,
          month,
          day,
        ];
        expect(date(wallTime(Date.parse(moved.dueAt!), to))).toEqual(
          date(wallTime(Date.parse(todo.dueAt!), from)),
        );
        // Already the start of its date there: applying the rule again changes nothing.
        expect(normalizeDue(moved.dueAt, true, to)).toBe(moved.dueAt);
      }),
      { numRuns: 1000 },
    );
  });
});
