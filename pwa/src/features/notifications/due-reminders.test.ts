import { describe, expect, it } from 'vitest';
import type { TodoState } from '../../db/records.ts';
import { dueReminders, firingKey, nextReminderAt } from './due-reminders.ts';

const T0 = Date.parse('2030-03-04T09:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

function todo(id: string, status: 'open' | 'done', ...times: number[]): TodoState {
  return {
    id,
    title: id,
    status,
    reminders: times.map((s, i) => ({
      id: `${id}-r${i}`,
      remindAt: at(s),
      offsetMinutes: null,
      timeOfDay: null,
      sentAt: null,
    })),
  } as unknown as TodoState;
}

describe('reminders due while the app is open', () => {
  const todos = [todo('a', 'open', -30, 10, 50), todo('b', 'done', 20), todo('c', 'open', 5)];

  it('are those of open todos whose time came since the app opened, in time order, once', () => {
    const due = dueReminders(todos, T0, T0 + 20_000, new Set());
    expect(due.map((d) => d.reminder.id)).toEqual(['c-r0', 'a-r1']);
    const shown = new Set(due.map((d) => d.key));
    expect(dueReminders(todos, T0, T0 + 20_000, shown)).toEqual([]);
  });

  it('a snoozed reminder is a new firing', () => {
    const shown = new Set([firingKey({ id: 'c-r0', remindAt: at(5) })]);
    const snoozed = [todo('c', 'open', 60)];
    expect(dueReminders(snoozed, T0, T0 + 61_000, shown).map((d) => d.key)).toEqual([`c-r0@${at(60)}`]);
  });

  it('wakes up for the next one ahead', () => {
    expect(nextReminderAt(todos, T0 + 10_000)).toBe(T0 + 50_000);
    expect(nextReminderAt(todos, T0 + 60_000)).toBeNull();
  });
});
