// Pages of todos are kept for their next read (PageCache, issue 14), and a kept page never outlives
// what it shows: after each kind of change to what a person sees (their own, another member's, the
// reminder clock's, or only time passing for the overdue view) the same read answers the change.
// Each page is also checked against its todos read one by one, which are never kept.
import { pageCacheLookups } from '@todo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TodoListQuery } from '@todo/contracts';
import { buildTodoFilter, encodeCursor } from '../../core-service/src/modules/todos/todo-filter.ts';
import { TodoRepository } from '../../core-service/src/modules/todos/todos.repository.ts';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let ann: ApiClient;
let bob: ApiClient;
let annId: string;
let shared: string;
let todoId: string;
let tagId: string;

type Todo = { id: string; title: string; tags: { name: string }[]; reminders: { sentAt: string | null }[] };
type Page = { items: Todo[]; nextCursor: string | null };

beforeAll(async () => {
  // The clock ticks only when a test says so.
  stack = await startStack({}, { ownDatabase: true, core: { REMINDER_TICK_MS: '0' } });
  const a = await signUp(stack.url, { name: 'Ann' });
  const b = await signUp(stack.url, { name: 'Bob' });
  [ann, bob, annId] = [a.client, b.client, a.user.id];
  shared = (await bob.post('/api/lists', { name: 'Groceries' })).body.id;
  const invitation = (await bob.post(`/api/lists/${shared}/invitations`, { email: a.email })).body.id;
  expect((await ann.post(`/api/invitations/${invitation}/accept`)).status).toBe(200);
  tagId = (await ann.post('/api/tags', { name: 'errand' })).body.id;
  const todo = await ann.post('/api/todos', { title: 'Post the parcel', tagIds: [tagId], priority: 'high' });
  expect(todo.status, todo.text).toBe(201);
  todoId = todo.body.id;
  expect((await bob.post('/api/todos', { title: 'Buy milk', listId: shared })).status).toBe(201);
});
afterAll(() => stack?.close());

const lookups = async () => {
  const { values } = await pageCacheLookups.get();
  const count = (result: string) =>
    values.find((v) => v.labels.result === result && v.labels.service === 'core-service')?.value ?? 0;
  return { hit: count('hit'), merged: count('merged'), remade: count('remade'), miss: count('miss') };
};

/**
 * What `act` did to the lookups: how many pages were the kept one with the changed todos merged in,
 * how many were read again taking kept JSON, and how many were made whole.
 */
async function counting(act: () => Promise<unknown>) {
  const before = await lookups();
  await act();
  const after = await lookups();
  return {
    merged: after.merged - before.merged,
    remade: after.remade - before.remade,
    miss: after.miss - before.miss,
  };
}

/** The page, after checking that each of its todos is the todo as read alone. */
async function read(client: ApiClient, path: string): Promise<Page> {
  const res = await client.get(path);
  expect(res.status, res.text).toBe(200);
  const page = res.body as Page;
  for (const todo of page.items) {
    const { highlight: _, ...item } = todo as Todo & { highlight?: unknown };
    expect(item).toEqual((await client.get(`/api/todos/${todo.id}`)).body);
  }
  return page;
}
const titles = (page: Page) => page.items.map((t) => t.title).sort();
const annTodo = (page: Page) => page.items.find((t) => t.id === todoId);

