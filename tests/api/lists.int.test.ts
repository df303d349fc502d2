// Lists, subtasks and manual order through the bff's public API, against a real database: the Inbox
// every person has, list CRUD and the delete-list choice, todos moved and filtered by list, the
// checklist of a todo (and of the next occurrence of a recurring one), and fractional-index order.
import { randomUUID } from 'node:crypto';
import { generateKeyBetween } from 'fractional-indexing';
import { occurrenceSubtaskId } from '@todo/todo-rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let inboxId: string;

beforeAll(async () => {
  stack = await startStack();
  ({ client: api } = await signUp(stack.url));
  const lists = await api.get('/api/lists');
  inboxId = lists.body.items.find((l: { inbox: boolean }) => l.inbox).id;
});
afterAll(() => stack.close());

const titles = (page: { items: { title: string }[] }) => page.items.map((t) => t.title);

describe('lists', () => {
  it('gives a new person exactly one Inbox, owned by them, where their todos go by default', async () => {
    const lists = await api.get('/api/lists');
    expect(lists.status).toBe(200);
    const inboxes = lists.body.items.filter((l: { inbox: boolean }) => l.inbox);
    expect(inboxes).toHaveLength(1);
    expect(inboxes[0]).toMatchObject({ name: 'Inbox', role: 'owner', archived: false, icon: null });
    expect(inboxes[0].members).toHaveLength(1);
    const todo = (await api.post('/api/todos', { title: 'Loose end' })).body;
    expect(todo).toMatchObject({ listId: inboxId, assigneeId: null, subtasks: [] });
    expect(typeof todo.position).toBe('string');
  });

  it('places todos created at the same moment one after another, each at its own position', async () => {
    const { client } = await signUp(stack.url);
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => client.post('/api/todos', { title: `At once ${i}` })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(8).fill(201));
    const positions = created.map((r) => r.body.position as string);
    expect(new Set(positions).size).toBe(8);
    // Creation order is the order of their versions: the later a todo's version, the later its place.
    const byVersion = created.map((r) => r.body).sort((a, b) => a.version - b.version);
    expect(byVersion.map((t) => t.position)).toEqual([...positions].sort());
  });

  it('creates, renames, recolours, reorders and archives a list', async () => {
    const id = randomUUID();
    const created = await api.post('/api/lists', { id, name: 'Groceries', color: '#22AA55', icon: '🛒' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id,
      name: 'Groceries',
      color: '#22aa55',
      icon: '🛒',
      inbox: false,
      role: 'owner',
    });
    // A retried offline create answers the same list.
    expect((await api.post('/api/lists', { id, name: 'Groceries' })).body.id).toBe(id);
    const renamed = await api.patch(`/api/lists/${id}`, { name: 'Food', archived: true, position: 'Zz' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Food', archived: true, position: 'Zz' });
    const order = (await api.get('/api/lists')).body.items.map((l: { id: string }) => l.id);
    expect(order[0]).toBe(id);
  });

  it('refuses bad input with a problem: empty names, bad colours, position keys that are not keys', async () => {
    for (const body of [
      { name: '' },
      { name: 'x', color: 'red' },
      { name: 'x', position: '!!' },
      { name: 'x', extra: 1 },
    ]) {
      const res = await api.post('/api/lists', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    // Matches the pattern but no fractional index key: the library cannot place anything next to it.
    const res = await api.post('/api/lists', { name: 'x', position: 'b0' });
    expect(res.status).toBe(400);
  });

  it('keeps the Inbox: it cannot be deleted, renamed or shared', async () => {
    expect((await api.delete(`/api/lists/${inboxId}?todos=move`)).status).toBe(409);
    expect((await api.patch(`/api/lists/${inboxId}`, { name: 'Mine' })).status).toBe(409);
    expect((await api.post(`/api/lists/${inboxId}/invitations`, { email: 'a@example.test' })).status).toBe(
      409,
    );
  });

  it('moves a todo between lists with one edit, and filters list, search, filter and sort by list', async () => {
    const work = (await api.post('/api/lists', { name: 'Work' })).body;
    const home = (await api.post('/api/lists', { name: 'Home' })).body;
    const a = (await api.post('/api/todos', { title: 'Quarterly report', listId: work.id })).body;
    await api.post('/api/todos', { title: 'Quarterly bins', listId: home.id });
    expect(a.listId).toBe(work.id);
    expect(titles((await api.get(`/api/todos?list=${work.id}`)).body)).toEqual(['Quarterly report']);
    expect(titles((await api.get(`/api/todos/search?q=quarterly&list=${home.id}`)).body)).toEqual([
      'Quarterly bins',
    ]);
    expect(titles((await api.get(`/api/todos/filter?list=${home.id}&status=open`)).body)).toEqual([
      'Quarterly bins',
    ]);
    const both = (await api.get(`/api/todos/sort?by=title&list=${home.id}&list=${work.id}`)).body;
    expect(titles(both)).toEqual(['Quarterly bins', 'Quarterly report']);
    const moved = await api.patch(`/api/todos/${a.id}`, { listId: home.id });
    expect(moved.status).toBe(200);
    expect(moved.body.listId).toBe(home.id);
    expect(titles((await api.get(`/api/todos?list=${work.id}`)).body)).toEqual([]);
    // A list that is not the person's is not found, to move into or to create in.
    const nowhere = randomUUID();
    expect((await api.patch(`/api/todos/${a.id}`, { listId: nowhere })).status).toBe(404);
    expect((await api.post('/api/todos', { title: 'x', listId: nowhere })).status).toBe(404);
  });

  it('leaves an archived list’s todos out unless the list is asked for, and brings them back on unarchive', async () => {
    const { client: me } = await signUp(stack.url);
    const trip = (await me.post('/api/lists', { name: 'Trip' })).body;
    await me.post('/api/todos', { title: 'Ferry tickets', listId: trip.id, dueAt: '2020-01-01T09:00:00Z' });
    await me.post('/api/todos', { title: 'Ferry timetable' });
    await me.patch(`/api/lists/${trip.id}`, { archived: true });
    const mixed = [
      '/api/todos',
      '/api/todos/search?q=ferry',
      '/api/todos/filter?due=overdue',
      '/api/todos/sort?by=title',
    ];
    for (const path of mixed) {
      const page = await me.get(path);
      expect(page.status).toBe(200);
      expect(titles(page.body).filter((t) => t.startsWith('Ferry'))).toEqual(
        path.includes('overdue') ? [] : ['Ferry timetable'],
      );
    }
    expect(titles((await me.get(`/api/todos?list=${trip.id}`)).body)).toEqual(['Ferry tickets']);
    expect(titles((await me.get(`/api/todos/search?q=ferry&list=${trip.id}`)).body)).toEqual([
      'Ferry tickets',
    ]);
    await me.patch(`/api/lists/${trip.id}`, { archived: false });
    expect(titles((await me.get('/api/todos/sort?by=title')).body)).toEqual([
      'Ferry tickets',
      'Ferry timetable',
    ]);
  });

  it('deletes a list moving its todos to the Inbox, in one go', async () => {
    const list = (await api.post('/api/lists', { name: 'Temporary' })).body;
    const kept = (await api.post('/api/todos', { title: 'Keep me', listId: list.id })).body;
    expect((await api.delete(`/api/lists/${list.id}`)).status).toBe(400);
    expect((await api.delete(`/api/lists/${list.id}?todos=later`)).status).toBe(400);
    const res = await api.delete(`/api/lists/${list.id}?todos=move`);
    expect(res.status).toBe(204);
    const after = (await api.get(`/api/todos/${kept.id}`)).body;
    expect(after.listId).toBe(inboxId);
    expect((await api.get('/api/lists')).body.items.map((l: { id: string }) => l.id)).not.toContain(list.id);
    expect((await api.patch(`/api/lists/${list.id}`, { name: 'again' })).status).toBe(404);
  });

  it('deletes a list with its todos when asked to', async () => {
    const list = (await api.post('/api/lists', { name: 'Doomed' })).body;
    const gone = (await api.post('/api/todos', { title: 'Goes too', listId: list.id })).body;
    expect((await api.delete(`/api/lists/${list.id}?todos=delete`)).status).toBe(204);
    expect((await api.get(`/api/todos/${gone.id}`)).status).toBe(404);
    // A deleted list's id is never reused.
    expect((await api.post('/api/lists', { id: list.id, name: 'Doomed' })).status).toBe(409);
  });
});

describe('manual order', () => {
  it('puts new todos at the end and keeps a dragged todo where its key puts it', async () => {
    const list = (await api.post('/api/lists', { name: 'Ordered' })).body;
    const made = [];
    for (const title of ['one', 'two', 'three'])
      made.push((await api.post('/api/todos', { title, listId: list.id })).body);
    const byPosition = async () => titles((await api.get(`/api/todos?list=${list.id}&sort=position`)).body);
    expect(await byPosition()).toEqual(['one', 'two', 'three']);
    // Drag "three" between "one" and "two", as a device computes the key offline.
    const between = generateKeyBetween(made[0].position, made[1].position);
    expect((await api.patch(`/api/todos/${made[2].id}`, { position: between })).status).toBe(200);
    expect(await byPosition()).toEqual(['one', 'three', 'two']);
    expect((await api.patch(`/api/todos/${made[2].id}`, { position: 'not a key' })).status).toBe(400);
  });
});

describe('subtasks', () => {
  it('adds, renames, ticks, reorders and deletes subtasks; the todo carries them in order', async () => {
    const todo = (
      await api.post('/api/todos', { title: 'Pack', subtasks: [{ title: 'Passport' }, { title: 'Charger' }] })
    ).body;
    expect(todo.subtasks.map((s: { title: string }) => s.title)).toEqual(['Passport', 'Charger']);
    const sid = randomUUID();
    const added = await api.post(`/api/todos/${todo.id}/subtasks`, { id: sid, title: 'Socks' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: sid, title: 'Socks', done: false });
    // A retried add answers the same subtask.
    expect((await api.post(`/api/todos/${todo.id}/subtasks`, { id: sid, title: 'Socks' })).body.id).toBe(sid);
    const ticked = await api.patch(`/api/todos/${todo.id}/subtasks/${sid}`, {
      done: true,
      title: 'Wool socks',
    });
    expect(ticked.body).toMatchObject({ done: true, title: 'Wool socks' });
    const first = generateKeyBetween(null, todo.subtasks[0].position);
    await api.patch(`/api/todos/${todo.id}/subtasks/${sid}`, { position: first });
    const read = (await api.get(`/api/todos/${todo.id}`)).body;
    expect(read.subtasks.map((s: { title: string }) => s.title)).toEqual([
      'Wool socks',
      'Passport',
      'Charger',
    ]);
    expect(read.version).toBeGreaterThan(todo.version);
    const deleted = await api.delete(`/api/todos/${todo.id}/subtasks/${sid}`);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await api.delete(`/api/todos/${todo.id}/subtasks/${sid}`)).status).toBe(404);
    expect((await api.patch(`/api/todos/${todo.id}/subtasks/${randomUUID()}`, { done: true })).status).toBe(
      404,
    );
    expect((await api.post(`/api/todos/${todo.id}/subtasks`, { title: '' })).status).toBe(400);
  });

  it('keeps the checklist when the todo is completed, and the next occurrence starts unticked', async () => {
    const todo = (
      await api.post('/api/todos', {
        title: 'Weekly review',
        dueAt: '2099-12-01T09:00:00Z',
        recurrence: { type: 'weekly' },
        subtasks: [{ title: 'Inbox zero', done: true }, { title: 'Plan week' }],
      })
    ).body;
    const done = await api.post(`/api/todos/${todo.id}/complete`);
    expect(done.status).toBe(200);
    expect(done.body.todo.subtasks.map((s: { done: boolean }) => s.done)).toEqual([true, false]);
    const next = done.body.next;
    expect(next.subtasks.map((s: { title: string; done: boolean }) => [s.title, s.done])).toEqual([
      ['Inbox zero', false],
      ['Plan week', false],
    ]);
    // Ids a device derives alike when it completes the todo offline (@todo/todo-rules).
    expect(next.subtasks.map((s: { id: string }) => s.id)).toEqual(
      todo.subtasks.map((s: { id: string }) => occurrenceSubtaskId(next.id, s.id)),
    );
    expect(next.listId).toBe(todo.listId);
  });
});
