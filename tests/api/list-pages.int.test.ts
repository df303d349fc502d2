// A page of todos is put together from every list the person sees, each read on its own (issue 14):
// paging by every sort goes through all of them in one order, with no repeat or gap, and never
// reaches into a list the person does not see or no longer sees.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { allPages } from '../support/pages.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let ann: ApiClient;
let bob: ApiClient;
let annId: string;
let shared: string;
let annLists: string[];
/** The titles Ann sees: her Inbox, two lists of her own and Bob's list shared with her. */
const seen: string[] = [];

type Todo = { id: string; title: string; priority: string; dueAt: string | null; listId: string };

beforeAll(async () => {
  stack = await startStack();
  const a = await signUp(stack.url, { name: 'Ann' });
  const b = await signUp(stack.url, { name: 'Bob' });
  const carol = await signUp(stack.url, { name: 'Carol' });
  [ann, bob, annId] = [a.client, b.client, a.user.id];
  const own = [
    (await ann.post('/api/lists', { name: 'Work' })).body.id,
    (await ann.post('/api/lists', { name: 'Home' })).body.id,
  ];
  shared = (await bob.post('/api/lists', { name: 'Shared' })).body.id;
  const invitation = (await bob.post(`/api/lists/${shared}/invitations`, { email: a.email })).body.id;
  expect((await ann.post(`/api/invitations/${invitation}/accept`)).status).toBe(200);
  const carolList = (await carol.client.post('/api/lists', { name: 'Private' })).body.id;
  const priorities = ['low', 'medium', 'high', 'urgent'];
  const targets = [
    [ann, undefined],
    [ann, own[0]],
    [ann, own[1]],
    [bob, shared],
    [bob, undefined],
    [carol.client, carolList],
  ] as const;
  for (let i = 0; i < 30; i++) {
    const [who, listId] = targets[i % targets.length]!;
    const title = `Item ${String.fromCharCode(65 + (i % 7))} ${i}`;
    const res = await who.post('/api/todos', {
      title,
      priority: priorities[i % 4],
      // Ties and empty due dates in every list, so the merge of the lists' pages is tested on them.
      dueAt: i % 4 === 0 ? null : new Date(Date.UTC(2100, 0, 1 + (i % 3), 9)).toISOString(),
      ...(listId ? { listId } : {}),
    });
    expect(res.status).toBe(201);
    if (who === ann || listId === shared) seen.push(title);
  }
  annLists = [...own, shared];
});
afterAll(() => stack.close());

const all = (client: ApiClient, path: string, limit = 3) => allPages<Todo>(client, path, limit);

const RANK: Record<string, number> = { low: 0, medium: 1, high: 2, urgent: 3 };
const KEYS = {
  dueAt: (t: Todo) => t.dueAt,
  priority: (t: Todo) => RANK[t.priority]!,
  title: (t: Todo) => t.title.toLowerCase(),
};

describe('pages over several lists', () => {
  const cases = [
    ['dueAt', 'asc'],
    ['dueAt', 'desc'],
    ['priority', 'desc'],
    ['priority', 'asc'],
    ['title', 'asc'],
    ['createdAt', 'desc'],
    ['updatedAt', 'asc'],
  ] as const;
  for (const [by, order] of cases) {
    it(`sorts by ${by} ${order} across the lists with no repeat or gap`, async () => {
      const items = await all(ann, `/api/todos/sort?by=${by}&order=${order}`);
      expect(items.map((t) => t.title).sort()).toEqual([...seen].sort());
      const key = by in KEYS ? KEYS[by as keyof typeof KEYS] : null;
      for (let i = 1; key && i < items.length; i++) {
        const [a, b] = [key(items[i - 1]!), key(items[i]!)];
        if (a === null) expect(b).toBeNull();
        else if (b !== null) expect(order === 'asc' ? a <= b : a >= b).toBe(true);
      }
    });
  }

  it('keeps to the lists asked for, and to the filter, over pages', async () => {
    const items = await all(ann, `/api/todos?list=${annLists[0]}&list=${shared}&sort=dueAt`, 2);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((t) => t.listId))).toEqual(new Set([annLists[0], shared]));
    const urgent = await all(ann, `/api/todos/filter?priority=urgent&status=open`, 2);
    expect(urgent.every((t) => t.priority === 'urgent')).toBe(true);
    const everything = await all(ann, '/api/todos', 50);
    expect(urgent.length).toBe(everything.filter((t) => t.priority === 'urgent').length);
  });

  it('gives each todo of a page as the todo itself reads: own tags and reminders, subtasks in order', async () => {
    const [t1, t2] = [
      (await ann.post('/api/tags', { name: 'zeta' })).body.id,
      (await ann.post('/api/tags', { name: 'eta' })).body.id,
    ];
    const bobTag = (await bob.post('/api/tags', { name: 'bobs' })).body.id;
    const todo = (
      await bob.post('/api/todos', {
        title: 'Zz shared with parts',
        listId: shared,
        dueAt: '2100-02-01T09:00:00.000Z',
        tagIds: [bobTag],
        reminders: [{ offsetMinutes: 10 }, { offsetMinutes: 60 }],
      })
    ).body;
    expect((await ann.put(`/api/todos/${todo.id}/tags`, { tagIds: [t1, t2] })).status).toBe(200);
    for (const title of ['second', 'first']) {
      expect((await bob.post(`/api/todos/${todo.id}/subtasks`, { title })).status).toBe(201);
    }
    const own = (await ann.get(`/api/todos/${todo.id}`)).body;
    expect(own.tags.map((t: { name: string }) => t.name)).toEqual(['eta', 'zeta']);
    expect(own.subtasks).toHaveLength(2);
    const page = await all(ann, '/api/todos/sort?by=title&order=desc', 1);
    expect(page[0]).toEqual(own);
    const bobs = (await bob.get('/api/todos/sort?by=title&order=desc&limit=1')).body.items[0];
    expect(bobs).toEqual((await bob.get(`/api/todos/${todo.id}`)).body);
    expect(bobs.tags.map((t: { name: string }) => t.name)).toEqual(['bobs']);
    expect(bobs.reminders).toHaveLength(2);
  });

  it('leaves out a shared list once the person is no longer a member', async () => {
    expect((await bob.delete(`/api/lists/${shared}/members/${annId}`)).status).toBe(204);
    const items = await all(ann, '/api/todos/sort?by=title&order=asc');
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((t) => t.listId === shared)).toBe(false);
    expect((await all(ann, `/api/todos?list=${shared}`)).length).toBe(0);
  });
});
