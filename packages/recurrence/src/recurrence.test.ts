// Unit tests of the recurrence domain: RFC 5545 examples, DST, series ends, input normalisation, occurrence ids.
// Series are driven through nextOccurrence by completing one occurrence after another, as the service does.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { Recurrence, RecurrenceType } from '@todo/contracts';
import {
  OCCURRENCE_NAMESPACE,
  RecurrenceError,
  nextOccurrence,
  normalizeRecurrence,
  occurrenceId,
} from './recurrence.ts';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const EDT = '-04:00';
const EST = '-05:00';

/** Instant of a local wall time, e.g. at('1997-09-02T09:00', NY). */
function at(local: string, timeZone: string): string {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone).toInstant().toString();
}

/** Local wall time with offset, e.g. '1997-09-02T09:00:00-04:00'. */
function local(iso: string, timeZone: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never' });
}

function typeOf(rrule: string): RecurrenceType {
  return /FREQ=(\w+)/i.exec(rrule)![1]!.toLowerCase() as RecurrenceType;
}

interface Drive {
  recurrence: Recurrence;
  seriesStart: string;
  timeZone: string;
  /** How many dues to collect at most (the series may end first). */
  limit: number;
  /** Set when DTSTART itself is not in the set (RFC's Friday-the-13th example uses EXDATE for it). */
  skipStart?: boolean;
  /** When each occurrence is completed, relative to its due time (fromCompletion series). */
  completeAfter?: (due: string, index: number) => string;
}

/** Completes each occurrence in turn and returns every due time, the first included. */
function drive({ recurrence, seriesStart, timeZone, limit, skipStart, completeAfter }: Drive): string[] {
  let due: string | null = seriesStart;
  let index = 1;
  const dues: string[] = skipStart ? [] : [seriesStart];
  while (dues.length < limit) {
    const completedAt = completeAfter ? completeAfter(due, index) : due;
    due = nextOccurrence({
      recurrence,
      seriesStart,
      timeZone,
      currentDueAt: due,
      completedAt,
      occurrenceIndex: index,
    });
    if (due === null) break;
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    dues.push(due);
    index += 1;
  }
  return dues;
}

/** Days as the RFC lists them: '2,4,9', '2-11' or '2-30/2' (every second day). */
function days(spec: string): number[] {
  return spec.split(',').flatMap((item) => {
    const m = /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(item);
    if (!m) return [Number(item)];
    const out: number[] = [];
    for (let d = Number(m[1]); d <= Number(m[2]); d += Number(m[3] ?? 1)) out.push(d);
    return out;
  });
}

type Group = [offset: string, month: string, days: string];

/** Expected local due times at 09:00, grouped like the RFC's "(1997 9:00 AM EDT) September 2-11". */
function nineAm(groups: Group[]): string[] {
  return groups.flatMap(([offset, month, spec]) =>
    days(spec).map((d) => `${month}-${String(d).padStart(2, '0')}T09:00:00${offset}`),
  );
}

interface RfcExample {
  title: string;
  dtstart: string;
  rrule: string;
  /** The rule ends (COUNT or UNTIL): after the listed dates nextOccurrence must return null. */
  ends?: boolean;
  skipStart?: boolean;
  expected: Group[];
}