describe('a kept page', () => {
  it('is what the next read of the same page gets, until something changes', async () => {
    const first = await ann.get('/api/todos?limit=50');
    const before = await lookups();
    const again = await ann.get('/api/todos?limit=50');
    const after = await lookups();
    expect(again.text).toBe(first.text);
    expect(after).toEqual({ ...before, hit: before.hit + 1 });
    // Another page, or another person's same page, is not it.
    await bob.get('/api/todos?limit=50');
    await ann.get('/api/todos?limit=49');
    expect((await lookups()).miss).toBe(after.miss + 2);
  });

  it('shows the person’s own edit, to the todo, its tag and its subtasks', async () => {
    await read(ann, '/api/todos?limit=50');
    await read(ann, '/api/todos/search?q=parcel');
    expect((await ann.patch(`/api/todos/${todoId}`, { title: 'Post the big parcel' })).status).toBe(200);
    expect(annTodo(await read(ann, '/api/todos?limit=50'))?.title).toBe('Post the big parcel');
    expect(titles(await read(ann, '/api/todos/search?q=big'))).toEqual(['Post the big parcel']);

    await read(ann, '/api/todos?tag=' + tagId);
    expect((await ann.patch(`/api/tags/${tagId}`, { name: 'outing' })).status).toBe(200);
    expect(annTodo(await read(ann, '/api/todos?tag=' + tagId))?.tags.map((t) => t.name)).toEqual(['outing']);

    expect((await ann.post(`/api/todos/${todoId}/subtasks`, { title: 'Tape' })).status).toBe(201);
    const page = await read(ann, '/api/todos?limit=50');
    expect(annTodo(page)).toMatchObject({ subtasks: [{ title: 'Tape', done: false }] });
  });

  it('shows another member’s edit to a shared todo, and the list archived or left', async () => {
    const milk = (await read(ann, '/api/todos?limit=50')).items.find((t) => t.title === 'Buy milk')!;
    expect((await bob.patch(`/api/todos/${milk.id}`, { title: 'Buy oat milk' })).status).toBe(200);
    expect(titles(await read(ann, '/api/todos?limit=50'))).toContain('Buy oat milk');

    expect((await bob.patch(`/api/lists/${shared}`, { archived: true })).status).toBe(200);
    expect(titles(await read(ann, '/api/todos?limit=50'))).not.toContain('Buy oat milk');
    expect(titles(await read(ann, `/api/todos?list=${shared}`))).toEqual(['Buy oat milk']);

    expect((await bob.delete(`/api/lists/${shared}/members/${annId}`)).status).toBe(204);
    expect(titles(await read(ann, `/api/todos?list=${shared}`))).toEqual([]);
  });

  it('shows a reminder the clock sent', async () => {
    const remindAt = new Date(Date.now() - 5_000).toISOString();
    const res = await ann.post('/api/todos', { title: 'Call the plumber', reminders: [{ remindAt }] });
    expect(res.status, res.text).toBe(201);
    const unsent = (await read(ann, '/api/todos?limit=50')).items.find((t) => t.id === res.body.id)!;
    expect(unsent.reminders[0]!.sentAt).toBeNull();
    expect(await stack.core.clock.tick()).toBe(1);
    const sent = (await read(ann, '/api/todos?limit=50')).items.find((t) => t.id === res.body.id)!;
    expect(sent.reminders[0]!.sentAt).not.toBeNull();
  });

  it('of the overdue view holds only until the next todo falls due', async () => {
    // Far enough ahead that the post and three reads come before it, on a busy machine too.
    const dueAt = new Date(Date.now() + 8_000).toISOString();
    const id = (await ann.post('/api/todos', { title: 'Feed the cat', dueAt })).body.id as string;
    const overdue = async () => (await read(ann, '/api/todos?due=overdue')).items.map((t) => t.id);
    expect(await overdue()).not.toContain(id);
    const before = await lookups();
    expect(await overdue()).not.toContain(id);
    expect((await lookups()).hit).toBe(before.hit + 1);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(dueAt) - Date.now() + 50));
    expect(await overdue()).toContain(id);
  });
});

