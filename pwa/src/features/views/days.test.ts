import { describe, expect, it } from 'vitest';
import type { TodoState } from '../../db/records.ts';
import { addDays, dayLabel, movedTo, todayGroups, upcomingDays } from './days.ts';

const NY = 'America/New_York';
// 2030-03-09 15:00 in New York; its clocks go forward on the 10th.
const NOW = Date.parse('2030-03-09T20:00:00Z');

function todo(id: string, dueAt: string | null, allDay = false, status: 'open' | 'done' = 'open'): TodoState {
  return { id, title: id, status, dueAt, allDay, timeZone: NY } as unknown as TodoState;
}

const todos = [
  todo('two-days-ago', '2030-03-07T05:00:00Z', true),
  todo('yesterday-10am', '2030-03-08T15:00:00Z'),
  todo('today-9am', '2030-03-09T14:00:00Z'),
  todo('today-all-day', '2030-03-09T05:00:00Z', true),
  todo('today-6pm', '2030-03-09T23:00:00Z'),
  todo('tomorrow', '2030-03-10T05:00:00Z', true),
  todo('done-yesterday', '2030-03-08T15:00:00Z', false, 'done'),
  todo('undated', null),
];

describe('Today and Upcoming', () => {
  it('Today: overdue grouped by day, oldest first, then what is due today (earlier today counts as overdue)', () => {
    const g = todayGroups(todos, NOW, NY);
    expect(g.overdue.map((d) => [d.day, d.todos.map((t) => t.id)])).toEqual([
      ['2030-03-07', ['two-days-ago']],
      ['2030-03-08', ['yesterday-10am']],
    ]);
    expect(g.today.map((t) => t.id)).toEqual(['today-all-day', 'today-9am', 'today-6pm']);
  });

  it('Upcoming: 14 days from today, empty ones included', () => {
    const days = upcomingDays(todos, NOW, NY);
    expect(days).toHaveLength(14);
    expect(days[0]!.day).toBe('2030-03-09');
    expect(days[1]).toEqual({ day: '2030-03-10', todos: [todos[5]] });
    expect(days[13]).toEqual({ day: '2030-03-22', todos: [] });
  });

  it('a todo moved to another day keeps its wall time across the DST change', () => {
    expect(movedTo(todos[1]!, '2030-03-10')).toBe('2030-03-10T14:00:00.000Z');
    expect(movedTo(todos[0]!, '2030-03-11')).toBe('2030-03-11T04:00:00.000Z');
    expect(movedTo(todos[7]!, '2030-03-11')).toBeNull();
  });

  it('labels days as people say them', () => {
    expect(dayLabel('2030-03-09', '2030-03-09')).toBe('Today');
    expect(dayLabel(addDays('2030-03-09', 1), '2030-03-09')).toBe('Tomorrow');
    expect(dayLabel('2030-03-08', '2030-03-09')).toBe('Yesterday');
    expect(dayLabel('2030-03-12', '2030-03-09')).toBe('Tue, Mar 12');
    expect(dayLabel('2031-01-02', '2030-03-09')).toBe('Thu, Jan 2, 2031');
  });
});
