// Unit tests of the list/filter/search query normalisation: merged parameters, prefix search, due
// windows in the person's time zone (DST included), default sorting, and the keyset cursor.
import { SORT_FIELDS, TodoListQuery } from '@todo/contracts';
import { AppError } from '@todo/platform';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildTodoFilter,
  decodeCursor,
  DEFAULT_LIMIT,
  encodeCursor,
  toPrefixQuery,
  type KeysetPosition,
  type TodoFilter,
} from './todo-filter.ts';

const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
const TAG_A = '5f2e1d3c-7b6a-4e9f-8c0d-1a2b3c4d5e6f';
const TAG_B = '0b7c8f0e-3d5a-4c1e-9a8b-2f6d4e1c7a90';
const TODO_ID = '01890a5d-ac96-774b-bcce-b302099a8057';

/** 00:30 UTC on Tuesday 10 March 2026: still Monday evening in New York (EDT), morning in Tokyo. */
const JUST_AFTER_MIDNIGHT_UTC = new Date('2026-03-10T00:30:00Z');

const build = (query: TodoListQuery, now = JUST_AFTER_MIDNIGHT_UTC, timeZone = NY) =>
  buildTodoFilter(query, now, timeZone);

/** Runs `fn` and returns the AppError it throws. */
function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

const iso = (d: Date | undefined) => d?.toISOString();

describe('buildTodoFilter: parameters', () => {
  it('lists every todo, newest first, 50 at a time, when nothing is asked for', () => {
    expect(build({})).toEqual({ sort: 'createdAt', order: 'desc', limit: DEFAULT_LIMIT });
    expect(DEFAULT_LIMIT).toBe(50);
  });

  it('merges status, priorities, tags, text and limit into one filter', () => {
    const filter = build({
      status: 'open',
      priority: ['high', 'urgent'],
      tag: [TAG_A, TAG_B],
      q: 'Mil bre',
      limit: 10,
    });

    expect(filter).toEqual({
      status: 'open',
      priorities: ['high', 'urgent'],
      tagIds: [TAG_A, TAG_B],
      text: 'mil:* & bre:*',
      terms: ['mil:*', 'bre:*'],
      sort: 'createdAt',
      order: 'desc',
      limit: 10,
    });
  });

  it('counts a priority or tag given twice once', () => {
    const filter = build({ priority: ['high', 'urgent', 'high'], tag: [TAG_A, TAG_A] });

    expect(filter.priorities).toEqual(['high', 'urgent']);
    expect(filter.tagIds).toEqual([TAG_A]);
  });

  it('ignores empty priority and tag lists and an empty q', () => {
    const filter = build({ priority: [], tag: [], q: '' });

    expect(filter).toEqual({ sort: 'createdAt', order: 'desc', limit: 50 });
  });

  it('refuses a q with no letter or digit with a 400', () => {
    const err = appError(() => build({ q: '?!*&|' }));

    expect(err.status).toBe(400);
    expect(err.type).toBe('validation-error');
    expect(err.message).toMatch(/letter or digit/);
  });
});

describe('toPrefixQuery', () => {
  it('makes every word a lower-case prefix that must match', () => {
    expect(toPrefixQuery('Mil bre')).toBe('mil:* & bre:*');
  });

  it('drops tsquery operators and punctuation, so user text cannot change the query', () => {
    expect(toPrefixQuery("milk & !bread | (eggs):* 'x'")).toBe('milk:* & bread:* & eggs:* & x:*');
  });

  it('keeps letters and digits of any script', () => {
    expect(toPrefixQuery('Café 2026 Müsli 牛乳')).toBe('café:* & 2026:* & müsli:* & 牛乳:*');
  });

  it('uses at most 16 words', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');

    expect(toPrefixQuery(words).split(' & ')).toHaveLength(16);
  });

  it('refuses text with no letter or digit', () => {
    expect(appError(() => toPrefixQuery('  -- ')).status).toBe(400);
  });
});

