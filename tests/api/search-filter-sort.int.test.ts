// Search (ranked, prefix-matching, highlighted), filter and sort that combine and page with keyset
// cursors that are stable on ties.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { allPages } from '../support/pages.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let tagA: string;
let tagB: string;

const PRIORITY_RANK = { low: 0, medium: 1, high: 2, urgent: 3 } as const;
type Todo = {
  id: string;
  title: string;
  priority: keyof typeof PRIORITY_RANK;
  dueAt: string | null;
  createdAt: string;
  status: string;
  tags: { id: string }[];
};

beforeAll(async () => {
  stack = await startStack();
  ({ client: api } = await signUp(stack.url, { timeZone: 'Asia/Tokyo' }));
  tagA = (await api.post('/api/tags', { name: 'alpha' })).body.id;
  tagB = (await api.post('/api/tags', { name: 'beta' })).body.id;
  const priorities = ['low', 'medium', 'high', 'urgent'] as const;
  for (let i = 0; i < 24; i++) {
    await api.post('/api/todos', {
      title: `Item ${String.fromCharCode(65 + (i % 6))} ${i}`,
      priority: priorities[i % 4],
      // Several todos share a due time, and some have none: ties and nulls must page correctly.
      dueAt: i % 5 === 0 ? null : new Date(Date.UTC(2100, 0, 1 + (i % 3), 9)).toISOString(),
      tagIds: i % 2 === 0 ? [tagA] : i % 3 === 0 ? [tagB] : [],
    });
  }
  await api.post('/api/todos', { title: 'Buy milk and bread', description: 'From the farmers market' });
  await api.post('/api/todos', {
    title: 'Market research',
    description: 'compare <b>milk</b> prices & 1 < 2',
  });
});
afterAll(() => stack.close());

const all = (path: string, limit = 5) => allPages<Todo>(api, path, limit);

function expectSortedBy(items: Todo[], key: (t: Todo) => string | number | null, order: 'asc' | 'desc') {
  for (let i = 1; i < items.length; i++) {
    const a = key(items[i - 1]!);
    const b = key(items[i]!);
    if (a === null) expect(b).toBeNull();
    else if (b !== null) expect(order === 'asc' ? a <= b : a >= b).toBe(true);
  }
}

describe('search', () => {
  it('finds by word prefix, ranks title matches first, and marks the matches', async () => {
    const res = await api.get('/api/todos/search?q=mil');
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: Todo) => t.title)).toEqual(['Buy milk and bread', 'Market research']);
    expect(res.body.items[0].highlight.title).toBe('Buy <mark>milk</mark> and bread');
    // No markup of the person's own reaches the highlight (tags are dropped, the rest escaped): only <mark>.
    const description = res.body.items[1].highlight.description as string;
    expect(description).toContain('<mark>milk</mark>');
    expect(description.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    const both = await api.get('/api/todos/search?q=mark%20bre');
    expect(both.body.items.map((t: Todo) => t.title)).toEqual(['Buy milk and bread']);
    expect((await api.get('/api/todos/search?q=zzzz')).body.items).toEqual([]);
    expect((await api.get('/api/todos/search?q=%3F%3F')).status).toBe(400);
    expect((await api.get('/api/todos/search')).status).toBe(400);
  });

  it('matches the names of the person’s tags on a todo, word by word with the text', async () => {
    const { client } = await signUp(stack.url);
    const plumbing = (await client.post('/api/tags', { name: 'Plumbing' })).body.id;
    await client.post('/api/todos', { title: 'Fix the sink', tagIds: [plumbing] });
    await client.post('/api/todos', { title: 'Call the plumber' });
    await client.post('/api/todos', { title: 'Fix the bike' });
    const titles = async (q: string) =>
      ((await client.get(`/api/todos/search?q=${encodeURIComponent(q)}`)).body.items as Todo[])
        .map((t) => t.title)
        .sort();

    expect(await titles('plumb')).toEqual(['Call the plumber', 'Fix the sink']);
    expect(await titles('fix plumb')).toEqual(['Fix the sink']);
    expect(await titles('plumbing bike')).toEqual([]);
    // A renamed tag is searched by its new name only.
    expect((await client.patch(`/api/tags/${plumbing}`, { name: 'Pipes' })).status).toBe(200);
    expect(await titles('pipe')).toEqual(['Fix the sink']);
    expect(await titles('plumbing')).toEqual([]);
    // Another person's tag of the same name finds nothing of theirs here, and theirs is not found.
    expect(await titles('alpha')).toEqual([]);
    expect((await api.get('/api/todos/search?q=plumb')).body.items).toEqual([]);
  });

  it('pages through search results without repeats', async () => {
    const items = await all('/api/todos/search?q=item', 7);
    expect(items).toHaveLength(24);
    expect(new Set(items.map((t) => t.id)).size).toBe(24);
  });
});