// RFC 5545 section 3.8.5.3, "All examples assume the Eastern United States time zone". The HOURLY and MINUTELY
// examples are left out: the product rejects rules finer than DAILY.
const RFC_EXAMPLES: RfcExample[] = [
  {
    title: 'Daily for 10 occurrences',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;COUNT=10',
    ends: true,
    expected: [[EDT, '1997-09', '2-11']],
  },
  {
    title: 'Daily until December 24, 1997',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;UNTIL=19971224T000000Z',
    ends: true,
    expected: [
      [EDT, '1997-09', '2-30'],
      [EDT, '1997-10', '1-25'],
      [EST, '1997-10', '26-31'],
      [EST, '1997-11', '1-30'],
      [EST, '1997-12', '1-23'],
    ],
  },
  {
    title: 'Every other day - forever',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;INTERVAL=2',
    expected: [
      [EDT, '1997-09', '2-30/2'],
      [EDT, '1997-10', '2-24/2'],
      [EST, '1997-10', '26,28,30'],
      [EST, '1997-11', '1-29/2'],
      [EST, '1997-12', '1,3'],
    ],
  },
  {
    title: 'Every 10 days, 5 occurrences',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;INTERVAL=10;COUNT=5',
    ends: true,
    expected: [
      [EDT, '1997-09', '2,12,22'],
      [EDT, '1997-10', '2,12'],
    ],
  },
  {
    title: 'Every day in January, for 3 years (YEARLY form)',
    dtstart: '1998-01-01T09:00',
    rrule: 'FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA',
    ends: true,
    expected: [
      [EST, '1998-01', '1-31'],
      [EST, '1999-01', '1-31'],
      [EST, '2000-01', '1-31'],
    ],
  },
  {
    title: 'Every day in January, for 3 years (DAILY form)',
    dtstart: '1998-01-01T09:00',
    rrule: 'FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1',
    ends: true,
    expected: [
      [EST, '1998-01', '1-31'],
      [EST, '1999-01', '1-31'],
      [EST, '2000-01', '1-31'],
    ],
  },
  {
    title: 'Weekly for 10 occurrences',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;COUNT=10',
    ends: true,
    expected: [
      [EDT, '1997-09', '2,9,16,23,30'],
      [EDT, '1997-10', '7,14,21'],
      [EST, '1997-10', '28'],
      [EST, '1997-11', '4'],
    ],
  },
  {
    title: 'Weekly until December 24, 1997',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;UNTIL=19971224T000000Z',
    ends: true,
    expected: [
      [EDT, '1997-09', '2,9,16,23,30'],
      [EDT, '1997-10', '7,14,21'],
      [EST, '1997-10', '28'],
      [EST, '1997-11', '4,11,18,25'],
      [EST, '1997-12', '2,9,16,23'],
    ],
  },
  {
    title: 'Every other week - forever',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;WKST=SU',
    expected: [
      [EDT, '1997-09', '2,16,30'],
      [EDT, '1997-10', '14'],
      [EST, '1997-10', '28'],
      [EST, '1997-11', '11,25'],
      [EST, '1997-12', '9,23'],
      [EST, '1998-01', '6,20'],
      [EST, '1998-02', '3,17'],
    ],
  },
  {
    title: 'Weekly on Tuesday and Thursday for five weeks (UNTIL)',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH',
    ends: true,
    expected: [
      [EDT, '1997-09', '2,4,9,11,16,18,23,25,30'],
      [EDT, '1997-10', '2'],
    ],
  },
  {
    title: 'Weekly on Tuesday and Thursday for five weeks (COUNT)',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH',
    ends: true,
    expected: [
      [EDT, '1997-09', '2,4,9,11,16,18,23,25,30'],
      [EDT, '1997-10', '2'],
    ],
  },
  {
    title: 'Every other week on Monday, Wednesday, and Friday until December 24, 1997',
    dtstart: '1997-09-01T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR',
    ends: true,
    expected: [
      [EDT, '1997-09', '1,3,5,15,17,19,29'],
      [EDT, '1997-10', '1,3,13,15,17'],
      [EST, '1997-10', '27,29,31'],
      [EST, '1997-11', '10,12,14,24,26,28'],
      [EST, '1997-12', '8,10,12,22'],
    ],
  },
  {
    title: 'Every other week on Tuesday and Thursday, for 8 occurrences',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH',
    ends: true,
    expected: [
      [EDT, '1997-09', '2,4,16,18,30'],
      [EDT, '1997-10', '2,14,16'],
    ],
  },
  {
    title: 'Monthly on the first Friday for 10 occurrences',
    dtstart: '1997-09-05T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=10;BYDAY=1FR',
    ends: true,
    expected: [
      [EDT, '1997-09', '5'],
      [EDT, '1997-10', '3'],
      [EST, '1997-11', '7'],
      [EST, '1997-12', '5'],
      [EST, '1998-01', '2'],
      [EST, '1998-02', '6'],
      [EST, '1998-03', '6'],
      [EST, '1998-04', '3'],
      [EDT, '1998-05', '1'],
      [EDT, '1998-06', '5'],
    ],
  },
  {
    title: 'Monthly on the first Friday until December 24, 1997',
    dtstart: '1997-09-05T09:00',
    rrule: 'FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR',
    ends: true,
    expected: [
      [EDT, '1997-09', '5'],
      [EDT, '1997-10', '3'],
      [EST, '1997-11', '7'],
      [EST, '1997-12', '5'],
    ],
  },
  {
    title: 'Every other month on the first and last Sunday of the month for 10 occurrences',
    dtstart: '1997-09-07T09:00',
    rrule: 'FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU',
    ends: true,
    expected: [
      [EDT, '1997-09', '7,28'],
      [EST, '1997-11', '2,30'],
      [EST, '1998-01', '4,25'],
      [EST, '1998-03', '1,29'],
      [EDT, '1998-05', '3,31'],
    ],
  },
  {
    title: 'Monthly on the second-to-last Monday of the month for 6 months',
    dtstart: '1997-09-22T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=6;BYDAY=-2MO',
    ends: true,
    expected: [
      [EDT, '1997-09', '22'],
      [EDT, '1997-10', '20'],
      [EST, '1997-11', '17'],
      [EST, '1997-12', '22'],
      [EST, '1998-01', '19'],
      [EST, '1998-02', '16'],
    ],
  },
  {
    title: 'Monthly on the third-to-the-last day of the month, forever',
    dtstart: '1997-09-28T09:00',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=-3',
    expected: [
      [EDT, '1997-09', '28'],
      [EST, '1997-10', '29'],
      [EST, '1997-11', '28'],
      [EST, '1997-12', '29'],
      [EST, '1998-01', '29'],
      [EST, '1998-02', '26'],
    ],
  },
  {
    title: 'Monthly on the 2nd and 15th of the month for 10 occurrences',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15',
    ends: true,
    expected: [
      [EDT, '1997-09', '2,15'],
      [EDT, '1997-10', '2,15'],
      [EST, '1997-11', '2,15'],
      [EST, '1997-12', '2,15'],
      [EST, '1998-01', '2,15'],
    ],
  },
  {
    title: 'Monthly on the first and last day of the month for 10 occurrences',
    dtstart: '1997-09-30T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1',
    ends: true,
    expected: [
      [EDT, '1997-09', '30'],
      [EDT, '1997-10', '1'],
      [EST, '1997-10', '31'],
      [EST, '1997-11', '1,30'],
      [EST, '1997-12', '1,31'],
      [EST, '1998-01', '1,31'],
      [EST, '1998-02', '1'],
    ],
  },
  {
    title: 'Every 18 months on the 10th thru 15th of the month for 10 occurrences',
    dtstart: '1997-09-10T09:00',
    rrule: 'FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15',
    ends: true,
    expected: [
      [EDT, '1997-09', '10-15'],
      [EST, '1999-03', '10-13'],
    ],
  },
  {
    title: 'Every Tuesday, every other month',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=TU',
    expected: [
      [EDT, '1997-09', '2,9,16,23,30'],
      [EST, '1997-11', '4,11,18,25'],
      [EST, '1998-01', '6,13,20,27'],
      [EST, '1998-03', '3,10,17,24,31'],
    ],
  },
  {
    title: 'Yearly in June and July for 10 occurrences',
    dtstart: '1997-06-10T09:00',
    rrule: 'FREQ=YEARLY;COUNT=10;BYMONTH=6,7',
    ends: true,
    expected: ['1997', '1998', '1999', '2000', '2001'].flatMap((y): Group[] => [
      [EDT, `${y}-06`, '10'],
      [EDT, `${y}-07`, '10'],
    ]),
  },
  {
    title: 'Every other year on January, February, and March for 10 occurrences',
    dtstart: '1997-03-10T09:00',
    rrule: 'FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3',
    ends: true,
    expected: [
      [EST, '1997-03', '10'],
      ...['1999', '2001', '2003'].flatMap((y): Group[] => [
        [EST, `${y}-01`, '10'],
        [EST, `${y}-02`, '10'],
        [EST, `${y}-03`, '10'],
      ]),
    ],
  },
  {
    title: 'Every third year on the 1st, 100th, and 200th day for 10 occurrences',
    dtstart: '1997-01-01T09:00',
    rrule: 'FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200',
    ends: true,
    expected: [
      [EST, '1997-01', '1'],
      [EDT, '1997-04', '10'],
      [EDT, '1997-07', '19'],
      [EST, '2000-01', '1'],
      [EDT, '2000-04', '9'],
      [EDT, '2000-07', '18'],
      [EST, '2003-01', '1'],
      [EDT, '2003-04', '10'],
      [EDT, '2003-07', '19'],
      [EST, '2006-01', '1'],
    ],
  },
  {
    title: 'Every 20th Monday of the year, forever',
    dtstart: '1997-05-19T09:00',
    rrule: 'FREQ=YEARLY;BYDAY=20MO',
    expected: [
      [EDT, '1997-05', '19'],
      [EDT, '1998-05', '18'],
      [EDT, '1999-05', '17'],
    ],
  },
  {
    title: 'Monday of week number 20, forever',
    dtstart: '1997-05-12T09:00',
    rrule: 'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO',
    expected: [
      [EDT, '1997-05', '12'],
      [EDT, '1998-05', '11'],
      [EDT, '1999-05', '17'],
    ],
  },
  {
    title: 'Every Thursday in March, forever',
    dtstart: '1997-03-13T09:00',
    rrule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=TH',
    expected: [
      [EST, '1997-03', '13,20,27'],
      [EST, '1998-03', '5,12,19,26'],
      [EST, '1999-03', '4,11,18,25'],
    ],
  },
  {
    title: 'Every Thursday, but only during June, July, and August, forever',
    dtstart: '1997-06-05T09:00',
    rrule: 'FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8',
    expected: [
      [EDT, '1997-06', '5,12,19,26'],
      [EDT, '1997-07', '3,10,17,24,31'],
      [EDT, '1997-08', '7,14,21,28'],
      [EDT, '1998-06', '4,11,18,25'],
      [EDT, '1998-07', '2,9,16,23,30'],
      [EDT, '1998-08', '6,13,20,27'],
      [EDT, '1999-06', '3,10,17,24'],
      [EDT, '1999-07', '1,8,15,22,29'],
      [EDT, '1999-08', '5,12,19,26'],
    ],
  },
  {
    title: 'Every Friday the 13th, forever (DTSTART excluded by EXDATE)',
    dtstart: '1997-09-02T09:00',
    rrule: 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    skipStart: true,
    expected: [
      [EST, '1998-02', '13'],
      [EST, '1998-03', '13'],
      [EST, '1998-11', '13'],
      [EDT, '1999-08', '13'],
      [EDT, '2000-10', '13'],
    ],
  },
  {
    title: 'The first Saturday that follows the first Sunday of the month, forever',
    dtstart: '1997-09-13T09:00',
    rrule: 'FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13',
    expected: [
      [EDT, '1997-09', '13'],
      [EDT, '1997-10', '11'],
      [EST, '1997-11', '8'],
      [EST, '1997-12', '13'],
      [EST, '1998-01', '10'],
      [EST, '1998-02', '7'],
      [EST, '1998-03', '7'],
      [EDT, '1998-04', '11'],
      [EDT, '1998-05', '9'],
      [EDT, '1998-06', '13'],
    ],
  },
  {
    title: 'Every 4 years, the first Tuesday after a Monday in November (U.S. Presidential Election day)',
    dtstart: '1996-11-05T09:00',
    rrule: 'FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8',
    expected: [
      [EST, '1996-11', '5'],
      [EST, '2000-11', '7'],
      [EST, '2004-11', '2'],
    ],
  },
  {
    title:
      'The third instance into the month of one of Tuesday, Wednesday, or Thursday, for the next 3 months',
    dtstart: '1997-09-04T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3',
    ends: true,
    expected: [
      [EDT, '1997-09', '4'],
      [EDT, '1997-10', '7'],
      [EST, '1997-11', '6'],
    ],
  },
  {
    title: 'The second-to-last weekday of the month',
    dtstart: '1997-09-29T09:00',
    rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2',
    expected: [
      [EDT, '1997-09', '29'],
      [EST, '1997-10', '30'],
      [EST, '1997-11', '27'],
      [EST, '1997-12', '30'],
      [EST, '1998-01', '29'],
      [EST, '1998-02', '26'],
      [EST, '1998-03', '30'],
    ],
  },
  {
    title: 'WKST=MO: every other week on Tuesday and Sunday, 4 occurrences',
    dtstart: '1997-08-05T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO',
    ends: true,
    expected: [[EDT, '1997-08', '5,10,19,24']],
  },
  {
    title: 'WKST=SU: the same rule yields different days',
    dtstart: '1997-08-05T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU',
    ends: true,
    expected: [[EDT, '1997-08', '5,17,19,31']],
  },
  {
    title: 'An invalid date (February 30) is ignored',
    dtstart: '2007-01-15T09:00',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5',
    ends: true,
    expected: [
      [EST, '2007-01', '15,30'],
      [EST, '2007-02', '15'],
      [EDT, '2007-03', '15,30'],
    ],
  },
];

