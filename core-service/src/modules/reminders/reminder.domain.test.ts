// Unit tests of the reminder rules: when a reminder fires, how reminders follow a moved due time and
// carry over to the next occurrence of a recurring todo, and snoozing.
import { AppError } from '@todo/platform';
import fc from 'fast-check';
import { onTheDay } from '@todo/todo-rules';
import { describe, expect, it } from 'vitest';
import {
  carryToNextOccurrence,
  followDueTime,
  LATE_REMINDER_MS,
  reminderSetAt,
  resolveRemindAt,
  snoozeUntil,
  type StoredReminder,
} from './reminder.domain.ts';

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

/** A reminder as stored; relative when `offsetMinutes` is a number. */
function reminder(id: string, remindAt: string, offsetMinutes: number | null, sentAt: string | null = null) {
  return {
    id,
    remindAt: at(remindAt),
    offsetMinutes,
    timeOfDay: null,
    sentAt: sentAt ? at(sentAt) : null,
  } satisfies StoredReminder;
}

const utc = (dueAt: Date | null) => ({ dueAt, timeZone: 'UTC' });
/** `time` on the date `dueAt` falls on in `timeZone`, as the server stores it. */
const onDueDate = (dueAt: Date, timeZone: string, time: string) =>
  new Date(onTheDay(dueAt.toISOString(), time, timeZone));

describe('resolveRemindAt', () => {
  const due = at('2026-03-08T14:00:00Z');

  it('fires a relative reminder that many minutes before the due time', () => {
    expect(resolveRemindAt({ offsetMinutes: 30 }, utc(due))).toEqual(at('2026-03-08T13:30:00Z'));
    expect(resolveRemindAt({ offsetMinutes: 0 }, utc(due))).toEqual(due);
    expect(resolveRemindAt({ offsetMinutes: 60 * 24 }, utc(due))).toEqual(at('2026-03-07T14:00:00Z'));
  });

  it('fires an absolute reminder at its instant, whatever offset it was written with', () => {
    expect(resolveRemindAt({ remindAt: '2026-03-08T09:00:00-05:00' }, utc(due))).toEqual(
      at('2026-03-08T14:00:00Z'),
    );
    expect(resolveRemindAt({ remindAt: '2026-03-08T09:00:00Z' }, utc(null))).toEqual(
      at('2026-03-08T09:00:00Z'),
    );
  });

  it('refuses a relative reminder on a todo without a due date with a 400 naming offsetMinutes', () => {
    let error: unknown;
    try {
      resolveRemindAt({ offsetMinutes: 30 }, utc(null));
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.status).toBe(400);
    expect(appError.type).toBe('validation-error');
    expect(appError.message).toMatch(/due date/);
    expect(appError.errors).toEqual([{ path: 'offsetMinutes', message: 'the todo has no due date' }]);
  });

  it('refuses a reminder with neither a time nor an offset with a 400', () => {
    expect(() => resolveRemindAt({}, utc(due))).toThrow(AppError);
    expect(() => resolveRemindAt({ remindAt: undefined, offsetMinutes: undefined }, utc(due))).toThrow(
      /remindAt, offsetMinutes or timeOfDay/,
    );
  });
});

describe('followDueTime', () => {
  const now = at('2026-03-08T12:00:00Z');

  it('moves relative reminders with the due time and leaves absolute ones where they are', () => {
    const reminders = [
      reminder('rel-30', '2026-03-08T13:30:00Z', 30),
      reminder('abs', '2026-03-08T09:00:00Z', null),
      reminder('rel-day', '2026-03-07T14:00:00Z', 60 * 24),
    ];

    const moved = followDueTime(reminders, { dueAt: at('2026-03-10T14:00:00Z'), timeZone: 'UTC' }, now);

    expect(moved).toEqual([
      { id: 'rel-30', remindAt: at('2026-03-10T13:30:00Z'), sentAt: null },
      { id: 'rel-day', remindAt: at('2026-03-09T14:00:00Z'), sentAt: null },
    ]);
  });

  it('makes a reminder that already fired due again when it moves into the future', () => {
    const fired = reminder('rel', '2026-03-08T11:30:00Z', 30, '2026-03-08T11:30:05Z');

    const [moved] = followDueTime([fired], { dueAt: at('2026-03-09T14:00:00Z'), timeZone: 'UTC' }, now);

    expect(moved).toEqual({ id: 'rel', remindAt: at('2026-03-09T13:30:00Z'), sentAt: null });
  });

  it('keeps a fired reminder marked as sent when it moves but stays in the past', () => {
    const fired = reminder('rel', '2026-03-08T11:30:00Z', 30, '2026-03-08T11:30:05Z');

    const [moved] = followDueTime([fired], { dueAt: at('2026-03-08T12:15:00Z'), timeZone: 'UTC' }, now);

    expect(moved).toEqual({
      id: 'rel',
      remindAt: at('2026-03-08T11:45:00Z'),
      sentAt: at('2026-03-08T11:30:05Z'),
    });
  });

  it('lists nothing when the due time did not move', () => {
    const reminders = [
      reminder('rel', '2026-03-08T13:30:00Z', 30, '2026-03-08T13:30:02Z'),
      reminder('abs', '2026-03-08T09:00:00Z', null),
    ];

    expect(followDueTime(reminders, { dueAt: at('2026-03-08T14:00:00Z'), timeZone: 'UTC' }, now)).toEqual([]);
  });

  it('lists only the reminders whose time changes', () => {
    const reminders = [
      reminder('moves', '2026-03-08T13:30:00Z', 30),
      // Already at the new position: dueAt 15:00 minus 60 minutes.
      reminder('stays', '2026-03-08T14:00:00Z', 60),
    ];

    const moved = followDueTime(reminders, { dueAt: at('2026-03-08T15:00:00Z'), timeZone: 'UTC' }, now);

    expect(moved.map((m) => m.id)).toEqual(['moves']);
  });

  it('lists nothing for a todo without reminders', () => {
    expect(followDueTime([], { dueAt: at('2026-03-08T15:00:00Z'), timeZone: 'UTC' }, now)).toEqual([]);
  });
});

