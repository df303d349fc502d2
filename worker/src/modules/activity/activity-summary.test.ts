import type { TodoEventData } from '@todo/contracts';
import { describe, expect, it } from 'vitest';
import { summarize } from './activity-summary.ts';

const base = { userId: '0195f0a0-0000-7000-8000-000000000001', version: 3, title: 'Buy milk' };

describe('activity summaries', () => {
  it.each([
    ['todo.created', {}, 'Created "Buy milk"'],
    ['todo.completed', {}, 'Completed "Buy milk"'],
    [
      'todo.completed',
      { nextTodoId: '0195f0a0-0000-7000-8000-000000000009' },
      'Completed "Buy milk"; the next one is scheduled',
    ],
    ['todo.reopened', {}, 'Reopened "Buy milk"'],
    ['todo.deleted', {}, 'Deleted "Buy milk"'],
    ['todo.updated', { changes: ['title', 'priority'] }, 'Changed title, priority of "Buy milk"'],
    [
      'todo.updated',
      { changes: ['dueAt', 'timeZone', 'tagIds'] },
      'Changed due date, time zone, tags of "Buy milk"',
    ],
    ['todo.updated', { changes: ['reminderSent'] }, 'Reminder sent for "Buy milk"'],
    ['todo.updated', { changes: ['reminders'] }, 'Changed reminders of "Buy milk"'],
    ['todo.updated', {}, 'Changed "Buy milk"'],
    ['tag.created', { title: undefined }, 'Created tag'],
    ['tag.updated', { title: undefined }, 'Changed tag'],
    ['tag.deleted', { title: undefined }, 'Deleted tag'],
    ['tag.created', { title: undefined, name: 'Errands' }, 'Created tag "Errands"'],
    ['tag.updated', { title: undefined, name: 'Chores' }, 'Changed tag "Chores"'],
    ['tag.deleted', { title: undefined, name: 'Chores' }, 'Deleted tag "Chores"'],
  ] as const)('%s %j → %s', (type, extra, expected) => {
    expect(summarize(type, { ...base, ...(extra as Partial<TodoEventData>) })).toBe(expected);
  });

  it('names an unknown field in words, and says "a todo" without a title', () => {
    expect(summarize('todo.updated', { ...base, changes: ['fromCompletion'] })).toBe(
      'Changed from completion of "Buy milk"',
    );
    expect(summarize('todo.created', { ...base, title: undefined })).toBe('Created a todo');
  });

  it('shortens a long title to one line', () => {
    const summary = summarize('todo.created', { ...base, title: `${'a'.repeat(300)}\nsecond line` });
    expect(summary).toHaveLength('Created ""'.length + 120);
    expect(summary).not.toContain('\n');
  });
});