describe('RFC 5545 section 3.8.5.3 examples, driven through nextOccurrence', () => {
  it.each(RFC_EXAMPLES)('$title', ({ dtstart, rrule, ends, skipStart, expected }) => {
    const want = nineAm(expected);
    const recurrence = normalizeRecurrence({ type: typeOf(rrule), rrule });
    const seriesStart = at(dtstart, NY);
    // One more than listed for ending rules: the extra call must be the one that returns null.
    const limit = ends ? want.length + 1 : want.length;
    const dues = drive({ recurrence, seriesStart, timeZone: NY, limit, ...(skipStart ? { skipStart } : {}) });
    expect(dues.map((due) => local(due, NY))).toEqual(want);
  });

  it('covers at least 12 of the RFC examples', () => {
    expect(RFC_EXAMPLES.length).toBeGreaterThanOrEqual(12);
  });
});

/** Weekly (or other) series from a local start, completing each occurrence on time. */
function series(rrule: string, start: string, timeZone: string, limit: number): string[] {
  const recurrence = normalizeRecurrence({ type: typeOf(rrule), rrule });
  return drive({ recurrence, seriesStart: at(start, timeZone), timeZone, limit }).map((d) =>
    local(d, timeZone),
  );
}

describe('daylight saving time', () => {
  it('keeps a weekly 09:00 todo at 09:00 in New York across March 8 and November 1, 2026', () => {
    const dues = series('FREQ=WEEKLY', '2026-03-01T09:00', NY, 3);
    expect(dues).toEqual([
      '2026-03-01T09:00:00-05:00',
      '2026-03-08T09:00:00-04:00',
      '2026-03-15T09:00:00-04:00',
    ]);
    const autumn = series('FREQ=WEEKLY', '2026-10-25T09:00', NY, 3);
    expect(autumn).toEqual([
      '2026-10-25T09:00:00-04:00',
      '2026-11-01T09:00:00-05:00',
      '2026-11-08T09:00:00-05:00',
    ]);
  });

  it('keeps 09:00 for a whole year of weekly occurrences and switches offset exactly at the transitions', () => {
    const dues = series('FREQ=WEEKLY;BYDAY=SU', '2026-01-04T09:00', NY, 52);
    expect(dues.every((d) => d.slice(11, 19) === '09:00:00')).toBe(true);
    const daylight = dues.filter((d) => d.endsWith(EDT)).map((d) => d.slice(0, 10));
    expect(daylight[0]).toBe('2026-03-08');
    expect(daylight.at(-1)).toBe('2026-10-25');
    expect(dues.find((d) => d.startsWith('2026-11-01'))).toBe('2026-11-01T09:00:00-05:00');
  });

  it('keeps a weekly 09:00 todo at 09:00 in Berlin across March 29 and October 25, 2026', () => {
    const spring = series('FREQ=WEEKLY', '2026-03-22T09:00', BERLIN, 3);
    expect(spring).toEqual([
      '2026-03-22T09:00:00+01:00',
      '2026-03-29T09:00:00+02:00',
      '2026-04-05T09:00:00+02:00',
    ]);
    const autumn = series('FREQ=WEEKLY', '2026-10-18T09:00', BERLIN, 3);
    expect(autumn).toEqual([
      '2026-10-18T09:00:00+02:00',
      '2026-10-25T09:00:00+01:00',
      '2026-11-01T09:00:00+01:00',
    ]);
  });

  it('skips a daily 02:30 todo on the spring-forward day in New York, where 02:30 does not exist', () => {
    // What rrule-temporal does, and what RFC 5545 3.3.10 requires of generated instances: "Recurrence rules may
    // generate recurrence instances with [...] nonexistent local time [...]. Such recurrence instances MUST be
    // ignored". The 03:30 reading (offset before the gap) is 3.3.5's rule for an explicitly written DATE-TIME, which
    // the library applies only to DTSTART itself. So March 8 has no occurrence and March 9 is back at 02:30.
    const dues = series('FREQ=DAILY', '2026-03-06T02:30', NY, 4);
    expect(dues).toEqual([
      '2026-03-06T02:30:00-05:00',
      '2026-03-07T02:30:00-05:00',
      '2026-03-09T02:30:00-04:00',
      '2026-03-10T02:30:00-04:00',
    ]);
  });

  it('skips the gap day in a daily 02:30 series that started a year earlier (aligned search path)', () => {
    const recurrence = normalizeRecurrence({ type: 'daily' });
    const next = nextOccurrence({
      recurrence,
      seriesStart: at('2025-03-01T02:30', NY),
      timeZone: NY,
      currentDueAt: at('2026-03-07T02:30', NY),
      completedAt: at('2026-03-07T08:00', NY),
      occurrenceIndex: 372,
    });
    expect(local(next!, NY)).toBe('2026-03-09T02:30:00-04:00');
  });

  it('takes the first (daylight) 01:30 on the fall-back day, when 01:30 happens twice', () => {
    const dues = series('FREQ=DAILY', '2026-10-31T01:30', NY, 3);
    expect(dues).toEqual([
      '2026-10-31T01:30:00-04:00',
      '2026-11-01T01:30:00-04:00',
      '2026-11-02T01:30:00-05:00',
    ]);
  });

  it('restarts a fromCompletion 02:30 series completed on the gap day at 02:30, not at the moved 03:30', () => {
    const recurrence = normalizeRecurrence({ type: 'daily', fromCompletion: true });
    const next = nextOccurrence({
      recurrence,
      seriesStart: at('2026-03-01T02:30', NY),
      timeZone: NY,
      currentDueAt: at('2026-03-07T02:30', NY),
      completedAt: at('2026-03-08T12:00', NY),
      occurrenceIndex: 7,
    });
    expect(local(next!, NY)).toBe('2026-03-09T02:30:00-04:00');
  });
});

