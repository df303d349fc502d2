// When reminders fire, how they follow a moved due time and carry to the next occurrence, and the
// default reminder of an all-day todo: the rules a device applies offline and the server applies again.
import { describe, expect, it } from 'vitest';
import { defaultReminderId } from './ids.ts';
import {
  carriedRemindAt,
  defaultReminder,
  firstRemindAt,
  followDue,
  getsDefaultReminder,
  snoozedUntil,
  type FollowingReminder,
} from './reminders.ts';

const NY = 'America/New_York';
const LORD_HOWE = 'Australia/Lord_Howe';

const reminder = (remindAt: string, fields: Partial<FollowingReminder> = {}) => ({
  id: remindAt,
  remindAt,
  offsetMinutes: null,
  timeOfDay: null,
  sentAt: null,
  ...fields,
});

describe('firstRemindAt', () => {
  const due = { dueAt: '2026-03-08T14:00:00.000Z', timeZone: NY };

  it('fires minutes before the due time, at a wall time on its date, or at its own instant', () => {
    expect(firstRemindAt({ offsetMinutes: 30 }, due)).toBe('2026-03-08T13:30:00.000Z');
    expect(firstRemindAt({ timeOfDay: '09:00' }, due)).toBe('2026-03-08T13:00:00.000Z'); // EDT
    expect(firstRemindAt({ remindAt: '2026-03-08T09:00:00-05:00' }, due)).toBe('2026-03-08T14:00:00.000Z');
  });

  it('keeps the wall time on the day Lord Howe’s clocks go back half an hour', () => {
    const day = { dueAt: '2026-04-04T13:00:00.000Z', timeZone: LORD_HOWE }; // midnight +11 on the 5th
    expect(firstRemindAt({ timeOfDay: '09:00' }, day)).toBe('2026-04-04T22:30:00.000Z'); // 09:00 +10:30
  });

  it('has none for a reminder relative to a due date the todo lacks, or one given no time', () => {
    const none = { dueAt: null, timeZone: NY };
    expect(firstRemindAt({ offsetMinutes: 30 }, none)).toBeNull();
    expect(firstRemindAt({ timeOfDay: '09:00' }, none)).toBeNull();
    expect(firstRemindAt({ remindAt: '2026-03-08T09:00:00Z' }, none)).toBe('2026-03-08T09:00:00.000Z');
    expect(firstRemindAt({}, due)).toBeNull();
  });
});

describe('followDue', () => {
  const now = '2026-03-09T00:00:00.000Z';
  const before = reminder('2026-03-08T13:30:00.000Z', {
    offsetMinutes: 30,
    sentAt: '2026-03-08T13:30:01.000Z',
  });
  const onDay = reminder('2026-03-08T13:00:00.000Z', {
    timeOfDay: '09:00',
    sentAt: '2026-03-08T13:00:01.000Z',
  });
  const own = reminder('2026-03-01T12:00:00.000Z');

  it('moves relative and on-the-day reminders with the due time, re-arms those now ahead, leaves the others', () => {
    const moved = followDue([before, onDay, own], { dueAt: '2026-03-10T14:00:00.000Z', timeZone: NY }, now);
    expect(moved).toEqual([
      { ...before, remindAt: '2026-03-10T13:30:00.000Z', sentAt: null },
      { ...onDay, remindAt: '2026-03-10T13:00:00.000Z', sentAt: null },
      own,
    ]);
    expect(moved[2]).toBe(own);
  });

  it('keeps a fired reminder fired when it moves to a time already past', () => {
    const [moved] = followDue([before], { dueAt: '2026-03-08T12:00:00.000Z', timeZone: NY }, now);
    expect(moved).toEqual({ ...before, remindAt: '2026-03-08T11:30:00.000Z' });
  });

  it('moves an on-the-day reminder to the same wall time in a new zone, and drops followers without a due time', () => {
    const [moved] = followDue([onDay], { dueAt: '2026-03-08T05:00:00.000Z', timeZone: 'Europe/Berlin' }, now);
    expect(moved!.remindAt).toBe('2026-03-08T08:00:00.000Z'); // 09:00 CET on the 8th
    expect(followDue([before, onDay, own], { dueAt: null, timeZone: NY }, now)).toEqual([own]);
  });
});

describe('the next occurrence’s reminders', () => {
  it('keep their distance to the due time, or their wall time across a DST change', () => {
    const from = '2026-03-07T14:00:00.000Z'; // 09:00 EST
    const to = '2026-03-08T13:00:00.000Z'; // 09:00 EDT
    expect(carriedRemindAt(reminder('2026-03-07T13:45:00.000Z', { offsetMinutes: 15 }), from, to, NY)).toBe(
      '2026-03-08T12:45:00.000Z',
    );
    expect(carriedRemindAt(reminder('2026-03-07T13:00:00.000Z', { timeOfDay: '08:00' }), from, to, NY)).toBe(
      '2026-03-08T12:00:00.000Z',
    );
    // One at its own time moves by the same span as the due time (23 hours here).
    expect(carriedRemindAt(reminder('2026-03-06T14:00:00.000Z'), from, to, NY)).toBe(
      '2026-03-07T13:00:00.000Z',
    );
  });

  it('and a snoozed one fires the given minutes from now', () => {
    expect(snoozedUntil('2026-03-08T23:50:00.000Z', 15)).toBe('2026-03-09T00:05:00.000Z');
  });
});

describe('the default reminder', () => {
  const dated = { allDay: true, dueAt: '2026-03-08T05:00:00.000Z' };

  it('comes to a todo that is new or became all-day with a date, and has no reminder', () => {
    expect(getsDefaultReminder(null, dated, 0)).toBe(true);
    expect(getsDefaultReminder({ allDay: false, dueAt: dated.dueAt }, dated, 0)).toBe(true);
    expect(getsDefaultReminder({ allDay: true, dueAt: null }, dated, 0)).toBe(true);
    expect(getsDefaultReminder(dated, { ...dated, dueAt: '2026-03-09T04:00:00.000Z' }, 0)).toBe(false);
    expect(getsDefaultReminder(null, dated, 1)).toBe(false);
    expect(getsDefaultReminder(null, { allDay: true, dueAt: null }, 0)).toBe(false);
    expect(getsDefaultReminder(null, { ...dated, allDay: false }, 0)).toBe(false);
  });

  it('fires on the date at the person’s time, with the id every device and the server derive', () => {
    const todoId = '0190f1c2-0000-7000-8000-000000000001';
    expect(defaultReminder(todoId, { dueAt: dated.dueAt, timeZone: NY }, '09:00')).toEqual({
      id: defaultReminderId(todoId),
      remindAt: '2026-03-08T13:00:00.000Z',
      offsetMinutes: null,
      timeOfDay: '09:00',
    });
    expect(defaultReminderId(todoId.toUpperCase())).toBe(defaultReminderId(todoId));
  });
});
