// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY, type TodoQuery } from '../todos/query.ts';
import { deleteFilter, renameFilter, saveFilter } from './saved-filters.ts';

const stored = (userId: string) =>
  JSON.parse(localStorage.getItem(`todo:saved-filters:${userId}`) ?? 'null') as unknown;
const workThisWeek: TodoQuery = { ...DEFAULT_QUERY, due: 'week', priorities: ['high'], sort: 'dueAt' };
let n = 0;
let user = '';

describe('saved filters', () => {
  beforeEach(() => {
    user = `person-${++n}`; // each test reads a person this module has not cached
  });

  it('are saved, renamed and deleted per person on this device', () => {
    saveFilter(user, 'Work this week', workThisWeek);
    saveFilter(user, 'Everything', DEFAULT_QUERY);
    const [work, all] = stored(user) as { id: string; name: string; query: TodoQuery }[];
    expect(work).toMatchObject({ name: 'Work this week', query: workThisWeek });
    expect(all!.name).toBe('Everything');
    expect(stored(`${user}-other`)).toBeNull();

    renameFilter(user, work!.id, 'This week at work');
    deleteFilter(user, all!.id);
    expect(stored(user)).toEqual([{ id: work!.id, name: 'This week at work', query: workThisWeek }]);
  });

  it('read what another version stored: unnamed entries dropped, missing query fields defaulted', () => {
    localStorage.setItem(
      `todo:saved-filters:${user}`,
      JSON.stringify([
        { id: 'a', name: 'Old', query: { due: 'overdue' } },
        { id: 'b', name: 'No query' },
        { id: 'c', name: 'Bad query', query: 'due:week' },
        { id: 'd' },
        'junk',
        null,
      ]),
    );
    saveFilter(user, 'New', workThisWeek); // writes back what it read, and the new one
    const names = (stored(user) as { name: string; query: TodoQuery }[]).map((f) => [f.name, f.query]);
    expect(names).toEqual([
      ['Old', { ...DEFAULT_QUERY, due: 'overdue' }],
      ['No query', DEFAULT_QUERY],
      ['Bad query', DEFAULT_QUERY],
      ['New', workThisWeek],
    ]);
  });

  it('start empty when what is stored is not a list', () => {
    localStorage.setItem(`todo:saved-filters:${user}`, '{not json');
    saveFilter(user, 'Only', DEFAULT_QUERY);
    expect((stored(user) as unknown[]).length).toBe(1);
  });
});
