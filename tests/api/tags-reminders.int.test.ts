// Tags (unique per person, on and off todos) and reminders (absolute, relative, snooze, delete).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startStack();
  ({ client: api } = await signUp(stack.url));
});
afterAll(() => stack.close());

describe('tags', () => {
  it('creates, lists, renames and refuses a duplicate name (any case) with 409', async () => {
    const work = await api.post('/api/tags', { name: 'Work', color: '#1E90FF' });
    expect(work.status).toBe(201);
    expect(work.body).toMatchObject({ name: 'Work', color: '#1e90ff' });
    const auto = await api.post('/api/tags', { name: 'Home' });
    expect(auto.body.color).toMatch(/^#[0-9a-f]{6}$/);
    const dup = await api.post('/api/tags', { name: 'work' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ type: 'conflict', status: 409 });
    expect(dup.body.detail).toContain("'work' already exists");
    const renamed = await api.patch(`/api/tags/${auto.body.id}`, { name: 'House', color: '#00aa00' });
    expect(renamed.body).toMatchObject({ id: auto.body.id, name: 'House', color: '#00aa00' });
    expect((await api.patch(`/api/tags/${auto.body.id}`, { name: 'WORK' })).status).toBe(409);
    const list = await api.get('/api/tags');
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(['House', 'Work']);
  });

  it('adds tags to a todo, removes one, and deleting a tag takes it off its todos', async () => {
    const a = (await api.post('/api/tags', { name: 'a-tag' })).body;
    const b = (await api.post('/api/tags', { name: 'b-tag' })).body;
    const todo = (await api.post('/api/todos', { title: 'Tagged' })).body;
    const added = await api.put(`/api/todos/${todo.id}/tags`, { tagIds: [a.id, b.id] });
    expect(added.status).toBe(200);
    expect(added.body.tags.map((t: { name: string }) => t.name)).toEqual(['a-tag', 'b-tag']);
    const again = await api.put(`/api/todos/${todo.id}/tags`, { tagIds: [a.id] });
    expect(again.body.tags).toHaveLength(2);
    expect(again.body.version).toBe(added.body.version);
    const removed = await api.delete(`/api/todos/${todo.id}/tags/${a.id}`);
    expect(removed.body.tags.map((t: { name: string }) => t.name)).toEqual(['b-tag']);
    // A removal is a change other devices must hear of: the todo's version moves on.
    expect(removed.body.version).toBeGreaterThan(added.body.version);
    expect((await api.delete(`/api/tags/${b.id}`)).status).toBe(204);
    const after = await api.get(`/api/todos/${todo.id}`);
    expect(after.body.tags).toEqual([]);
    expect(after.body.version).toBeGreaterThan(removed.body.version);
  });

  it('refuses a tag id that does not exist with 400 naming it, and writes nothing', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await api.post('/api/todos', { title: 'Bad tag', tagIds: [missing] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'tagIds.0' });
    const search = await api.get('/api/todos/search?q=Bad%20tag');
    expect(search.body.items).toEqual([]);
  });
});

describe('reminders', () => {
  it('adds absolute and relative reminders, snoozes and deletes them', async () => {
    const todo = (await api.post('/api/todos', { title: 'Call mom', dueAt: '2099-12-24T18:00:00+01:00' }))
      .body;
    const absolute = await api.post(`/api/todos/${todo.id}/reminder`, { remindAt: '2099-12-24T08:00:00Z' });
    expect(absolute.status).toBe(201);
    expect(absolute.body).toMatchObject({
      remindAt: '2099-12-24T08:00:00.000Z',
      offsetMinutes: null,
      sentAt: null,
    });
    const relative = await api.post(`/api/todos/${todo.id}/reminder`, { offsetMinutes: 45 });
    expect(relative.body).toMatchObject({ remindAt: '2099-12-24T16:15:00.000Z', offsetMinutes: 45 });
    const before = Date.now();
    const snoozed = await api.post(`/api/todos/${todo.id}/reminders/${absolute.body.id}/snooze`, {
      minutes: 10,
    });
    expect(snoozed.status).toBe(200);
    const at = Date.parse(snoozed.body.remindAt);
    expect(at).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    expect((await api.delete(`/api/todos/${todo.id}/reminders/${relative.body.id}`)).status).toBe(204);
    const after = await api.get(`/api/todos/${todo.id}`);
    expect(after.body.reminders.map((r: { id: string }) => r.id)).toEqual([absolute.body.id]);
  });

  it('refuses a relative reminder on a todo without a due date with a clear 400', async () => {
    const todo = (await api.post('/api/todos', { title: 'Someday' })).body;
    const res = await api.post(`/api/todos/${todo.id}/reminder`, { offsetMinutes: 10 });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.detail).toMatch(/due date/);
    expect(res.body.errors).toEqual([{ path: 'offsetMinutes', message: 'the todo has no due date' }]);
    const atCreate = await api.post('/api/todos', { title: 'Someday 2', reminders: [{ offsetMinutes: 5 }] });
    expect(atCreate.status).toBe(400);
    expect((await api.get(`/api/todos/${todo.id}`)).body.reminders).toEqual([]);
  });

  it('refuses a reminder with both or neither of remindAt and offsetMinutes', async () => {
    const todo = (await api.post('/api/todos', { title: 'Either', dueAt: '2099-12-24T18:00:00Z' })).body;
    expect((await api.post(`/api/todos/${todo.id}/reminder`, {})).status).toBe(400);
    const both = await api.post(`/api/todos/${todo.id}/reminder`, {
      remindAt: '2099-12-24T08:00:00Z',
      offsetMinutes: 5,
    });
    expect(both.status).toBe(400);
    expect((await api.post(`/api/todos/${todo.id}/reminders/${todo.id}/snooze`, { minutes: 5 })).status).toBe(
      404,
    );
  });
});
