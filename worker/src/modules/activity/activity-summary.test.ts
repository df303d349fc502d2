import type { TodoEvent } from '@todo/contracts';
import { describe, expect, it } from 'vitest';
import { summarize } from './activity-summary.ts';

const who = { userId: '0195f0a0-0000-7000-8000-000000000001', version: 3 };
const todo = { ...who, todoId: '0195f0a0-0000-7000-8000-000000000002', title: 'Buy milk' };
const tag = (name: string) => ({ ...who, tagId: '0195f0a0-0000-7000-8000-000000000003', name });
const updated = (changes: string[]): TodoEvent => ({ type: 'todo.updated', data: { ...todo, changes } });

describe('activity summaries', () => {
  it.each<[TodoEvent, string]>([
    [{ type: 'todo.created', data: todo }, 'Created "Buy milk"'],
    [{ type: 'todo.completed', data: { ...todo, nextTodoId: null } }, 'Completed "Buy milk"'],
    [
      { type: 'todo.completed', data: { ...todo, nextTodoId: '0195f0a0-0000-7000-8000-000000000009' } },
      'Completed "Buy milk"; the next one is scheduled',
    ],
    [{ type: 'todo.reopened', data: todo }, 'Reopened "Buy milk"'],
    [
      { type: 'todo.created', data: { ...todo, by: { userId: who.userId, name: 'Ann' } } },
      'Created "Buy milk" (by Ann)',
    ],
    [{ type: 'todo.deleted', data: todo }, 'Deleted "Buy milk"'],
    [updated(['title', 'priority']), 'Changed title, priority of "Buy milk"'],
    [updated(['dueAt', 'timeZone', 'tagIds']), 'Changed due date, time zone, tags of "Buy milk"'],
    [updated(['reminderSent']), 'Reminder due for "Buy milk"'],
    [updated(['reminders']), 'Changed reminders of "Buy milk"'],
    [updated([]), 'Changed "Buy milk"'],
    [{ type: 'tag.created', data: tag('') }, 'Created tag'],
    [{ type: 'tag.updated', data: tag('') }, 'Changed tag'],
    [{ type: 'tag.deleted', data: tag('') }, 'Deleted tag'],
    [{ type: 'tag.created', data: tag('Errands') }, 'Created tag "Errands"'],
    [{ type: 'tag.updated', data: tag('Chores') }, 'Changed tag "Chores"'],
    [{ type: 'tag.deleted', data: tag('Chores') }, 'Deleted tag "Chores"'],
  ])('%j → %s', (event, expected) => {
    expect(summarize(event)).toBe(expected);
  });

  it('names an unknown field in words, and says "a todo" without a title', () => {
    expect(summarize(updated(['fromCompletion']))).toBe('Changed from completion of "Buy milk"');
    expect(summarize({ type: 'todo.created', data: { ...todo, title: '' } })).toBe('Created a todo');
  });

  it('shortens a long title to one line', () => {
    const summary = summarize({
      type: 'todo.created',
      data: { ...todo, title: `${'a'.repeat(300)}\nsecond line` },
    });
    expect(summary).toHaveLength('Created ""'.length + 120);
    expect(summary).not.toContain('\n');
  });
});
