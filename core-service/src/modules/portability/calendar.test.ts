// The feed's text read back with ical.js: zones, all-day dates, rules with their ends, and what is left out.
import type { Todo } from '@todo/contracts';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from './calendar.ts';

const todo = (fields: Partial<Todo>): Todo => ({
  id: '0192f2a0-0000-7000-8000-000000000001',
  title: 'T',
  description: '',
  status: 'open',
  priority: 'medium',
  dueAt: null,
  allDay: false,
  timeZone: 'Europe/Berlin',
  tags: [],
  recurrence: null,
  reminders: [],
  listId: '0192f2a0-0000-7000-8000-0000000000aa',
  position: 'a0',
  assigneeId: null,
  subtasks: [],
  completedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...fields,
});

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
}

const rule = (e: ICAL.Event) => String(e.component.getFirstPropertyValue('rrule') ?? '');

describe('buildCalendar', () => {
  it('writes timed todos in the person’s zone and all-day ones on their date in their own zone', () => {
    const [timed, allDay] = events(
      buildCalendar(
        [
          todo({ title: 'Call', dueAt: '2026-07-01T07:15:00.000Z' }),
          // Midnight in Auckland is the previous day in UTC: the date is Auckland's.
          todo({
            id: '0192f2a0-0000-7000-8000-000000000002',
            title: 'Holiday',
            dueAt: '2026-12-24T11:00:00.000Z',
            allDay: true,
            timeZone: 'Pacific/Auckland',
          }),
        ],
        { name: 'Todos', timeZone: 'America/Los_Angeles' },
      ),
    );
    expect(timed!.startDate.toString()).toBe('2026-07-01T00:15:00');
    expect(timed!.startDate.toJSDate().toISOString()).toBe('2026-07-01T07:15:00.000Z');
    expect(timed!.endDate.toJSDate().toISOString()).toBe('2026-07-01T07:45:00.000Z');
    expect(allDay!.startDate.isDate).toBe(true);
    expect(allDay!.startDate.toString()).toBe('2026-12-25');
  });

  it('gives rules their end (COUNT, or UNTIL as a date or in UTC) and leaves out from-completion ones', () => {
    const recurrence = {
      type: 'weekly' as const,
      rrule: 'FREQ=WEEKLY',
      until: null,
      count: null,
      fromCompletion: false,
    };
    const [counted, until, untilDay, fromCompletion] = events(
      buildCalendar(
        [
          todo({ dueAt: '2026-03-02T08:00:00.000Z', recurrence: { ...recurrence, count: 3 } }),
          todo({
            id: '0192f2a0-0000-7000-8000-000000000003',
            dueAt: '2026-03-02T08:00:00.000Z',
            recurrence: { ...recurrence, until: '2026-03-30' },
          }),
          todo({
            id: '0192f2a0-0000-7000-8000-000000000004',
            dueAt: '2026-03-01T23:00:00.000Z',
            allDay: true,
            recurrence: { ...recurrence, until: '2026-03-30' },
          }),
          todo({
            id: '0192f2a0-0000-7000-8000-000000000005',
            dueAt: '2026-03-02T08:00:00.000Z',
            recurrence: { ...recurrence, fromCompletion: true },
          }),
        ],
        { name: 'Todos', timeZone: 'Europe/Berlin' },
      ),
    );
    expect(rule(counted!)).toBe('FREQ=WEEKLY;COUNT=3');
    // The last instant of 30 March in Berlin (summer time by then), in UTC: the 30th's occurrence counts.
    expect(rule(until!)).toBe('FREQ=WEEKLY;UNTIL=20260330T215959Z');
    const it = until!.iterator();
    const dates: string[] = [];
    for (let next = it.next(); next; next = it.next()) dates.push(next.toString());
    expect(dates).toEqual([
      '2026-03-02T09:00:00',
      '2026-03-09T09:00:00',
      '2026-03-16T09:00:00',
      '2026-03-23T09:00:00',
      '2026-03-30T09:00:00',
    ]);
    expect(rule(untilDay!)).toBe('FREQ=WEEKLY;UNTIL=20260330');
    expect(rule(fromCompletion!)).toBe('');
  });

  it('leaves out todos without a due date', () => {
    expect(events(buildCalendar([todo({})], { name: 'Todos', timeZone: 'UTC' }))).toEqual([]);
  });
});
