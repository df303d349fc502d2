// What the editor sends for all-day todos: the date's start, the flag, and the default reminder the
// server would add, made visible (and removable) before saving.
import { describe, expect, it } from 'vitest';
import type { TodoState } from '../../db/records.ts';
import { defaultReminderId } from '../../lib/ids.ts';
import {
  changes,
  draftFromTodo,
  dueAtOf,
  emptyDraft,
  reminderInputs,
  withDefaultReminder,
  withoutDue,
} from './draft.ts';

const NY = 'America/New_York';
const todoId = '0190a0b0-0000-7000-8000-0000000000aa';

const timed: TodoState = {
  id: todoId,
  title: 'Pay rent',
  description: '',
  status: 'open',
  priority: 'medium',
  dueAt: '2026-03-10T21:30:00.000Z',
  allDay: false,
  timeZone: NY,
  tagIds: [],
  recurrence: null,
  reminders: [],
  completedAt: null,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  version: 3,
  listId: '0190a0b0-0000-7000-8000-0000000000ff',
  position: 'a0',
  assigneeId: null,
  subtasks: [],
  series: null,
};

describe('the due field of the editor', () => {
  it('an all-day date is due at its start in the todo’s zone, and shows no time', () => {
    const d = emptyDraft(NY, { dueDate: '2026-03-08', dueTime: '17:00', allDay: true });
    expect(dueAtOf(d)).toBe('2026-03-08T05:00:00.000Z');
    expect(dueAtOf({ ...d, allDay: false })).toBe('2026-03-08T21:00:00.000Z');
    const back = draftFromTodo({ ...timed, dueAt: '2026-03-10T04:00:00.000Z', allDay: true });
    expect(back).toMatchObject({ dueDate: '2026-03-10', dueTime: '', allDay: true });
  });

  it('sends the date’s start and allDay when a timed todo becomes all-day; an undated one is not all-day', () => {
    const d = { ...draftFromTodo(timed), allDay: true };
    expect(changes(timed, d).fields).toEqual({ dueAt: '2026-03-10T04:00:00.000Z', allDay: true });
    const cleared = { ...d, dueDate: '' };
    expect(changes(timed, cleared).fields).toEqual({ dueAt: null });
  });

  it('clearing the due date drops the repeat with it, and sends no due date and no recurrence', () => {
    const weekly: TodoState = {
      ...timed,
      recurrence: { type: 'weekly', rrule: 'FREQ=WEEKLY', until: null, count: null, fromCompletion: false },
    };
    const d = draftFromTodo({ ...weekly, allDay: true, dueAt: '2026-03-10T04:00:00.000Z' });
    const cleared = { ...d, ...withoutDue(d) };
    expect(cleared).toMatchObject({ dueDate: '', dueTime: '', allDay: false });
    expect(cleared.recurrence.freq).toBe('none');
    expect(dueAtOf(cleared)).toBeNull();
    expect(changes(weekly, cleared).fields).toMatchObject({ dueAt: null, recurrence: null });
  });

  it('clearing the due date drops the reminders that need one and keeps those at a set moment', () => {
    const d = draftFromTodo(timed);
    const reminder = { saved: true, offsetMinutes: null, timeOfDay: null, remindAt: null };
    const before = { ...reminder, id: 'r1', offsetMinutes: 30 };
    const onTheDay = { ...reminder, id: 'r2', timeOfDay: '08:00' };
    const atMoment = { ...reminder, id: 'r3', remindAt: '2026-03-09T12:00:00.000Z' };
    const cleared = withoutDue({ ...d, reminders: [before, onTheDay, atMoment] });
    expect(cleared.reminders).toEqual([atMoment]);
  });
});

describe('the default reminder', () => {
  it('shows as "on the day at" the person’s time when the draft becomes all-day with a date, once', () => {
    const before = draftFromTodo(timed);
    const after = withDefaultReminder(before, { ...before, allDay: true }, todoId, '08:30');
    expect(after.reminders).toEqual([
      {
        id: defaultReminderId(todoId),
        offsetMinutes: null,
        timeOfDay: '08:30',
        remindAt: null,
        saved: false,
      },
    ]);
    expect(reminderInputs(after)).toEqual([{ id: defaultReminderId(todoId), timeOfDay: '08:30' }]);
    // Removed by the person, it stays removed while the draft stays all-day.
    const removed = { ...after, reminders: [] };
    expect(
      withDefaultReminder(removed, { ...removed, title: 'Pay the rent' }, todoId, '08:30').reminders,
    ).toEqual([]);
    // Not for a draft with reminders already, nor without a date.
    const withOne = { ...before, reminders: [{ ...after.reminders[0]!, timeOfDay: '07:00' }] };
    expect(withDefaultReminder(before, { ...withOne, allDay: true }, todoId, '08:30').reminders).toHaveLength(
      1,
    );
    const undated = emptyDraft(NY);
    expect(withDefaultReminder(undated, { ...undated, allDay: true }, todoId, '08:30').reminders).toEqual([]);
  });
});

describe('saving a todo made all-day', () => {
  const d = withDefaultReminder(
    draftFromTodo(timed),
    { ...draftFromTodo(timed), allDay: true },
    todoId,
    '08:30',
  );

  it('without reminders: the update brings the server’s default reminder, shown at once, not added again', () => {
    const c = changes(timed, d, '08:30');
    expect(c.defaultReminderTime).toBe('08:30');
    expect(c.addReminders).toEqual([]);
    expect(c.removeReminderIds).toEqual([]);
  });

  it('with the default removed in the editor, it is deleted after the update adds it', () => {
    const c = changes(timed, { ...d, reminders: [] }, '08:30');
    expect(c.defaultReminderTime).toBe('08:30');
    expect(c.removeReminderIds).toEqual([defaultReminderId(todoId)]);
  });

  it('with reminders of its own, the server adds none and nothing is said about one', () => {
    const own = {
      id: 'r1',
      remindAt: '2026-03-10T12:00:00.000Z',
      offsetMinutes: null,
      timeOfDay: null,
      sentAt: null,
    };
    const withOwn = { ...timed, reminders: [own] };
    const c = changes(withOwn, { ...draftFromTodo(withOwn), allDay: true }, '08:30');
    expect(c.defaultReminderTime).toBeNull();
    expect(c.removeReminderIds).toEqual([]);
  });
});