describe('end of series', () => {
  const daily = normalizeRecurrence({ type: 'daily' });
  const base = { seriesStart: at('2026-03-01T09:00', NY), timeZone: NY };

  it('ends after count occurrences', () => {
    const recurrence = { ...daily, count: 3 };
    const dues = drive({ recurrence, ...base, limit: 10 }).map((d) => local(d, NY));
    expect(dues).toEqual([
      '2026-03-01T09:00:00-05:00',
      '2026-03-02T09:00:00-05:00',
      '2026-03-03T09:00:00-05:00',
    ]);
    const currentDueAt = at('2026-03-03T09:00', NY);
    const call = { recurrence, ...base, currentDueAt, completedAt: currentDueAt };
    expect(nextOccurrence({ ...call, occurrenceIndex: 3 })).toBeNull();
    expect(nextOccurrence({ ...call, occurrenceIndex: 2 })).not.toBeNull();
  });

  it('ends at an until date, inclusive to the end of that day in the todo zone', () => {
    // 23:00 in New York on March 10 is already March 11 in UTC; it still belongs to the until date.
    const recurrence = normalizeRecurrence({ type: 'daily', until: '2026-03-10' });
    const dues = drive({ recurrence, seriesStart: at('2026-03-08T23:00', NY), timeZone: NY, limit: 10 });
    expect(dues.map((d) => local(d, NY))).toEqual([
      '2026-03-08T23:00:00-04:00',
      '2026-03-09T23:00:00-04:00',
      '2026-03-10T23:00:00-04:00',
    ]);
  });

  it('ends at an until instant, inclusive', () => {
    const exact = normalizeRecurrence({ type: 'daily', until: '2026-03-10T13:00:00Z' });
    const withOffset = normalizeRecurrence({ type: 'daily', until: '2026-03-10T09:00:00-04:00' });
    const before = normalizeRecurrence({ type: 'daily', until: '2026-03-10T12:59:59Z' });
    const start = { seriesStart: at('2026-03-09T09:00', NY), timeZone: NY, limit: 10 };
    expect(drive({ recurrence: exact, ...start })).toHaveLength(2);
    expect(drive({ recurrence: withOffset, ...start })).toHaveLength(2);
    expect(drive({ recurrence: before, ...start })).toHaveLength(1);
  });
});