describe('a page kept at an earlier version', () => {
  /** A new person with a todo of each priority (titled by it), and their client. */
  async function person(priorities: string[], extra: Record<string, unknown> = {}) {
    const { client } = await signUp(stack.url);
    const ids: Record<string, string> = {};
    for (const priority of priorities) {
      const res = await client.post('/api/todos', { title: `Task ${priority}`, priority, ...extra });
      expect(res.status, res.text).toBe(201);
      ids[priority] = res.body.id;
    }
    return { client, ids };
  }
  const BY_PRIORITY = '/api/todos?sort=priority&order=desc&limit=2';
  const order = (page: Page) => page.items.map((t) => t.title);

  it('lends the next page its todos’ JSON when only todos off it changed: the same text', async () => {
    const { client, ids } = await person(['urgent', 'high', 'medium', 'low']);
    const first = await client.get(BY_PRIORITY);
    expect(order(first.body)).toEqual(['Task urgent', 'Task high']);
    expect((await client.patch(`/api/todos/${ids.low}`, { title: 'Task low, renamed' })).status).toBe(200);
    let again: Awaited<ReturnType<ApiClient['get']>> | undefined;
    expect(await counting(async () => (again = await client.get(BY_PRIORITY)))).toEqual({
      merged: 0,
      remade: 1,
      miss: 0,
    });
    expect(again!.text).toBe(first.text);
  });

  it('lends nothing when the change log no longer has every entry since (compacted), or a tag changed', async () => {
    const { client, ids } = await person(['urgent', 'high', 'medium', 'low']);
    await read(client, BY_PRIORITY);
    expect((await client.patch(`/api/todos/${ids.low}`, { title: 'Task low, renamed' })).status).toBe(200);
    await stack.database.knex('change_log').where({ entityId: ids.low }).delete();
    expect(await counting(() => read(client, BY_PRIORITY))).toEqual({ merged: 0, remade: 0, miss: 1 });
    // A tag renamed changes the todos carrying it, which its entry does not name.
    const tag = (await client.post('/api/tags', { name: 'shed' })).body.id as string;
    expect((await client.patch(`/api/todos/${ids.urgent}`, { tagIds: [tag] })).status).toBe(200);
    await read(client, BY_PRIORITY);
    expect((await client.patch(`/api/tags/${tag}`, { name: 'garage' })).status).toBe(200);
    let page: Page | undefined;
    expect(await counting(async () => (page = await read(client, BY_PRIORITY)))).toEqual({
      merged: 0,
      remade: 0,
      miss: 1,
    });
    expect(page!.items[0]!.tags.map((t) => t.name)).toEqual(['garage']);
  });

  it('shows a todo that came to belong on it, one on it changed and a new one, as each now is', async () => {
    const { client, ids } = await person(['urgent', 'high', 'medium', 'low']);
    await read(client, BY_PRIORITY);
    expect(
      (await client.patch(`/api/todos/${ids.low}`, { priority: 'urgent', title: 'Task now urgent' })).status,
    ).toBe(200);
    let page: Page | undefined;
    // The urgent todo's JSON is taken from the kept page; the other is new to it.
    expect(await counting(async () => (page = await read(client, BY_PRIORITY)))).toEqual({
      merged: 0,
      remade: 1,
      miss: 0,
    });
    expect(order(page!).sort()).toEqual(['Task now urgent', 'Task urgent']);

    expect((await client.patch(`/api/todos/${ids.urgent}`, { title: 'Task urgent, renamed' })).status).toBe(
      200,
    );
    expect(order(await read(client, BY_PRIORITY)).sort()).toEqual([
      'Task now urgent',
      'Task urgent, renamed',
    ]);
    // A new todo that sorts onto the page.
    expect((await client.post('/api/todos', { title: 'Task new', priority: 'urgent' })).status).toBe(201);
    expect(order(await read(client, BY_PRIORITY))).toContain('Task new');
  });

  it('ends the list when the todo after it goes', async () => {
    const { client, ids } = await person(['urgent', 'high', 'medium']);
    expect((await read(client, BY_PRIORITY)).nextCursor).not.toBeNull();
    expect((await client.delete(`/api/todos/${ids.medium}`)).status).toBe(204);
    // What came after it is not on the kept page: read again.
    let page: Page | undefined;
    expect(await counting(async () => (page = await read(client, BY_PRIORITY)))).toEqual({
      merged: 0,
      remade: 1,
      miss: 0,
    });
    expect(order(page!)).toEqual(['Task urgent', 'Task high']);
    expect(page!.nextCursor).toBeNull();
  });

  /** Changes todo `id`, then reads `path`: the page, after checking the one way it was made. */
  async function changeThenRead(
    client: ApiClient,
    id: string,
    change: Record<string, unknown>,
    path: string,
    way: 'merged' | 'remade' | 'miss',
  ): Promise<Page> {
    expect((await client.patch(`/api/todos/${id}`, change)).status).toBe(200);
    let page: Page | undefined;
    const made = await counting(async () => (page = await read(client, path)));
    expect(made).toEqual({ merged: 0, remade: 0, miss: 0, [way]: 1 });
    return page!;
  }

  it('of a search, merged: takes the next todo when one on it leaves, and keeps the order of ties', async () => {
    const { client, ids } = await person(['urgent', 'high', 'medium', 'low']);
    const search = '/api/todos/search?q=task&sort=priority&order=desc&limit=2';
    expect(order(await read(client, search))).toEqual(['Task urgent', 'Task high']);
    // A todo off it changed: merged, the same page.
    const renamed = await changeThenRead(client, ids.low!, { title: 'Task low, renamed' }, search, 'merged');
    expect(order(renamed)).toEqual(['Task urgent', 'Task high']);
    // One on it leaves: what comes after the page is not known, so it is read again.
    const left = await changeThenRead(client, ids.urgent!, { priority: 'low' }, search, 'remade');
    expect(order(left)).toEqual(['Task high', 'Task medium']);
    // Moved within it, and a tie with the one after it: merged, in (key, id) order.
    const tied = await changeThenRead(client, ids.urgent!, { priority: 'high' }, search, 'merged');
    expect(order(tied)).toEqual(['Task high', 'Task urgent']);
    expect(tied.nextCursor).not.toBeNull();
  });

  it('of a search, merged: leaves out a todo changed in an archived list, unless that list is asked for', async () => {
    const { client, ids } = await person(['high', 'low']);
    const old = (await client.post('/api/lists', { name: 'Old trip' })).body.id as string;
    const kept = await client.post('/api/todos', { title: 'Task packed', listId: old });
    expect(kept.status, kept.text).toBe(201);
    expect((await client.patch(`/api/lists/${old}`, { archived: true })).status).toBe(200);
    const search = '/api/todos/search?q=task';
    const inList = `${search}&list=${old}`;
    expect(order(await read(client, search)).sort()).toEqual(['Task high', 'Task low']);
    expect(order(await read(client, inList))).toEqual(['Task packed']);

    // The todo changed is among the changes since both pages: merged into each by the lists it reads.
    const renamed = await changeThenRead(
      client,
      kept.body.id,
      { title: 'Task packed again' },
      search,
      'merged',
    );
    expect(order(renamed).sort()).toEqual(['Task high', 'Task low']);
    expect(
      await counting(async () => expect(order(await read(client, inList))).toEqual(['Task packed again'])),
    ).toEqual({ merged: 1, remade: 0, miss: 0 });
    await changeThenRead(client, ids.low!, { title: 'Task low, renamed' }, search, 'merged');
  });

  it('of a search, is read again rather than merged past 50 changes since', async () => {
    const { client, ids } = await person(['high', 'low']);
    const search = '/api/todos/search?q=task';
    await read(client, search);
    for (let i = 0; i < 50; i++) {
      expect((await client.patch(`/api/todos/${ids.low}`, { description: `take ${i}` })).status).toBe(200);
    }
    await changeThenRead(client, ids.low!, { title: 'Task low, the last take' }, search, 'remade');
    await changeThenRead(client, ids.low!, { title: 'Task low, one more' }, search, 'merged');
  });

  it('after a cursor, is moved only by todos after that cursor', async () => {
    const { client, ids } = await person(['urgent', 'high', 'medium', 'low']);
    const cursor = (await read(client, BY_PRIORITY)).nextCursor!;
    const second = `${BY_PRIORITY}&cursor=${encodeURIComponent(cursor)}`;
    expect(order(await read(client, second))).toEqual(['Task medium', 'Task low']);
    // Before the cursor: the second page is the same.
    expect((await client.patch(`/api/todos/${ids.urgent}`, { title: 'Task urgent, renamed' })).status).toBe(
      200,
    );
    expect(await counting(() => read(client, second))).toEqual({ merged: 0, remade: 1, miss: 0 });
    // Moved past it: on the second page now (after the medium one, made later: ties go by id).
    expect((await client.patch(`/api/todos/${ids.high}`, { priority: 'medium' })).status).toBe(200);
    const moved = await read(client, second);
    expect(order(moved)).toEqual(['Task medium', 'Task high']);
    expect(moved.nextCursor).not.toBeNull();
  });

  it('of a tag, shows a todo given the tag; of a search, a todo renamed to match', async () => {
    const { client, ids } = await person(['high', 'low']);
    const tag = (await client.post('/api/tags', { name: 'garden' })).body.id as string;
    expect((await client.patch(`/api/todos/${ids.high}`, { tagIds: [tag] })).status).toBe(200);
    expect(order(await read(client, `/api/todos?tag=${tag}`))).toEqual(['Task high']);
    expect(order(await read(client, '/api/todos/search?q=high'))).toEqual(['Task high']);
    expect((await client.patch(`/api/todos/${ids.low}`, { description: 'later' })).status).toBe(200);
    expect(
      await counting(async () => {
        await read(client, `/api/todos?tag=${tag}`);
        await read(client, '/api/todos/search?q=high');
      }),
    ).toEqual({ merged: 1, remade: 1, miss: 0 });

    expect(
      (await client.patch(`/api/todos/${ids.low}`, { tagIds: [tag], title: 'Task high too' })).status,
    ).toBe(200);
    expect(order(await read(client, `/api/todos?tag=${tag}`)).sort()).toEqual(['Task high', 'Task high too']);
    expect(order(await read(client, '/api/todos/search?q=high')).sort()).toEqual([
      'Task high',
      'Task high too',
    ]);
  });

  it('of the overdue view, holds only until a todo changed since falls due', async () => {
    const { client } = await person(['low'], { dueAt: new Date(Date.now() - 60_000).toISOString() });
    expect(order(await read(client, '/api/todos?due=overdue'))).toEqual(['Task low']);
    const dueAt = new Date(Date.now() + 6_000).toISOString();
    expect((await client.post('/api/todos', { title: 'Feed the fish', dueAt })).status).toBe(201);
    expect(await counting(() => read(client, '/api/todos?due=overdue'))).toEqual({
      merged: 0,
      remade: 1,
      miss: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, Date.parse(dueAt) - Date.now() + 50));
    expect(order(await read(client, '/api/todos?due=overdue')).sort()).toEqual(['Feed the fish', 'Task low']);
  });
});

