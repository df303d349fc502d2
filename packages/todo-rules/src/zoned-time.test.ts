// The person's days without Temporal must match the server's Temporal arithmetic exactly, across DST.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { TRICKY_ZONES } from './testing/zones.ts';
import { fromInputs, startOfLocalDay, toInputs } from './zoned-time.ts';

const ZONES = TRICKY_ZONES;
const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 0, 1) });

describe('local days in a time zone', () => {
  it('start of today and of today + n days equal Temporal startOfDay().add({ days })', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), fc.constantFrom(0, 1, 7), (ms, zone, days) => {
        const start = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).startOfDay();
        expect(startOfLocalDay(ms, zone, days)).toBe(start.add({ days }).epochMilliseconds);
      }),
      { numRuns: 3000 },
    );
  });

  it('date and time inputs round-trip, and a skipped wall time moves forward like Temporal', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, zone) => {
        const iso = new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
        const { date, time } = toInputs(iso, zone);
        const expected = Temporal.PlainDateTime.from(`${date}T${time}`)
          .toZonedDateTime(zone, { disambiguation: 'compatible' })
          .toInstant().epochMilliseconds;
        expect(Date.parse(fromInputs(date, time, zone)!)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // 02:30 does not exist in Berlin on 2030-03-31: Temporal makes it 03:30 CEST.
    expect(fromInputs('2030-03-31', '02:30', 'Europe/Berlin')).toBe('2030-03-31T01:30:00.000Z');
    // 02:30 exists twice on 2030-10-27: the first one.
    expect(fromInputs('2030-10-27', '02:30', 'Europe/Berlin')).toBe('2030-10-27T00:30:00.000Z');
  });
});