describe('carryToNextOccurrence', () => {
  const fromDue = at('2026-03-09T14:00:00Z');
  const toDue = at('2026-03-16T13:00:00Z'); // next week; one hour earlier in UTC after a DST change

  it('keeps the offset of relative reminders to the new due time', () => {
    const carried = carryToNextOccurrence([reminder('r', '2026-03-09T13:45:00Z', 15)], fromDue, toDue, 'UTC');

    expect(carried).toEqual([{ offsetMinutes: 15, timeOfDay: null, remindAt: at('2026-03-16T12:45:00Z') }]);
  });

  it('shifts absolute reminders by as much as the due time moved', () => {
    const carried = carryToNextOccurrence(
      [reminder('a', '2026-03-08T20:00:00Z', null)],
      fromDue,
      toDue,
      'UTC',
    );

    expect(carried).toEqual([{ offsetMinutes: null, timeOfDay: null, remindAt: at('2026-03-15T19:00:00Z') }]);
  });

  it('carries every reminder, in order, and none is marked sent', () => {
    const carried = carryToNextOccurrence(
      [
        reminder('r', '2026-03-09T13:45:00Z', 15, '2026-03-09T13:45:01Z'),
        reminder('a', '2026-03-08T20:00:00Z', null, '2026-03-08T20:00:01Z'),
      ],
      fromDue,
      toDue,
      'UTC',
    );

    expect(carried).toHaveLength(2);
    expect(carried.map((c) => c.offsetMinutes)).toEqual([15, null]);
    for (const c of carried) expect(c).not.toHaveProperty('sentAt');
  });

  it('keeps every reminder at the same distance before the due time (property)', () => {
    const time = fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2100-01-01') });
    const stored = fc.record({
      id: fc.uuid(),
      lead: fc.integer({ min: 0, max: 60 * 24 * 366 }),
      relative: fc.boolean(),
    });
    fc.assert(
      fc.property(time, time, fc.array(stored, { maxLength: 5 }), (from, to, specs) => {
        const reminders = specs.map((s) =>
          reminder(s.id, new Date(from - s.lead * MINUTE).toISOString(), s.relative ? s.lead : null),
        );

        const carried = carryToNextOccurrence(reminders, new Date(from), new Date(to), 'UTC');

        expect(carried.map((c) => to - c.remindAt.getTime())).toEqual(specs.map((s) => s.lead * MINUTE));
      }),
    );
  });
});