describe('when the overdue view next changes (TodoStore.nextOverdueAt)', () => {
  it('is the next due time, or the end of a date a todo is due on in its zone', async () => {
    const { client, user } = await signUp(stack.url, { timeZone: 'Pacific/Auckland' });
    const todos = new TodoRepository(stack.database.knex);
    const at = (iso: string) => todos.nextOverdueAt(user.id, new Date(iso));
    expect(await at('2030-01-01T00:00:00Z')).toBeNull();
    // Due on 3 March 2030 in Auckland (UTC+13): overdue from its end, 3 March 11:00 UTC.
    const onDate = {
      title: 'Renew passport',
      dueAt: '2030-03-02T11:00:00Z',
      allDay: true,
      timeZone: 'Pacific/Auckland',
    };
    expect((await client.post('/api/todos', onDate)).status).toBe(201);
    expect(
      (await client.post('/api/todos', { title: 'Dentist', dueAt: '2030-03-05T08:00:00Z' })).status,
    ).toBe(201);
    // Before the date began, its start is the bound (the todo's due time); during it, its end.
    expect(await at('2030-01-01T00:00:00Z')).toEqual(new Date('2030-03-02T11:00:00Z'));
    expect(await at('2030-03-03T01:00:00Z')).toEqual(new Date('2030-03-03T11:00:00Z'));
    expect(await at('2030-03-03T11:00:00Z')).toEqual(new Date('2030-03-05T08:00:00Z'));
    expect(await at('2030-03-05T08:00:00.001Z')).toBeNull();
    // Another person's todos are not theirs to wait for.
    expect(await todos.nextOverdueAt(annId, new Date('2030-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('a page merged with the todos changed since (PageMerge)', () => {
  it('is the page read again, after each of many random changes, for every sort and filter', async () => {
    const { client, user } = await signUp(stack.url);
    const repository = new TodoRepository(stack.database.knex);
    let seed = 20261206;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const tag = (await client.post('/api/tags', { name: 'home' })).body.id as string;
    // Few words, priorities and dates: many ties, which go by id.
    const fields = () => ({
      title: `${pick(['paint', 'plumb', 'fence'])} the ${pick(['shed', 'door', 'gate'])}`,
      priority: pick(['low', 'medium', 'high', 'urgent']),
      dueAt: random() < 0.3 ? null : new Date(Date.UTC(2030, 0, 1 + Math.floor(random() * 6))).toISOString(),
      tagIds: random() < 0.5 ? [tag] : [],
    });
    const ids: string[] = [];
    const create = async () => {
      const res = await client.post('/api/todos', fields());
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id as string);
    };
    for (let i = 0; i < 14; i++) await create();
    // Pages of a search are merged (in each order); the others are read again.
    const search = '/api/todos/search?q=plumb&limit=3';
    const any = '/api/todos/search?q=the&limit=3';
    const second = (await client.get(`${any}&sort=priority&order=desc`)).body as Page;
    const pages = [
      search,
      any,
      `${any}&sort=dueAt`,
      `${any}&sort=dueAt&order=desc`,
      `${any}&sort=priority&order=desc`,
      `${any}&sort=priority&order=desc&cursor=${encodeURIComponent(second.nextCursor!)}`,
      `${any}&sort=title`,
      `${any}&sort=position`,
      `${any}&sort=updatedAt&priority=high&priority=urgent`,
      `${any}&tag=${tag}&sort=createdAt`,
      `/api/todos?tag=${tag}&sort=dueAt&limit=3`,
      '/api/todos?sort=title&order=desc&limit=3',
    ];
    /** The page as the repository reads it whole: the todos' ids in order, and the next cursor. */
    const readAgain = async (path: string) => {
      const url = new URL(path, 'http://x');
      const query = TodoListQuery.parse({
        ...Object.fromEntries(url.searchParams),
        ...(url.searchParams.has('priority') ? { priority: url.searchParams.getAll('priority') } : {}),
        ...(url.searchParams.has('limit') ? { limit: Number(url.searchParams.get('limit')) } : {}),
      });
      const mode = url.pathname.endsWith('/search') ? 'search' : 'list';
      const filter = buildTodoFilter(query, new Date(), 'UTC', mode);
      const page = await repository.page(user.id, filter);
      return {
        ids: page.items.map((t) => t.id),
        nextCursor: page.next ? encodeCursor(filter.sort, page.next) : null,
      };
    };
    for (const path of pages) await read(client, path);
    const total = { merged: 0, remade: 0, miss: 0 };
    for (let step = 0; step < 30; step++) {
      const roll = random();
      if (roll < 0.25) await create();
      else if (roll < 0.35) {
        const [id] = ids.splice(Math.floor(random() * ids.length), 1);
        expect((await client.delete(`/api/todos/${id}`)).status).toBe(204);
      } else {
        const change = Object.fromEntries(Object.entries(fields()).filter(() => random() < 0.5));
        const res = await client.patch(`/api/todos/${pick(ids)}`, { ...change, description: `step ${step}` });
        expect(res.status, res.text).toBe(200);
      }
      for (const path of pages) {
        let page: Page | undefined;
        const counted = await counting(async () => (page = await read(client, path)));
        for (const [k, n] of Object.entries(counted)) total[k as keyof typeof total] += n;
        const expected = await readAgain(path);
        expect(
          { ids: page!.items.map((t) => t.id), nextCursor: page!.nextCursor },
          `${path} at ${step}`,
        ).toEqual(expected);
      }
    }
    console.log('TOTAL', total);
    console.log('TOTAL', total);
    // Both ways were taken, and most pages were merged.
    expect(total.merged).toBeGreaterThan(150);
    expect(total.remade).toBeGreaterThan(30);
  });
});
