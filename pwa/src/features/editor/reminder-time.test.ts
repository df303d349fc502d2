// The editor's "it will not go off" note, for reminders whose time had passed when they were set.
import { describe, expect, it } from 'vitest';
import type { TodoRecord, TodoState } from '../../db/records.ts';
import { goesOffAt, passedWhenSet, reminderOnServer } from './reminder-time.ts';

const now = Date.parse('2030-03-06T15:00:00Z');
const draft = (r: { offsetMinutes?: number; timeOfDay?: string; remindAt?: string }) => ({
  id: 'r1',
  offsetMinutes: r.offsetMinutes ?? null,
  timeOfDay: r.timeOfDay ?? null,
  remindAt: r.remindAt ?? null,
  saved: false,
});

describe('a reminder in the editor', () => {
  it('goes off before the due time, on its day at a time, or at its own time', () => {
    const due = '2030-03-06T14:00:00.000Z';
    expect(goesOffAt(draft({ offsetMinutes: 30 }), due, 'UTC')).toBe(Date.parse('2030-03-06T13:30:00Z'));
    expect(goesOffAt(draft({ timeOfDay: '09:00' }), '2030-03-06T05:00:00.000Z', 'America/New_York')).toBe(
      Date.parse('2030-03-06T14:00:00Z'),
    );
    expect(goesOffAt(draft({ remindAt: due }), null, 'UTC')).toBe(Date.parse(due));
    expect(goesOffAt(draft({ offsetMinutes: 30 }), null, 'UTC')).toBeNull();
  });

  it('keeps a saved one’s stored time (a snooze) until the due time is changed', () => {
    const todo = { dueAt: '2030-03-06T14:00:00.000Z' } as TodoState;
    const live = {
      id: 'r1',
      remindAt: '2030-03-06T15:10:00.000Z',
      offsetMinutes: 30,
      timeOfDay: null,
      sentAt: null,
    };
    expect(goesOffAt(draft({ offsetMinutes: 30 }), todo.dueAt, 'UTC', live, todo)).toBe(
      Date.parse(live.remindAt),
    );
    expect(goesOffAt(draft({ offsetMinutes: 30 }), '2030-03-07T14:00:00.000Z', 'UTC', live, todo)).toBe(
      Date.parse('2030-03-07T13:30:00Z'),
    );
  });

  it('will not go off when its time has passed (a saved one after the server’s minute of grace)', () => {
    expect(passedWhenSet(now - 1000, false, now)).toBe(true);
    expect(passedWhenSet(now + 60_000, false, now)).toBe(false);
    expect(passedWhenSet(now - 1000, true, now)).toBe(false);
    expect(passedWhenSet(now - 61_000, true, now)).toBe(true);
    expect(passedWhenSet(null, false, now)).toBe(false);
  });
});

describe('a saved reminder whose time has passed', () => {
  const reminder = {
    id: 'r1',
    remindAt: '2030-03-06T14:50:00.000Z',
    offsetMinutes: null,
    timeOfDay: null,
    sentAt: null,
  };
  const state = (reminders: (typeof reminder)[]) => ({ reminders }) as TodoState;

  it('is on the server when the todo is in sync, or the server has it at that time', () => {
    expect(reminderOnServer(reminder, state([reminder]) as TodoRecord)).toBe(true);
    expect(reminderOnServer(reminder, { ...state([reminder]), base: state([reminder]) } as TodoRecord)).toBe(
      true,
    );
  });

  it('is not while its todo, its adding or its move waits on the device: it goes off once synced', () => {
    // Created offline: the server has not seen the todo.
    expect(reminderOnServer(reminder, { ...state([reminder]), base: null } as TodoRecord)).toBe(false);
    // Added offline to a todo the server has.
    expect(reminderOnServer(reminder, { ...state([reminder]), base: state([]) } as TodoRecord)).toBe(false);
    // Moved offline with its todo's due time.
    const before = { ...reminder, remindAt: '2030-03-06T16:50:00.000Z' };
    expect(reminderOnServer(reminder, { ...state([reminder]), base: state([before]) } as TodoRecord)).toBe(
      false,
    );
  });
});