describe('reminders on the due date at a time of day', () => {
  const onDay = (id: string, remindAt: string, timeOfDay: string, sentAt: string | null = null) => ({
    ...reminder(id, remindAt, null, sentAt),
    timeOfDay,
  });

  it('fires at that wall-clock time on the date the due time falls on, in the todo’s zone', () => {
    // Midnight of 2026-12-01 in Berlin is still 2026-11-30 in UTC: the date is Berlin's.
    const due = { dueAt: at('2026-11-30T23:00:00Z'), timeZone: 'Europe/Berlin' };

    expect(resolveRemindAt({ timeOfDay: '09:00' }, due)).toEqual(at('2026-12-01T08:00:00Z'));
    expect(onDueDate(due.dueAt, 'America/New_York', '09:00')).toEqual(at('2026-11-30T14:00:00Z'));
  });

  it('stays at 09:00 local on the days of both DST changes (New York, Berlin)', () => {
    // 2026-03-08 New York springs forward (UTC-5 → UTC-4); 2026-11-01 it falls back.
    expect(onDueDate(at('2026-03-08T05:00:00Z'), 'America/New_York', '09:00')).toEqual(
      at('2026-03-08T13:00:00Z'),
    );
    expect(onDueDate(at('2026-11-01T04:00:00Z'), 'America/New_York', '09:00')).toEqual(
      at('2026-11-01T14:00:00Z'),
    );
    // 2026-03-29 Berlin goes UTC+1 → UTC+2; 2026-10-25 back.
    expect(onDueDate(at('2026-03-28T23:00:00Z'), 'Europe/Berlin', '09:00')).toEqual(
      at('2026-03-29T07:00:00Z'),
    );
    expect(onDueDate(at('2026-10-24T22:00:00Z'), 'Europe/Berlin', '09:00')).toEqual(
      at('2026-10-25T08:00:00Z'),
    );
  });

  it('moves a time that DST skips to the first instant after the gap', () => {
    // 02:30 does not exist in New York on 2026-03-08: the clock jumps from 02:00 to 03:00.
    expect(onDueDate(at('2026-03-08T05:00:00Z'), 'America/New_York', '02:30')).toEqual(
      at('2026-03-08T07:30:00Z'),
    );
  });

  it('refuses one on a todo without a due date with a 400 naming timeOfDay', () => {
    expect(() => resolveRemindAt({ timeOfDay: '09:00' }, utc(null))).toThrow(
      expect.objectContaining({
        status: 400,
        errors: [{ path: 'timeOfDay', message: 'the todo has no due date' }],
      }),
    );
  });

  it('follows the due date to another day and is due again when that lies ahead', () => {
    const fired = onDay('d', '2026-12-01T08:00:00Z', '09:00', '2026-12-01T08:00:01Z');
    const now = at('2026-12-01T12:00:00Z');

    const moved = followDueTime(
      [fired],
      { dueAt: at('2026-12-02T23:00:00Z'), timeZone: 'Europe/Berlin' },
      now,
    );

    expect(moved).toEqual([{ id: 'd', remindAt: at('2026-12-03T08:00:00Z'), sentAt: null }]);
  });

  it('follows a change of zone: 09:00 in the new zone', () => {
    const pending = onDay('d', '2026-12-01T08:00:00Z', '09:00');

    const moved = followDueTime(
      [pending],
      { dueAt: at('2026-12-01T05:00:00Z'), timeZone: 'America/New_York' },
      at('2026-11-20T00:00:00Z'),
    );

    expect(moved).toEqual([{ id: 'd', remindAt: at('2026-12-01T14:00:00Z'), sentAt: null }]);
  });

  it('goes to the next occurrence at the same local time across a DST change', () => {
    // A weekly all-day todo: 2026-10-20 and 2026-10-27 (Berlin's clocks go back on the 25th).
    const carried = carryToNextOccurrence(
      [onDay('d', '2026-10-20T07:00:00Z', '09:00', '2026-10-20T07:00:01Z')],
      at('2026-10-19T22:00:00Z'),
      at('2026-10-26T23:00:00Z'),
      'Europe/Berlin',
    );

    expect(carried).toEqual([
      { offsetMinutes: null, timeOfDay: '09:00', remindAt: at('2026-10-27T08:00:00Z') },
    ]);
  });
});

describe('reminderSetAt: when a reminder was set, as the clock reads it', () => {
  const now = at('2026-12-05T10:00:00.000Z');

  it('is the device time of an offline change, back to a day before the server got it', () => {
    expect(reminderSetAt('2026-12-05T09:50:00.000Z', now)).toEqual(at('2026-12-05T09:50:00.000Z'));
    expect(reminderSetAt('2026-12-04T10:00:00.000Z', now)).toEqual(at('2026-12-04T10:00:00.000Z'));
    // Three days offline: believed back a day, so a reminder missed by more than that stays unsent.
    expect(reminderSetAt('2026-12-02T10:00:00.000Z', now)).toEqual(
      new Date(now.getTime() - LATE_REMINDER_MS),
    );
  });

  it('is now for a change made here, a device clock ahead of the server, or no readable time', () => {
    expect(reminderSetAt(undefined, now)).toBe(now);
    expect(reminderSetAt('2026-12-05T11:00:00.000Z', now)).toBe(now);
    expect(reminderSetAt('not a time', now)).toBe(now);
  });

  it('never lies ahead of now nor more than a day behind it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10 * LATE_REMINDER_MS, max: 10 * LATE_REMINDER_MS }), (offset) => {
        const set = reminderSetAt(new Date(now.getTime() + offset).toISOString(), now).getTime();
        expect(set).toBeLessThanOrEqual(now.getTime());
        expect(set).toBeGreaterThanOrEqual(now.getTime() - LATE_REMINDER_MS);
      }),
    );
  });
});

describe('snoozeUntil', () => {
  it('fires again that many minutes from now', () => {
    const now = at('2026-03-08T23:50:00Z');

    expect(snoozeUntil(now, 15)).toEqual(at('2026-03-09T00:05:00Z'));
    expect(snoozeUntil(now, 60 * 24)).toEqual(at('2026-03-09T23:50:00Z'));
  });

  it('does not change the time it was given', () => {
    const now = at('2026-03-08T12:00:00Z');

    snoozeUntil(now, 10);

    expect(now).toEqual(at('2026-03-08T12:00:00Z'));
  });
});