describe('sort and pagination', () => {
  const cases = [
    ['dueAt', 'asc', (t: Todo) => t.dueAt],
    ['dueAt', 'desc', (t: Todo) => t.dueAt],
    ['priority', 'desc', (t: Todo) => PRIORITY_RANK[t.priority]],
    ['priority', 'asc', (t: Todo) => PRIORITY_RANK[t.priority]],
    ['title', 'asc', (t: Todo) => t.title.toLowerCase()],
    ['createdAt', 'desc', (t: Todo) => t.createdAt],
    ['updatedAt', 'asc', (t: Todo) => t.createdAt],
  ] as const;
  for (const [by, order, key] of cases) {
    it(`sorts by ${by} ${order} and pages over ties and empty values with no repeat or gap`, async () => {
      const items = await all(`/api/todos/sort?by=${by}&order=${order}`, 4);
      expect(items).toHaveLength(26);
      expect(new Set(items.map((t) => t.id)).size).toBe(26);
      expectSortedBy(items, key, order);
    });
  }

  it('refuses a cursor from another sort', async () => {
    const first = await api.get('/api/todos?sort=title&limit=2');
    const res = await api.get(`/api/todos?sort=dueAt&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/cursor/);
  });
});

describe('filter', () => {
  it('combines priority (repeatable), tag, status and text with sort and cursor', async () => {
    const items = await all(
      `/api/todos/filter?priority=high&priority=urgent&tag=${tagA}&status=open&sort=title`,
      2,
    );
    expect(items.length).toBeGreaterThan(0);
    for (const t of items) {
      expect(['high', 'urgent']).toContain(t.priority);
      expect(t.tags.map((x) => x.id)).toContain(tagA);
    }
    expectSortedBy(items, (t) => t.title.toLowerCase(), 'asc');
    const viaList = await all(
      `/api/todos?priority=high&priority=urgent&tag=${tagA}&status=open&sort=title`,
      50,
    );
    expect(viaList.map((t) => t.id)).toEqual(items.map((t) => t.id));
    const anyTag = await all(`/api/todos?tag=${tagA}&tag=${tagB}`, 50);
    expect(anyTag.every((t) => t.tags.some((x) => x.id === tagA || x.id === tagB))).toBe(true);
    expect(anyTag.length).toBeGreaterThan(items.length);
  });

  it('filters by due window: none, a date range, overdue, today and week in the person’s zone', async () => {
    const none = await all('/api/todos?due=none', 50);
    expect(none.length).toBe(7);
    expect(none.every((t) => t.dueAt === null)).toBe(true);
    const range = await all('/api/todos?dueAfter=2100-01-02T00:00:00Z&dueBefore=2100-01-03T00:00:00Z', 50);
    expect(range.length).toBeGreaterThan(0);
    expect(range.every((t) => t.dueAt === '2100-01-02T09:00:00.000Z')).toBe(true);
    const overdue = (await api.post('/api/todos', { title: 'Late', dueAt: '2020-01-01T00:00:00Z' })).body;
    const today = (
      await api.post('/api/todos', { title: 'Now-ish', dueAt: new Date(Date.now() + 60_000).toISOString() })
    ).body;
    const overdueIds = (await all('/api/todos?due=overdue', 50)).map((t) => t.id);
    expect(overdueIds).toEqual([overdue.id]);
    const weekIds = (await all('/api/todos?due=week', 50)).map((t) => t.id);
    expect(weekIds).toContain(today.id);
    expect(weekIds).not.toContain(overdue.id);
    await api.post(`/api/todos/${overdue.id}/complete`);
    expect(await all('/api/todos?due=overdue', 50)).toEqual([]);
    expect((await api.get('/api/todos?due=soon')).status).toBe(400);
  });
});