describe('fromCompletion', () => {
  const every3 = normalizeRecurrence({ type: 'daily', rrule: 'FREQ=DAILY;INTERVAL=3', fromCompletion: true });
  const call = {
    recurrence: every3,
    seriesStart: at('2026-03-01T09:00', NY),
    timeZone: NY,
    currentDueAt: at('2026-03-07T09:00', NY),
    occurrenceIndex: 3,
  };

  it('counts from the completion day at the due time of day', () => {
    const next = nextOccurrence({ ...call, completedAt: at('2026-03-10T18:45', NY) });
    expect(local(next!, NY)).toBe('2026-03-13T09:00:00-04:00');
  });

  it('takes the completion day in the todo zone, not in UTC', () => {
    // 03:00Z on the 11th is still the evening of the 10th in New York.
    const next = nextOccurrence({ ...call, completedAt: '2026-03-11T03:00:00Z' });
    expect(local(next!, NY)).toBe('2026-03-13T09:00:00-04:00');
  });

  it('differs from the fixed schedule, which stays on the DTSTART phase', () => {
    const fixed = { ...every3, fromCompletion: false };
    const next = nextOccurrence({ ...call, recurrence: fixed, completedAt: at('2026-03-10T18:45', NY) });
    expect(local(next!, NY)).toBe('2026-03-10T09:00:00-04:00');
  });

  it('follows the rule from the restart: a Mon/Wed todo completed on a Friday is next due on Monday', () => {
    const recurrence = normalizeRecurrence({
      type: 'weekly',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE',
      fromCompletion: true,
    });
    const due = at('2026-03-04T09:00', NY); // a Wednesday
    const next = nextOccurrence({
      ...call,
      recurrence,
      currentDueAt: due,
      completedAt: at('2026-03-06T10:00', NY),
    });
    expect(local(next!, NY)).toBe('2026-03-09T09:00:00-04:00');
  });

  it('never gives the due of the occurrence being completed again when completed early', () => {
    // Restarting a daily series the day before its due would give that same due; the next todo's
    // deterministic id would then collide with the one being completed, so the next day is taken.
    const recurrence = normalizeRecurrence({ type: 'daily', fromCompletion: true });
    const next = nextOccurrence({ ...call, recurrence, completedAt: at('2026-03-06T20:00', NY) });
    expect(local(next!, NY)).toBe('2026-03-08T09:00:00-04:00');
  });

  it('still respects count and until', () => {
    const completedAt = at('2026-03-10T18:45', NY);
    expect(nextOccurrence({ ...call, recurrence: { ...every3, count: 3 }, completedAt })).toBeNull();
    expect(
      nextOccurrence({ ...call, recurrence: { ...every3, until: '2026-03-12' }, completedAt }),
    ).toBeNull();
    expect(
      nextOccurrence({ ...call, recurrence: { ...every3, until: '2026-03-13' }, completedAt }),
    ).not.toBeNull();
  });
});

