// Local search, filter and sort give the server's answers: these cases mirror core-service's rules.
import { describe, expect, it } from 'vitest';
import type { TodoState } from '../../db/records.ts';
import {
  compareCodePoints,
  highlight,
  isOverdue,
  outsideLists,
  runQuery,
  searchWords,
  DEFAULT_QUERY,
  type TodoQuery,
} from './query.ts';

let n = 0;
function todo(fields: Partial<TodoState>): TodoState {
  n += 1;
  return {
    id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    title: 'Untitled',
    description: '',
    status: 'open',
    priority: 'medium',
    dueAt: null,
    allDay: false,
    timeZone: 'UTC',
    tagIds: [],
    recurrence: null,
    reminders: [],
    completedAt: null,
    createdAt: `2030-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    updatedAt: '2030-01-01T00:00:00.000Z',
    version: n,
    listId: '0190a0b0-0000-7000-8000-0000000000ff',
    position: 'a0',
    assigneeId: null,
    subtasks: [],
    series: null,
    ...fields,
  };
}

const q = (over: Partial<TodoQuery>): TodoQuery => ({ ...DEFAULT_QUERY, status: 'all', ...over });
const titles = (list: TodoState[]) => list.map((t) => t.title);
const NOW = Date.parse('2030-03-10T12:00:00Z');

describe('search', () => {
  const todos = [
    todo({ title: 'Buy milk and bread' }),
    todo({ title: 'Call the bank', description: 'About the mortgage' }),
    todo({ title: 'Milestones', description: 'bread crumbs' }),
  ];

  it('matches every word as a prefix of a word in title or description, ignoring case', () => {
    expect(titles(runQuery(todos, q({ text: 'mil bre', sort: 'title' }), NOW, 'UTC'))).toEqual([
      'Buy milk and bread',
      'Milestones',
    ]);
    expect(titles(runQuery(todos, q({ text: 'MORT' }), NOW, 'UTC'))).toEqual(['Call the bank']);
    expect(titles(runQuery(todos, q({ text: 'ilk' }), NOW, 'UTC'))).toEqual([]);
    expect(searchWords('  Mil-bre, ok!')).toEqual(['mil', 'bre', 'ok']);
  });

  it('matches the names of the todo’s tags, word by word with its text', () => {
    const tags = [
      { id: 'tag-plumbing', name: 'Plumbing', color: '#2563eb' },
      { id: 'tag-home', name: 'home repairs', color: '#16a34a' },
    ];
    const tagged = [
      todo({ title: 'Fix the sink', tagIds: ['tag-plumbing'] }),
      todo({ title: 'Paint the fence', tagIds: ['tag-home'] }),
      todo({ title: 'Fix the bike' }),
    ];
    const found = (text: string) => titles(runQuery(tagged, q({ text, sort: 'title' }), NOW, 'UTC', tags));
    expect(found('plumb')).toEqual(['Fix the sink']);
    expect(found('fix plumb')).toEqual(['Fix the sink']);
    expect(found('repair')).toEqual(['Paint the fence']);
    expect(found('plumb bike')).toEqual([]);
    // Without the tags (names unknown), only the text counts.
    expect(titles(runQuery(tagged, q({ text: 'plumb' }), NOW, 'UTC'))).toEqual([]);
  });

  it('marks whole matching words and leaves the rest as text (React escapes it)', () => {
    expect(highlight('Buy <milk> & milkshake', ['mil'])).toEqual([
      { text: 'Buy <', mark: false },
      { text: 'milk', mark: true },
      { text: '> & ', mark: false },
      { text: 'milkshake', mark: true },
    ]);
  });
});

describe('filters', () => {
  const todos = [
    todo({ title: 'overdue', dueAt: '2030-03-10T11:00:00.000Z' }),
    todo({ title: 'done overdue', dueAt: '2030-03-09T11:00:00.000Z', status: 'done' }),
    todo({ title: 'later today', dueAt: '2030-03-10T22:00:00.000Z' }),
    todo({ title: 'in six days', dueAt: '2030-03-16T23:59:00.000Z', priority: 'urgent', tagIds: ['a'] }),
    todo({ title: 'in seven days', dueAt: '2030-03-17T00:00:00.000Z', priority: 'low', tagIds: ['b'] }),
    todo({ title: 'no date', tagIds: ['a', 'b'] }),
  ];
  const run = (over: Partial<TodoQuery>, zone = 'UTC') =>
    titles(runQuery(todos, q({ sort: 'dueAt', ...over }), NOW, zone));

  it('due windows are local days: today, today + 6 days, open and past due, none', () => {
    expect(run({ due: 'today' })).toEqual(['overdue', 'later today']);
    expect(run({ due: 'week' })).toEqual(['overdue', 'later today', 'in six days']);
    expect(run({ due: 'overdue' })).toEqual(['overdue']);
    expect(run({ due: 'none' })).toEqual(['no date']);
    // In Tokyo (UTC+9) it is already 2030-03-10 21:00; 22:00 UTC is tomorrow there.
    expect(run({ due: 'today' }, 'Asia/Tokyo')).toEqual(['overdue']);
  });

  it('an all-day todo is overdue once its date has ended in its zone, and is in today and the week', () => {
    // NOW is 2030-03-10 12:00 UTC: 08:00 in New York, 21:00 in Tokyo.
    const ny = 'America/New_York';
    const allDay = [
      todo({ title: 'yesterday NY', dueAt: '2030-03-09T05:00:00.000Z', allDay: true, timeZone: ny }),
      todo({ title: 'today NY', dueAt: '2030-03-10T05:00:00.000Z', allDay: true, timeZone: ny }),
      todo({ title: 'today Tokyo', dueAt: '2030-03-09T15:00:00.000Z', allDay: true, timeZone: 'Asia/Tokyo' }),
      todo({ title: 'in six days NY', dueAt: '2030-03-16T04:00:00.000Z', allDay: true, timeZone: ny }),
      todo({ title: 'in seven days NY', dueAt: '2030-03-17T04:00:00.000Z', allDay: true, timeZone: ny }),
    ];
    const at = (over: Partial<TodoQuery>, now = NOW) =>
      titles(runQuery(allDay, q({ sort: 'dueAt', ...over }), now, ny));
    expect(at({ due: 'overdue' })).toEqual(['yesterday NY']);
    // From midnight in Tokyo (15:00 UTC) the Tokyo todo's date has ended; the New York one's not yet.
    expect(at({ due: 'overdue' }, Date.parse('2030-03-10T15:00:00Z'))).toEqual([
      'yesterday NY',
      'today Tokyo',
    ]);
    expect(at({ due: 'overdue' }, Date.parse('2030-03-11T04:00:00Z'))).toEqual([
      'yesterday NY',
      'today Tokyo',
      'today NY',
    ]);
    expect(at({ due: 'today' })).toEqual(['today NY']);
    expect(at({ due: 'week' })).toEqual(['today NY', 'in six days NY']);
    expect(isOverdue(allDay[1]!, Date.parse('2030-03-11T03:59:59.999Z'))).toBe(false);
    expect(isOverdue(allDay[1]!, Date.parse('2030-03-11T04:00:00.000Z'))).toBe(true);
  });

  it('tags and priorities match any of those chosen; status narrows', () => {
    expect(run({ tagIds: ['a', 'b'] })).toEqual(['in six days', 'in seven days', 'no date']);
    expect(run({ priorities: ['urgent', 'low'] })).toEqual(['in six days', 'in seven days']);
    expect(run({ status: 'done' })).toEqual(['done overdue']);
  });
});

describe('sorts', () => {
  const a = todo({ title: 'beta', priority: 'high', dueAt: '2030-01-02T00:00:00.000Z' });
  const b = todo({ title: 'Alpha', priority: 'urgent', dueAt: null });
  const c = todo({ title: 'alpha', priority: 'high', dueAt: '2030-01-01T00:00:00.000Z' });
  const d = todo({ title: 'Ärger', priority: 'low', dueAt: '2030-01-01T00:00:00.000Z' });
  const all = [a, b, c, d];
  const ids = (sort: TodoQuery['sort']) => runQuery(all, q({ sort }), NOW, 'UTC').map((t) => t.id);

  it('due date ascending with no date last, ties by id ascending', () => {
    expect(ids('dueAt')).toEqual([c.id, d.id, a.id, b.id]);
  });
  it('priority urgent first, ties by id descending', () => {
    expect(ids('priority')).toEqual([b.id, c.id, a.id, d.id]);
  });
  it('title case-insensitive by code point, ties by id ascending', () => {
    expect(ids('title')).toEqual([b.id, c.id, a.id, d.id]);
    expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
  });
  it('created newest first, ties by id descending', () => {
    const same = [
      todo({ createdAt: '2030-01-01T00:00:00.000Z' }),
      todo({ createdAt: '2030-01-01T00:00:00.000Z' }),
    ];
    expect(runQuery(same, q({ sort: 'createdAt' }), NOW, 'UTC').map((t) => t.id)).toEqual([
      same[1]!.id,
      same[0]!.id,
    ]);
  });
  it('manual: by position in byte order (Z before a), ties by id ascending, as the server', () => {
    const placed = [
      todo({ position: 'a1' }),
      todo({ position: 'a0V' }),
      todo({ position: 'Zz' }),
      todo({ position: 'a0V' }),
    ];
    expect(runQuery(placed, q({ sort: 'position' }), NOW, 'UTC').map((t) => t.id)).toEqual([
      placed[2]!.id,
      placed[1]!.id,
      placed[3]!.id,
      placed[0]!.id,
    ]);
  });
});

describe('patching an answer after a few changes', () => {
  it('equals running the query again (fast-check)', async () => {
    const fc = (await import('fast-check')).default;
    const { compileQuery, patchQuery } = await import('./query.ts');
    const arbTodo = fc.record({
      title: fc.constantFrom('alpha', 'Beta', 'gamma ray', 'delta', 'Alpha two'),
      priority: fc.constantFrom('low', 'medium', 'high', 'urgent' as const),
      status: fc.constantFrom('open', 'done' as const),
      due: fc.option(fc.integer({ min: -3, max: 3 })),
      created: fc.integer({ min: 0, max: 5 }),
    });
    const make = (
      f: { title: string; priority: any; status: any; due: number | null; created: number },
      id: string,
    ) =>
      todo({
        id,
        title: f.title,
        priority: f.priority,
        status: f.status,
        dueAt: f.due === null ? null : new Date(NOW + f.due * 3_600_000).toISOString(),
        createdAt: new Date(NOW + f.created * 1000).toISOString(),
      });
    const ids = Array.from(
      { length: 12 },
      (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    );
    fc.assert(
      fc.property(
        fc.array(fc.option(arbTodo), { minLength: 12, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.option(arbTodo)), { maxLength: 5 }),
        fc.constantFrom('dueAt', 'priority', 'title', 'createdAt' as const),
        fc.constantFrom('', 'al', 'ga'),
        (initial, edits, sort, text) => {
          const map = new Map<string, TodoState>();
          initial.forEach((f, i) => f && map.set(ids[i]!, make(f, ids[i]!)));
          const query = q({ sort, text, status: 'open' });
          const before = runQuery(map.values(), query, NOW, 'UTC');
          const changed = new Set<string>();
          for (const [i, f] of edits) {
            changed.add(ids[i]!);
            if (f) map.set(ids[i]!, make(f, ids[i]!));
            else map.delete(ids[i]!);
          }
          const patched = patchQuery(before, changed, (id) => map.get(id), compileQuery(query, NOW, 'UTC'));
          expect(patched.map((t) => t.id)).toEqual(
            runQuery(map.values(), query, NOW, 'UTC').map((t) => t.id),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('a list chosen in the sidebar', () => {
  it('shows that list’s todos only, with the search and filters as they are', () => {
    const shopping = '0190a0b0-0000-7000-8000-00000000aaaa';
    const todos = [
      todo({ title: 'Oat milk', listId: shopping, priority: 'high' }),
      todo({ title: 'Bread', listId: shopping }),
      todo({ title: 'Oat cookies recipe' }),
    ];
    expect(titles(runQuery(todos, q({ listId: shopping, sort: 'title' }), NOW, 'UTC'))).toEqual([
      'Bread',
      'Oat milk',
    ]);
    expect(titles(runQuery(todos, q({ listId: shopping, text: 'oat' }), NOW, 'UTC'))).toEqual(['Oat milk']);
    expect(titles(runQuery(todos, q({ listId: shopping, priorities: ['high'] }), NOW, 'UTC'))).toEqual([
      'Oat milk',
    ]);
    expect(runQuery(todos, q({ listId: null }), NOW, 'UTC')).toHaveLength(3);
  });
});

describe('an archived list', () => {
  const trip = '0190a0b0-0000-7000-8000-00000000bbbb';
  const todos = [
    todo({ title: 'Book the ferry', listId: trip, dueAt: '2030-03-09T09:00:00.000Z' }),
    todo({ title: 'Pack the tent', listId: trip }),
    todo({ title: 'Buy bread', dueAt: '2030-03-09T09:00:00.000Z' }),
  ];
  const archived = new Set([trip]);

  it('keeps its todos out of every query that mixes lists: all, search, overdue', () => {
    expect(titles(runQuery(todos, q({ hiddenLists: archived }), NOW, 'UTC'))).toEqual(['Buy bread']);
    expect(runQuery(todos, q({ hiddenLists: archived, text: 'pack' }), NOW, 'UTC')).toEqual([]);
    expect(titles(runQuery(todos, q({ hiddenLists: archived, due: 'overdue' }), NOW, 'UTC'))).toEqual([
      'Buy bread',
    ]);
  });

  it('still shows them on its own page, and all of them once unarchived', () => {
    const own = runQuery(todos, q({ hiddenLists: archived, listId: trip, sort: 'title' }), NOW, 'UTC');
    expect(titles(own)).toEqual(['Book the ferry', 'Pack the tent']);
    expect(runQuery(todos, q({ hiddenLists: new Set() }), NOW, 'UTC')).toHaveLength(3);
  });

  it('leaves Today and Upcoming (outsideLists)', () => {
    expect(titles([...outsideLists(todos, archived)])).toEqual(['Buy bread']);
    expect([...outsideLists(todos, new Set())]).toHaveLength(3);
  });
});
