import { describe, expect, it } from 'vitest';
import type { TodoState } from '../../db/records.ts';
import { quickSchedule } from './quick-schedule.ts';

const NY = 'America/New_York';
const NOW = Date.parse('2030-03-09T20:00:00Z'); // Saturday 15:00 in New York
const timed = { id: 'a', dueAt: '2030-03-01T14:30:00Z', allDay: false, timeZone: NY } as unknown as TodoState;
const undated = { id: 'b', dueAt: null, allDay: false, timeZone: NY } as unknown as TodoState;

describe('quick scheduling keys', () => {
  it('t, m, w move a dated todo to today, tomorrow, next week at its own time', () => {
    expect(quickSchedule('t', timed, NOW, NY)).toEqual({
      fields: { dueAt: '2030-03-09T14:30:00.000Z' },
      said: 'Due today',
    });
    // The 10th is the DST change: 09:30 stays 09:30.
    expect(quickSchedule('m', timed, NOW, NY)?.fields).toEqual({ dueAt: '2030-03-10T13:30:00.000Z' });
    expect(quickSchedule('w', timed, NOW, NY)?.said).toBe('Due Sat, Mar 16');
  });

  it('give an undated todo the day itself, and 1–4 set the priority', () => {
    expect(quickSchedule('m', undated, NOW, NY)?.fields).toEqual({
      dueAt: '2030-03-10T05:00:00.000Z',
      allDay: true,
      timeZone: NY,
    });
    expect(quickSchedule('1', undated, NOW, NY)?.fields).toEqual({ priority: 'urgent' });
    expect(quickSchedule('4', undated, NOW, NY)?.fields).toEqual({ priority: 'low' });
    expect(quickSchedule('x', undated, NOW, NY)).toBeNull();
  });
});