describe('invalid dates are skipped, not moved (RFC 5545 3.3.10)', () => {
  it('monthly on the 31st skips the months without one', () => {
    const dues = series('FREQ=MONTHLY', '2026-01-31T09:00', NY, 7).map((d) => d.slice(0, 10));
    expect(dues).toEqual([
      '2026-01-31',
      '2026-03-31',
      '2026-05-31',
      '2026-07-31',
      '2026-08-31',
      '2026-10-31',
      '2026-12-31',
    ]);
  });

  it('yearly on February 29 comes back only in leap years', () => {
    const dues = series('FREQ=YEARLY', '2024-02-29T09:00', NY, 4).map((d) => d.slice(0, 10));
    expect(dues).toEqual(['2024-02-29', '2028-02-29', '2032-02-29', '2036-02-29']);
  });
});

describe('long-running series', () => {
  it('answers a daily series completed 5 years after its start in well under 50 ms', () => {
    const recurrence = normalizeRecurrence({ type: 'daily' });
    const call = {
      recurrence,
      seriesStart: at('2021-03-10T09:00', NY),
      timeZone: NY,
      currentDueAt: at('2026-03-10T09:00', NY),
      completedAt: at('2026-03-10T10:00', NY),
      occurrenceIndex: 1827,
    };
    const t0 = performance.now();
    const next = nextOccurrence(call);
    const elapsed = performance.now() - t0;
    expect(local(next!, NY)).toBe('2026-03-11T09:00:00-04:00');
    expect(elapsed).toBeLessThan(50);
  });

  it('does not replay the series from its start (a century-old series is past the library cap)', () => {
    // rrule-temporal's all() gives up after 10,000 periods, so 100 years of days can only be crossed by the
    // aligned jump that next(after) makes. 1926-03-10 was a Wednesday, which sets the weekly phase.
    const seriesStart = at('1926-03-10T09:00', NY);
    const cases = [
      { type: 'daily', due: '2026-03-10T09:00', want: '2026-03-11T09:00:00-04:00' },
      { type: 'weekly', due: '2026-03-11T09:00', want: '2026-03-18T09:00:00-04:00' },
      { type: 'monthly', due: '2026-03-10T09:00', want: '2026-04-10T09:00:00-04:00' },
    ] as const;
    for (const { type, due, want } of cases) {
      const currentDueAt = at(due, NY);
      const recurrence = normalizeRecurrence({ type });
      const call = { recurrence, seriesStart, timeZone: NY, currentDueAt, completedAt: currentDueAt };
      expect(local(nextOccurrence({ ...call, occurrenceIndex: 36525 })!, NY)).toBe(want);
    }
  });
});

