// The next occurrence a device makes offline carries the checklist as the server copies it.
import { nextOccurrence, occurrenceId } from '@todo/recurrence';
import { occurrenceSubtaskId } from '@todo/todo-rules';
import { describe, expect, it } from 'vitest';
import type { TodoState } from '../db/records.ts';
import { uuidv7 } from '../lib/ids.ts';
import { predictNext } from './next-occurrence.ts';

const weekly: TodoState = {
  id: '0193a6e0-0000-7000-8000-000000000001',
  title: 'Weekly review',
  description: '',
  status: 'open',
  priority: 'medium',
  dueAt: '2030-03-04T09:00:00.000Z',
  allDay: false,
  timeZone: 'Europe/Berlin',
  tagIds: [],
  recurrence: { type: 'weekly', rrule: 'FREQ=WEEKLY', until: null, count: null, fromCompletion: false },
  reminders: [],
  completedAt: null,
  createdAt: '2030-03-01T09:00:00.000Z',
  updatedAt: '2030-03-01T09:00:00.000Z',
  version: 3,
  listId: '0193a6e0-0000-7000-8000-0000000000ff',
  position: 'a3',
  assigneeId: null,
  subtasks: [
    { id: '0193a6e0-0000-7000-8000-0000000000a1', title: 'Inbox zero', done: true, position: 'a0' },
    { id: '0193a6e0-0000-7000-8000-0000000000a2', title: 'Plan week', done: false, position: 'a1' },
  ],
  series: { id: '0193a6e0-0000-7000-8000-000000000001', start: '2030-03-04T09:00:00.000Z', index: 1 },
};

describe('the next occurrence made on the device', () => {
  it('starts with the checklist unticked, in its order, with the ids the server gives the copies', () => {
    const next = predictNext(weekly, '2030-03-04T10:00:00.000Z', { nextOccurrence, occurrenceId }, uuidv7)!;
    expect(next.subtasks).toEqual(
      weekly.subtasks.map((s) => ({ ...s, id: occurrenceSubtaskId(next.id, s.id), done: false })),
    );
    expect(next.position).toBe(weekly.position);
    expect(next.listId).toBe(weekly.listId);
  });
});