describe('buildTodoFilter: due windows in the person’s time zone', () => {
  it('resolves "today" to the local day in New York, which is still Monday', () => {
    const filter = build({ due: 'today' }, JUST_AFTER_MIDNIGHT_UTC, NY);

    expect(iso(filter.dueFrom)).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(filter.dueTo)).toBe('2026-03-10T04:00:00.000Z');
  });

  it('resolves "today" to the local day in Tokyo, which is already Tuesday', () => {
    const filter = build({ due: 'today' }, JUST_AFTER_MIDNIGHT_UTC, TOKYO);

    expect(iso(filter.dueFrom)).toBe('2026-03-09T15:00:00.000Z');
    expect(iso(filter.dueTo)).toBe('2026-03-10T15:00:00.000Z');
  });

  it('resolves "week" to seven local days from the start of today', () => {
    expect(iso(build({ due: 'week' }, JUST_AFTER_MIDNIGHT_UTC, NY).dueTo)).toBe('2026-03-16T04:00:00.000Z');
    expect(iso(build({ due: 'week' }, JUST_AFTER_MIDNIGHT_UTC, TOKYO).dueTo)).toBe(
      '2026-03-16T15:00:00.000Z',
    );
  });

  it('makes "today" 23 hours long on the day New York springs forward', () => {
    const filter = build({ due: 'today' }, new Date('2026-03-08T12:00:00Z'), NY);

    expect(iso(filter.dueFrom)).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(filter.dueTo)).toBe('2026-03-09T04:00:00.000Z');
  });

  it('ends a "week" that spans the clock change at local midnight, not 168 hours later', () => {
    const filter = build({ due: 'week' }, new Date('2026-03-06T15:00:00Z'), NY);

    expect(iso(filter.dueFrom)).toBe('2026-03-06T05:00:00.000Z');
    expect(iso(filter.dueTo)).toBe('2026-03-13T04:00:00.000Z');
  });

  it('resolves "overdue" to before now, with no other bounds', () => {
    const filter = build({ due: 'overdue' });

    expect(filter.overdueAt).toEqual(JUST_AFTER_MIDNIGHT_UTC);
    expect(filter.dueFrom).toBeUndefined();
    expect(filter.dueTo).toBeUndefined();
  });

  it('resolves "none" to todos without a due date', () => {
    const filter = build({ due: 'none' });

    expect(filter.dueNone).toBe(true);
    expect(filter.dueFrom).toBeUndefined();
    expect(filter.dueTo).toBeUndefined();
  });

  it('refuses "none" with dueBefore or dueAfter with a 400', () => {
    expect(appError(() => build({ due: 'none', dueBefore: '2026-03-12T00:00:00Z' })).status).toBe(400);
    expect(appError(() => build({ due: 'none', dueAfter: '2026-03-01T00:00:00Z' })).status).toBe(400);
  });

  it('uses dueBefore and dueAfter alone as given', () => {
    const filter = build({ dueAfter: '2026-03-01T00:00:00-05:00', dueBefore: '2026-04-01T00:00:00-04:00' });

    expect(iso(filter.dueFrom)).toBe('2026-03-01T05:00:00.000Z');
    expect(iso(filter.dueTo)).toBe('2026-04-01T04:00:00.000Z');
  });

  it('narrows "today" with dueAfter and dueBefore (the intersection, never a widening)', () => {
    const narrower = build({
      due: 'today',
      dueAfter: '2026-03-09T12:00:00Z',
      dueBefore: '2026-03-09T20:00:00Z',
    });
    const wider = build({
      due: 'today',
      dueAfter: '2026-03-01T00:00:00Z',
      dueBefore: '2026-03-31T00:00:00Z',
    });

    expect([iso(narrower.dueFrom), iso(narrower.dueTo)]).toEqual([
      '2026-03-09T12:00:00.000Z',
      '2026-03-09T20:00:00.000Z',
    ]);
    expect([iso(wider.dueFrom), iso(wider.dueTo)]).toEqual([
      '2026-03-09T04:00:00.000Z',
      '2026-03-10T04:00:00.000Z',
    ]);
  });

  it('gives an empty window, not an error, when dueAfter lies beyond this week', () => {
    const filter = build({ due: 'week', dueAfter: '2026-04-01T00:00:00Z' });

    expect(filter.dueFrom!.getTime()).toBeGreaterThanOrEqual(filter.dueTo!.getTime());
  });

  it('combines "overdue" with dueAfter', () => {
    const filter = build({ due: 'overdue', dueAfter: '2026-03-01T00:00:00Z' });

    expect(filter.overdueAt).toEqual(JUST_AFTER_MIDNIGHT_UTC);
    expect(iso(filter.dueFrom)).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe('buildTodoFilter: sorting', () => {
  it.each([
    ['dueAt', 'asc'],
    ['title', 'asc'],
    ['priority', 'desc'],
    ['createdAt', 'desc'],
    ['updatedAt', 'desc'],
  ] as const)('sorts by %s %s unless told otherwise', (sort, order) => {
    expect(build({ sort })).toMatchObject({ sort, order });
  });

  it('takes the order it is given', () => {
    expect(build({ sort: 'dueAt', order: 'desc' })).toMatchObject({ sort: 'dueAt', order: 'desc' });
    expect(build({ order: 'asc' })).toMatchObject({ sort: 'createdAt', order: 'asc' });
  });

  it('sorts search results by rank, best first, unless a sort is asked for', () => {
    const now = JUST_AFTER_MIDNIGHT_UTC;

    expect(buildTodoFilter({ q: 'milk' }, now, NY, 'search')).toMatchObject({
      sort: 'rank',
      order: 'desc',
      text: 'milk:*',
    });
    expect(buildTodoFilter({ q: 'milk', sort: 'title' }, now, NY, 'search')).toMatchObject({
      sort: 'title',
      order: 'asc',
    });
  });
});

describe('cursors', () => {
  it('round-trips a position and continues from it', () => {
    const position = { value: '2026-03-09T14:00:00.000Z', id: TODO_ID };
    const cursor = encodeCursor('dueAt', position);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'dueAt')).toEqual(position);
    expect(build({ sort: 'dueAt', cursor }).after).toEqual(position);
  });

  it('round-trips a null sort value (todos without a due date come last)', () => {
    const cursor = encodeCursor('dueAt', { value: null, id: TODO_ID });

    expect(decodeCursor(cursor, 'dueAt')).toEqual({ value: null, id: TODO_ID });
  });

  it('round-trips a search rank', () => {
    const cursor = encodeCursor('rank', { value: 0.0607927, id: TODO_ID });

    expect(buildTodoFilter({ q: 'milk', cursor }, JUST_AFTER_MIDNIGHT_UTC, NY, 'search').after).toEqual({
      value: 0.0607927,
      id: TODO_ID,
    });
  });

  it('refuses with a 400 a cursor made for another sort', () => {
    const cursor = encodeCursor('title', { value: 'buy milk', id: TODO_ID });

    const err = appError(() => build({ sort: 'dueAt', cursor }));

    expect(err.status).toBe(400);
    expect(err.message).toMatch(/cursor/);
    // The default sort is createdAt, so a cursor from a title-sorted page does not fit a plain list.
    expect(appError(() => build({ cursor })).status).toBe(400);
  });

  it.each([
    ['garbage', 'not-a-cursor!!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['a JSON array', Buffer.from('[1,2]').toString('base64url')],
    ['a JSON number', Buffer.from('42').toString('base64url')],
    ['an id that is not a UUID', Buffer.from('{"s":"dueAt","v":null,"i":"1 OR 1=1"}').toString('base64url')],
    [
      'a value that is an object',
      Buffer.from(`{"s":"dueAt","v":{"x":1},"i":"${TODO_ID}"}`).toString('base64url'),
    ],
    ['no id', Buffer.from('{"s":"dueAt","v":null}').toString('base64url')],
    ['an empty string', ''],
  ])('refuses %s with a 400', (_what, cursor) => {
    expect(appError(() => decodeCursor(cursor, 'dueAt')).status).toBe(400);
  });

  // Known bug, left failing on purpose: `null` parses, then `parsed.v` throws a TypeError, which the
  // error middleware turns into a 500 instead of the 400 every other bad cursor gets.
  it('refuses a cursor that decodes to JSON null with a 400, not a TypeError', () => {
    const cursor = Buffer.from('null').toString('base64url');

    expect(appError(() => decodeCursor(cursor, 'dueAt')).status).toBe(400);
  });

  // Known bug, left failing on purpose: the cursor carries the whole lower-cased title, so a page that
  // ends on a long title (allowed up to 500 characters) yields a nextCursor the list query refuses.
  it('accepts back the cursor of a page that ends on a long title', () => {
    for (const title of ['x'.repeat(500), '牛乳とパンを買う'.repeat(15)]) {
      const cursor = encodeCursor('title', { value: title.toLowerCase(), id: TODO_ID });

      expect(TodoListQuery.safeParse({ sort: 'title', cursor }).success, `${title.length} chars`).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties. The oracle for the due windows is independent of Temporal: a local calendar date from
// Intl, so "today" is "same local date as now" and "week" is "0 to 6 local days after today".

const ZONES = [
  NY,
  TOKYO,
  'Europe/Berlin',
  'UTC',
  'Australia/Lord_Howe', // 30-minute DST shift
  'America/St_Johns', // -03:30 / -02:30
  'Pacific/Kiritimati', // +14:00
  'Pacific/Pago_Pago', // -11:00
  'America/Sao_Paulo', // had DST starting at local midnight until 2019
];

const localDateFormats = new Map<string, Intl.DateTimeFormat>();
/** Days since 1970-01-01 of the local calendar date of `at` in `timeZone`. */
function localDay(at: Date, timeZone: string): number {
  let format = localDateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    localDateFormats.set(timeZone, format);
  }
  return Date.parse(`${format.format(at)}T00:00:00Z`) / 86_400_000;
}

const DAY = 86_400_000;
const nowArb = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2060-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const offsetArb = fc.integer({ min: -10 * DAY, max: 10 * DAY });

describe('properties (fast-check)', () => {
  it('the due filter is exactly the intersection of dueAfter/dueBefore with the local window', () => {
    fc.assert(
      fc.property(
        nowArb,
        fc.constantFrom(...ZONES),
        fc.option(fc.constantFrom('overdue', 'today', 'week', 'none' as const), { nil: undefined }),
        fc.option(offsetArb, { nil: undefined }),
        fc.option(offsetArb, { nil: undefined }),
        fc.array(offsetArb, { minLength: 1, maxLength: 8 }),
        (now, timeZone, due, afterOffset, beforeOffset, probeOffsets) => {
          const dueAfter = afterOffset === undefined ? undefined : new Date(now.getTime() + afterOffset);
          const dueBefore = beforeOffset === undefined ? undefined : new Date(now.getTime() + beforeOffset);
          const query: TodoListQuery = {
            ...(due ? { due } : {}),
            ...(dueAfter ? { dueAfter: dueAfter.toISOString() } : {}),
            ...(dueBefore ? { dueBefore: dueBefore.toISOString() } : {}),
          };

          if (due === 'none' && (dueAfter || dueBefore)) {
            expect(appError(() => buildTodoFilter(query, now, timeZone)).status).toBe(400);
            return;
          }
          const filter: TodoFilter = buildTodoFilter(query, now, timeZone);
          if (due === 'none') {
            expect(filter).toMatchObject({ dueNone: true });
            expect(filter.dueFrom ?? filter.dueTo).toBeUndefined();
            return;
          }
          // A window narrows; it never throws, even when empty.
          if (filter.dueFrom && filter.dueTo && filter.dueFrom >= filter.dueTo) {
            const probes = [...probeOffsets.map((o) => now.getTime() + o), filter.dueFrom.getTime()];
            for (const t of probes)
              expect(t >= filter.dueFrom.getTime() && t < filter.dueTo.getTime()).toBe(false);
          }
          const today = localDay(now, timeZone);
          const probes = [
            ...probeOffsets.map((o) => new Date(now.getTime() + o)),
            ...[filter.dueFrom, filter.dueTo].filter((d): d is Date => d !== undefined),
            ...[filter.dueFrom, filter.dueTo]
              .filter((d): d is Date => d !== undefined)
              .map((d) => new Date(d.getTime() - 1)),
          ];
          for (const t of probes) {
            const inFilter = (!filter.dueFrom || t >= filter.dueFrom) && (!filter.dueTo || t < filter.dueTo);
            const inUser = (!dueAfter || t >= dueAfter) && (!dueBefore || t < dueBefore);
            const day = localDay(t, timeZone) - today;
            const inWindow = due === 'today' ? day === 0 : due === 'week' ? day >= 0 && day < 7 : true;
            expect(inFilter, `${t.toISOString()} in ${timeZone}`).toBe(inUser && inWindow);
          }
          if (due === 'overdue') expect(filter.overdueAt).toEqual(now);
          else expect(filter.overdueAt).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a today/week window contains now and starts at a local midnight', () => {
    fc.assert(
      fc.property(
        nowArb,
        fc.constantFrom(...ZONES),
        fc.constantFrom('today', 'week' as const),
        (now, timeZone, due) => {
          const { dueFrom, dueTo } = buildTodoFilter({ due }, now, timeZone);

          expect(dueFrom!.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(dueTo!.getTime()).toBeGreaterThan(now.getTime());
          expect(localDay(dueFrom!, timeZone)).toBe(localDay(now, timeZone));
          expect(localDay(new Date(dueFrom!.getTime() - 1), timeZone)).toBe(localDay(now, timeZone) - 1);
          const length = dueTo!.getTime() - dueFrom!.getTime();
          const days = due === 'today' ? 1 : 7;
          expect(Math.abs(length - days * DAY)).toBeLessThanOrEqual(3_600_000);
        },
      ),
      { numRuns: 300 },
    );
  });

  const sortArb = fc.constantFrom<TodoFilter['sort']>(...SORT_FIELDS, 'rank');
  const valueArb = fc.oneof(
    fc.constant(null),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom('low', 'medium', 'high', 'urgent'),
    // JSON has no -0, NaN or Infinity; a rank is a finite float and -0 reads back as 0, which sorts the same.
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
  );
  const positionArb = fc.record<KeysetPosition>({ value: valueArb, id: fc.uuid() });

  it('a cursor decodes to the position it was made from, for its own sort only', () => {
    fc.assert(
      fc.property(sortArb, sortArb, positionArb, (sort, other, position) => {
        const cursor = encodeCursor(sort, position);

        expect(decodeCursor(cursor, sort)).toEqual(position);
        if (other !== sort) expect(appError(() => decodeCursor(cursor, other)).status).toBe(400);
      }),
      { numRuns: 500 },
    );
  });

  it('any other text as a cursor is refused with a 400, never another error', () => {
    const text = fc.oneof(
      fc.string(),
      fc.base64String(),
      fc.json().map((j) => Buffer.from(j).toString('base64url')),
    );
    // A cursor of JSON `null` is the known bug pinned by its own test above.
    const notNull = text.filter((c) => Buffer.from(c, 'base64url').toString('utf8').trim() !== 'null');
    fc.assert(
      fc.property(notNull, (cursor) => {
        try {
          decodeCursor(cursor, 'dueAt');
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).status).toBe(400);
        }
      }),
      { numRuns: 500 },
    );
  });
});