describe('normalizeRecurrence', () => {
  it.each([
    ['daily', 'FREQ=DAILY'],
    ['weekly', 'FREQ=WEEKLY'],
    ['monthly', 'FREQ=MONTHLY'],
    ['yearly', 'FREQ=YEARLY'],
  ] as const)('turns type %s without rrule into %s', (type, rrule) => {
    expect(normalizeRecurrence({ type })).toEqual({
      type,
      rrule,
      until: null,
      count: null,
      fromCompletion: false,
    });
  });

  it('normalises case, whitespace and part order', () => {
    expect(normalizeRecurrence({ type: 'weekly', rrule: 'freq=weekly;byday=mo,we' }).rrule).toBe(
      'FREQ=WEEKLY;BYDAY=MO,WE',
    );
    expect(
      normalizeRecurrence({ type: 'custom', rrule: ' byday = mo , we ; Freq = Weekly ; interval=02; ' })
        .rrule,
    ).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE');
    expect(normalizeRecurrence({ type: 'monthly', rrule: 'FREQ=MONTHLY;BYDAY=+1fr' }).rrule).toBe(
      'FREQ=MONTHLY;BYDAY=1FR',
    );
  });

  it('accepts an RRULE: line and drops a DTSTART line (the series starts at the todo due time)', () => {
    const rrule = 'DTSTART;TZID=America/New_York:19970902T090000\nRRULE:FREQ=DAILY;INTERVAL=2';
    expect(normalizeRecurrence({ type: 'daily', rrule }).rrule).toBe('FREQ=DAILY;INTERVAL=2');
  });

  it('keeps type custom and the fromCompletion flag', () => {
    const r = normalizeRecurrence({ type: 'custom', rrule: 'FREQ=MONTHLY;BYDAY=-1FR', fromCompletion: true });
    expect(r).toEqual({
      type: 'custom',
      rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
      until: null,
      count: null,
      fromCompletion: true,
    });
  });

  it('rejects an rrule whose FREQ does not match the type', () => {
    expect(() => normalizeRecurrence({ type: 'daily', rrule: 'FREQ=WEEKLY' })).toThrow(
      new RecurrenceError('rrule: FREQ=WEEKLY does not match type daily'),
    );
  });

  it('moves UNTIL and COUNT out of the rrule into their fields', () => {
    expect(normalizeRecurrence({ type: 'daily', rrule: 'FREQ=DAILY;UNTIL=20261231' })).toMatchObject({
      rrule: 'FREQ=DAILY',
      until: '2026-12-31',
      count: null,
    });
    expect(normalizeRecurrence({ type: 'daily', rrule: 'FREQ=DAILY;UNTIL=20261231T235959Z' })).toMatchObject({
      rrule: 'FREQ=DAILY',
      until: '2026-12-31T23:59:59Z',
    });
    expect(normalizeRecurrence({ type: 'weekly', rrule: 'COUNT=5;FREQ=WEEKLY;BYDAY=FR' })).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=FR',
      until: null,
      count: 5,
    });
  });

  it('keeps the caller form of the until field', () => {
    expect(normalizeRecurrence({ type: 'daily', until: '2026-12-31' }).until).toBe('2026-12-31');
    expect(normalizeRecurrence({ type: 'daily', until: '2026-12-31T18:00:00+01:00' }).until).toBe(
      '2026-12-31T18:00:00+01:00',
    );
  });

  it.each([
    [{ type: 'daily', rrule: 'FREQ=DAILY;COUNT=3', count: 4 }, /count.*once/],
    [{ type: 'daily', rrule: 'FREQ=DAILY;UNTIL=20261231', until: '2026-11-30' }, /until.*once/],
    [{ type: 'daily', rrule: 'FREQ=DAILY;COUNT=3', until: '2026-11-30' }, /until or count/],
    [{ type: 'daily', rrule: 'FREQ=DAILY;COUNT=3;UNTIL=20261231' }, /UNTIL or COUNT/],
    [{ type: 'daily', until: '2026-11-30', count: 2 }, /until or count/],
    [{ type: 'daily', rrule: 'FREQ=DAILY;UNTIL=20261231T120000' }, /UTC/],
    [{ type: 'daily', until: 'next tuesday' }, /until: next tuesday/],
    [{ type: 'daily', until: '2026-02-30' }, /until/],
  ] as const)('rejects conflicting or malformed ends %j', (input, message) => {
    expect(() => normalizeRecurrence(input)).toThrow(message);
  });

  it.each([
    ['', /exactly one rule/],
    ['garbage', /NAME=VALUE/],
    ['INTERVAL=2', /FREQ is missing/],
    ['FREQ=FORTNIGHTLY', /not a frequency/],
    ['FREQ=DAILY;BYFOO=1', /unknown or unsupported part BYFOO/],
    ['FREQ=DAILY;INTERVAL=0', /INTERVAL=0 must be 1 to 10000/],
    ['FREQ=DAILY;INTERVAL=2;INTERVAL=3', /more than once/],
    ['FREQ=MONTHLY;BYMONTHDAY=40', /BYMONTHDAY=40/],
    ['FREQ=MONTHLY;BYMONTHDAY=0', /BYMONTHDAY=0/],
    ['FREQ=YEARLY;BYMONTH=13', /BYMONTH=13/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY=XX/],
    ['FREQ=MONTHLY;BYDAY=0MO', /BYDAY=0MO/],
    ['FREQ=WEEKLY;WKST=SUN', /WKST=SUN/],
    ['FREQ=WEEKLY;BYMONTHDAY=3', /BYMONTHDAY MUST NOT be used when FREQ is WEEKLY/],
    ['FREQ=MONTHLY;BYWEEKNO=2', /BYWEEKNO/],
    ['FREQ=DAILY\nRRULE:FREQ=WEEKLY', /exactly one rule/],
    ['FREQ=DAILY\nEXDATE:20260101T090000Z', /EXDATE is not supported/],
  ])('rejects the unusable rule %j', (rrule, message) => {
    const attempt = () => normalizeRecurrence({ type: 'custom', rrule });
    expect(attempt).toThrow(RecurrenceError);
    expect(attempt).toThrow(message);
  });

  it.each(['FREQ=HOURLY', 'FREQ=MINUTELY;INTERVAL=15', 'freq=secondly'])(
    'rejects the sub-daily rule %s',
    (rrule) => {
      expect(() => normalizeRecurrence({ type: 'custom', rrule })).toThrow(/the smallest step is DAILY/);
    },
  );

  it.each(['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31'])(
    'rejects %s, which never produces an occurrence',
    (rrule) => {
      expect(() => normalizeRecurrence({ type: 'custom', rrule })).toThrow(/never produces an occurrence/);
    },
  );

  it('raises RecurrenceError, an Error with its own name', () => {
    let caught: unknown;
    try {
      normalizeRecurrence({ type: 'custom', rrule: 'FREQ=HOURLY' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RecurrenceError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('RecurrenceError');
  });
});

describe('nextOccurrence argument checks', () => {
  const recurrence = normalizeRecurrence({ type: 'daily' });
  const call = {
    recurrence,
    seriesStart: '2026-03-01T14:00:00Z',
    timeZone: NY,
    currentDueAt: '2026-03-01T14:00:00Z',
    completedAt: '2026-03-01T14:00:00Z',
    occurrenceIndex: 1,
  };

  it('accepts instants with any offset and answers in UTC with Z', () => {
    expect(nextOccurrence({ ...call, currentDueAt: '2026-03-01T09:00:00-05:00' })).toBe(
      '2026-03-02T14:00:00.000Z',
    );
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, /Mars\/Olympus is not a time zone/],
    [{ currentDueAt: 'yesterday' }, /currentDueAt: yesterday/],
    [{ occurrenceIndex: 0 }, /occurrenceIndex/],
    [{ recurrence: { ...recurrence, rrule: 'FREQ=HOURLY' } }, /smallest step is DAILY/],
  ])('rejects bad arguments %j', (change, message) => {
    expect(() => nextOccurrence({ ...call, ...change })).toThrow(message);
  });
});

describe('occurrenceId', () => {
  const series1 = '6f1c2a9e-0b7d-4c53-9a51-2f4d8e7b1c30';
  const series2 = '0d9b8c44-3e5f-4a21-8c6d-7b2e1f0a9d85';
  // uuid v5 of '6f1c2a9e-…-2f4d8e7b1c30@2026-03-08T13:00:00.000Z' in OCCURRENCE_NAMESPACE (cross-checked with Python's
  // uuid.uuid5), so a client computing ids itself can be tested against the same value.
  const STABLE_ID = '42a712be-ee49-52ce-a591-6fd5a4608c01';

  it('is a v5 UUID and the same for the same series and due instant', () => {
    const id = occurrenceId(series1, '2026-03-08T13:00:00.000Z');
    expect(isUuid(id)).toBe(true);
    expect(uuidVersion(id)).toBe(5);
    expect(occurrenceId(series1, '2026-03-08T13:00:00.000Z')).toBe(id);
  });

  it('does not depend on how the instant or the series id is written', () => {
    const id = occurrenceId(series1, '2026-03-08T13:00:00.000Z');
    expect(occurrenceId(series1, '2026-03-08T13:00:00Z')).toBe(id);
    expect(occurrenceId(series1, '2026-03-08T09:00:00-04:00')).toBe(id);
    expect(occurrenceId(series1.toUpperCase(), '2026-03-08T13:00:00Z')).toBe(id);
  });

  it('differs for another due instant or another series', () => {
    const id = occurrenceId(series1, '2026-03-08T13:00:00Z');
    expect(occurrenceId(series1, '2026-03-09T13:00:00Z')).not.toBe(id);
    expect(occurrenceId(series1, '2026-03-08T13:00:01Z')).not.toBe(id);
    expect(occurrenceId(series2, '2026-03-08T13:00:00Z')).not.toBe(id);
  });

  it('is stable across releases (ids already stored must keep matching)', () => {
    expect(OCCURRENCE_NAMESPACE).toBe('3a85f4a4-d750-4fa7-9dab-dffd2108e9f4');
    expect(occurrenceId(series1, '2026-03-08T13:00:00Z')).toBe(STABLE_ID);
  });

  it('gives the id the next todo gets on every device: completing the same occurrence twice gives one id', () => {
    const recurrence = normalizeRecurrence({ type: 'weekly' });
    const args = {
      recurrence,
      seriesStart: at('2026-03-02T09:00', NY),
      timeZone: NY,
      currentDueAt: at('2026-03-02T09:00', NY),
      occurrenceIndex: 1,
    };
    const phone = nextOccurrence({ ...args, completedAt: at('2026-03-02T09:05', NY) })!;
    const laptop = nextOccurrence({ ...args, completedAt: at('2026-03-03T18:00', NY) })!;
    expect(occurrenceId(series1, phone)).toBe(occurrenceId(series1, laptop));
  });

  it('rejects an unparseable due instant', () => {
    expect(() => occurrenceId(series1, 'soon')).toThrow(RecurrenceError);
  });
});

describe('properties (fast-check)', () => {
  const zones = [
    NY,
    BERLIN,
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Asia/Kolkata',
    'UTC',
  ];
  const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
  const rule = fc.oneof(
    fc.integer({ min: 1, max: 4 }).map((n) => `FREQ=DAILY;INTERVAL=${n}`),
    fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.subarray(weekdays, { minLength: 1 }))
      .map(([n, byDay]) => `FREQ=WEEKLY;INTERVAL=${n};BYDAY=${byDay.join(',')}`),
    fc
      .tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.constantFrom(1, 15, 28, 30, 31, -1), { nil: undefined }),
      )
      .map(([n, day]) => `FREQ=MONTHLY;INTERVAL=${n}${day === undefined ? '' : `;BYMONTHDAY=${day}`}`),
  );
  // Early-morning hours are favoured: that is where the DST gaps and overlaps are.
  const start = fc.record({
    zone: fc.constantFrom(...zones),
    day: fc.integer({ min: 0, max: 365 * 20 }),
    hour: fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: 23 })),
    minute: fc.constantFrom(0, 15, 30, 45),
  });

  /** DTSTART as Temporal resolves the wall time (a time in a gap moves forward, as any due time would). */
  function dtstart(s: { zone: string; day: number; hour: number; minute: number }) {
    const date = Temporal.PlainDate.from('2015-01-01').add({ days: s.day });
    return date.toZonedDateTime({ timeZone: s.zone, plainTime: { hour: s.hour, minute: s.minute } });
  }

  it('gives strictly increasing dues that keep the local time of day of DTSTART', () => {
    fc.assert(
      fc.property(rule, start, (rrule, s) => {
        const first = dtstart(s);
        const recurrence = normalizeRecurrence({ type: typeOf(rrule), rrule });
        const dues = drive({
          recurrence,
          seriesStart: first.toInstant().toString(),
          timeZone: s.zone,
          limit: 12,
        });
        expect(dues).toHaveLength(12);
        for (let i = 1; i < dues.length; i++) {
          expect(Temporal.Instant.compare(dues[i - 1]!, dues[i]!)).toBe(-1);
          // Generated instances in a DST gap are omitted (RFC 5545 3.3.10), so none is shifted off its time.
          const wall = Temporal.Instant.from(dues[i]!).toZonedDateTimeISO(s.zone).toPlainTime();
          expect(wall.toString()).toBe(first.toPlainTime().toString());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('fromCompletion dues come after the completed due and the completion day, at the same time of day', () => {
    const delays = fc.array(fc.integer({ min: -36, max: 24 * 40 }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(rule, start, delays, (rrule, s, hours) => {
        const first = dtstart(s);
        const recurrence = normalizeRecurrence({ type: typeOf(rrule), rrule, fromCompletion: true });
        const completions: string[] = [];
        const completeAfter = (due: string, index: number) => {
          const done = Temporal.Instant.from(due)
            .add({ hours: hours[index - 1]! })
            .toString();
          completions.push(done);
          return done;
        };
        const seriesStart = first.toInstant().toString();
        const dues = drive({ recurrence, seriesStart, timeZone: s.zone, limit: 8, completeAfter });
        for (let i = 1; i < dues.length; i++) {
          const due = Temporal.Instant.from(dues[i]!).toZonedDateTimeISO(s.zone);
          const completedOn = Temporal.Instant.from(completions[i - 1]!)
            .toZonedDateTimeISO(s.zone)
            .toPlainDate();
          expect(Temporal.Instant.compare(dues[i - 1]!, dues[i]!)).toBe(-1);
          expect(Temporal.PlainDate.compare(due.toPlainDate(), completedOn)).toBe(1);
          expect(due.toPlainTime().toString()).toBe(first.toPlainTime().toString());
        }
      }),
      { numRuns: 100 },
    );
  });
});
