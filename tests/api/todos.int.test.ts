// Todos through the bff's public API, against a real database: create with the client's id, read,
// update, complete (recurring: the next occurrence exists once), reopen, delete, priority endpoints.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startStack();
  ({ client: api } = await signUp(stack.url, { timeZone: 'America/New_York' }));
});
afterAll(() => stack.close());

describe('todos', () => {
  it('creates a todo with the client id and every attribute, and reads it back', async () => {
    const id = randomUUID();
    const tag = (await api.post('/api/tags', { name: `errands-${id.slice(0, 4)}`, color: '#FF8800' })).body;
    const created = await api.post('/api/todos', {
      id,
      title: 'Buy milk',
      description: 'Oat, 2 litres',
      priority: 'high',
      dueAt: '2099-12-01T09:00:00-05:00',
      timeZone: 'America/New_York',
      tagIds: [tag.id],
      recurrence: { type: 'weekly', rrule: 'FREQ=WEEKLY;BYDAY=TU' },
      reminders: [{ offsetMinutes: 30 }, { remindAt: '2099-11-30T18:00:00Z' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id,
      title: 'Buy milk',
      description: 'Oat, 2 litres',
      status: 'open',
      priority: 'high',
      dueAt: '2099-12-01T14:00:00.000Z',
      timeZone: 'America/New_York',
      tags: [{ id: tag.id, color: '#ff8800' }],
      recurrence: {
        type: 'weekly',
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        until: null,
        count: null,
        fromCompletion: false,
      },
      completedAt: null,
    });
    expect(created.body.reminders.map((r: { remindAt: string }) => r.remindAt)).toEqual([
      '2099-11-30T18:00:00.000Z',
      '2099-12-01T13:30:00.000Z',
    ]);
    const read = await api.get(`/api/todos/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('answers a retried create with the same id once, without a duplicate', async () => {
    const id = randomUUID();
    const body = { id, title: 'Offline create' };
    const [a, b] = await Promise.all([api.post('/api/todos', body), api.post('/api/todos', body)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(id);
    expect(b.body.version).toBe(a.body.version);
    const all = await api.get('/api/todos?q=Offline&limit=200');
    expect(all.body.items.filter((t: { id: string }) => t.id === id)).toHaveLength(1);
  });

  it('defaults priority to medium and the time zone to the person’s', async () => {
    const res = await api.post('/api/todos', { title: 'Defaults' });
    expect(res.body).toMatchObject({
      priority: 'medium',
      timeZone: 'America/New_York',
      dueAt: null,
      description: '',
    });
  });

  it('updates any writable field and bumps the version', async () => {
    const todo = (
      await api.post('/api/todos', {
        title: 'Draft',
        dueAt: '2099-12-02T10:00:00Z',
        reminders: [{ offsetMinutes: 60 }],
      })
    ).body;
    const res = await api.patch(`/api/todos/${todo.id}`, {
      title: 'Final',
      description: 'now with text',
      priority: 'urgent',
      dueAt: '2099-12-03T10:00:00Z',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Final',
      description: 'now with text',
      priority: 'urgent',
      dueAt: '2099-12-03T10:00:00.000Z',
    });
    expect(res.body.version).toBeGreaterThan(todo.version);
    // The relative reminder follows the due time.
    expect(res.body.reminders[0].remindAt).toBe('2099-12-03T09:00:00.000Z');
    const cleared = await api.patch(`/api/todos/${todo.id}`, { dueAt: null });
    expect(cleared.body.dueAt).toBeNull();
    expect(cleared.body.reminders).toEqual([]);
  });

  it('changes a title, description or priority alone as it changes any field: one version, one change', async () => {
    const tag = (await api.post('/api/tags', { name: `own-${randomUUID().slice(0, 6)}` })).body;
    const todo = (
      await api.post('/api/todos', {
        title: 'Draft',
        dueAt: '2099-12-02T10:00:00Z',
        tagIds: [tag.id],
        reminders: [{ offsetMinutes: 60 }, { offsetMinutes: 5 }],
        subtasks: [{ title: 'first' }, { title: 'second' }],
      })
    ).body;

    const res = await api.patch(`/api/todos/${todo.id}`, { title: 'Final', priority: 'urgent' });
    expect(res.status).toBe(200);
    const read = (await api.get(`/api/todos/${todo.id}`)).body;
    expect(res.body).toEqual(read);
    expect(read).toMatchObject({
      title: 'Final',
      priority: 'urgent',
      description: '',
      version: todo.version + 1,
    });
    expect(read.tags).toEqual(todo.tags);
    expect(read.reminders).toEqual(todo.reminders);
    expect(read.subtasks).toEqual(todo.subtasks);
    expect(Date.parse(read.updatedAt)).toBeGreaterThanOrEqual(Date.parse(todo.updatedAt));
    const after = (await api.get(`/api/sync/pull?cursor=${todo.version}&limit=1000`)).body;
    expect(after.changes.map((c: { id: string; version: number }) => [c.id, c.version])).toEqual([
      [todo.id, todo.version + 1],
    ]);
  });

  it('makes a run of creates and changes as the person is now: a new zone, a todo moved to a list', async () => {
    const { client, user } = await signUp(stack.url, { timeZone: 'America/New_York' });
    const first = (await client.post('/api/todos', { title: 'Before' })).body;
    // Settings move no change version; the next todo still takes the new zone.
    expect((await client.patch('/api/settings', { timeZone: 'Europe/Paris' })).status).toBe(200);
    const second = (await client.post('/api/todos', { title: 'After' })).body;
    expect([first.timeZone, second.timeZone]).toEqual(['America/New_York', 'Europe/Paris']);
    expect(second.version).toBe(first.version + 1);
    expect(second.position > first.position).toBe(true);

    // Moved out of the Inbox by a change that is not one statement, then changed alone.
    const list = (await client.post('/api/lists', { name: `Elsewhere ${randomUUID().slice(0, 6)}` })).body;
    const moved = (await client.patch(`/api/todos/${first.id}`, { listId: list.id })).body;
    const changed = await client.patch(`/api/todos/${first.id}`, { priority: 'high' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ listId: list.id, priority: 'high', version: moved.version + 1 });
    const inbox = await client.patch(`/api/todos/${second.id}`, { priority: 'low' });
    expect(inbox.body).toMatchObject({ priority: 'low', version: moved.version + 2 });

    const pulled = (await client.get(`/api/sync/pull?cursor=${first.version - 1}&limit=1000`)).body;
    const todoChanges = pulled.changes.filter((c: { entity: string }) => c.entity === 'todo');
    expect(todoChanges.map((c: { id: string; version: number }) => [c.id, c.version])).toEqual([
      [first.id, moved.version + 1],
      [second.id, moved.version + 2],
    ]);
    // Each change's event names the title the todo has, though no change above named it.
    const events = (await stack.database
      .knex('outbox')
      .whereRaw("payload->>'userId' = ?", [user.id])
      .andWhere({ type: 'todo.updated' })
      .orderBy('seq')
      .select('payload')) as { payload: { title: string; version: number } }[];
    expect(events.slice(-2).map((e) => [e.payload.title, e.payload.version])).toEqual([
      ['Before', moved.version + 1],
      ['After', moved.version + 2],
    ]);
  });

  it('completes and reopens; completing twice is harmless', async () => {
    const todo = (await api.post('/api/todos', { title: 'Once' })).body;
    const done = await api.post(`/api/todos/${todo.id}/complete`);
    expect(done.status).toBe(200);
    expect(done.body.todo.status).toBe('done');
    expect(done.body.todo.completedAt).not.toBeNull();
    expect(done.body.next).toBeNull();
    const again = await api.post(`/api/todos/${todo.id}/complete`);
    expect(again.body.todo.completedAt).toBe(done.body.todo.completedAt);
    const reopened = await api.post(`/api/todos/${todo.id}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'open', completedAt: null });
  });

  it('completing a recurring todo creates the next occurrence exactly once, even twice at the same moment', async () => {
    const todo = (
      await api.post('/api/todos', {
        title: 'Water plants',
        dueAt: '2099-03-02T09:00:00-05:00',
        timeZone: 'America/New_York',
        recurrence: { type: 'weekly' },
        reminders: [{ offsetMinutes: 15 }],
      })
    ).body;
    const [a, b] = await Promise.all([
      api.post(`/api/todos/${todo.id}/complete`),
      api.post(`/api/todos/${todo.id}/complete`),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.next.id).toBe(b.body.next.id);
    // 09:00 in New York stays 09:00 across the March 8 change to daylight time.
    expect(a.body.next.dueAt).toBe('2099-03-09T13:00:00.000Z');
    expect(a.body.next.reminders[0].remindAt).toBe('2099-03-09T12:45:00.000Z');
    const series = await api.get('/api/todos/search?q=water');
    expect(series.body.items).toHaveLength(2);
    // The next occurrence rolls on in its turn, and completing it via PATCH status works the same way.
    const third = await api.patch(`/api/todos/${a.body.next.id}`, { status: 'done' });
    expect(third.body.status).toBe('done');
    const all = await api.get('/api/todos/search?q=water&sort=dueAt');
    expect(all.body.items.map((t: { dueAt: string }) => t.dueAt)).toEqual([
      '2099-03-02T14:00:00.000Z',
      '2099-03-09T13:00:00.000Z',
      '2099-03-16T13:00:00.000Z',
    ]);
  });

  it('reopening a completed recurring todo removes the occurrence its completion created (undo)', async () => {
    for (const type of ['daily', 'weekly'] as const) {
      const title = `Vitamins ${type} ${randomUUID().slice(0, 6)}`;
      const todo = (
        await api.post('/api/todos', {
          title,
          dueAt: '2099-03-02T08:00:00-05:00',
          timeZone: 'America/New_York',
          recurrence: { type },
        })
      ).body;
      const openOnes = async () =>
        (await api.get(`/api/todos?status=open&q=${encodeURIComponent(title)}`)).body.items.map(
          (t: { id: string }) => t.id,
        );
      const { next } = (await api.post(`/api/todos/${todo.id}/complete`)).body;
      expect(await openOnes()).toEqual([next.id]);
      const reopened = await api.post(`/api/todos/${todo.id}/reopen`);
      expect(reopened.body).toMatchObject({ status: 'open', completedAt: null, dueAt: todo.dueAt });
      expect(await openOnes()).toEqual([todo.id]);
      expect((await api.get(`/api/todos/${next.id}`)).status).toBe(404);
      // Completing it again rolls the series on as the first time did, with the same occurrence.
      const again = (await api.patch(`/api/todos/${todo.id}`, { status: 'done' })).body;
      expect(again.status).toBe('done');
      expect(await openOnes()).toEqual([next.id]);
    }
  });

  it('an undone completion leaves an occurrence that was itself completed', async () => {
    const todo = (
      await api.post('/api/todos', {
        title: 'Stretch',
        dueAt: '2099-04-01T07:00:00Z',
        recurrence: { type: 'daily' },
      })
    ).body;
    const { next } = (await api.post(`/api/todos/${todo.id}/complete`)).body;
    const { next: third } = (await api.post(`/api/todos/${next.id}/complete`)).body;
    await api.post(`/api/todos/${todo.id}/reopen`);
    expect((await api.get(`/api/todos/${next.id}`)).body.status).toBe('done');
    expect((await api.get(`/api/todos/${third.id}`)).body.status).toBe('open');
  });

  it('stops a series at its count and refuses a recurrence without a due date', async () => {
    const todo = (
      await api.post('/api/todos', {
        title: 'Twice only',
        dueAt: '2099-05-01T08:00:00Z',
        recurrence: { type: 'daily', count: 2 },
      })
    ).body;
    const first = await api.post(`/api/todos/${todo.id}/complete`);
    expect(first.body.next).not.toBeNull();
    const second = await api.post(`/api/todos/${first.body.next.id}/complete`);
    expect(second.body.next).toBeNull();
    const undated = (await api.post('/api/todos', { title: 'No date' })).body;
    const refused = await api.post(`/api/todos/${undated.id}/recur`, { type: 'daily' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('sets and clears recurrence through /recur', async () => {
    const todo = (
      await api.post('/api/todos', {
        title: 'Gym',
        dueAt: '2099-06-01T18:00:00+02:00',
        timeZone: 'Europe/Berlin',
      })
    ).body;
    const set = await api.post(`/api/todos/${todo.id}/recur`, {
      type: 'custom',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
      until: '2099-12-31',
    });
    expect(set.status).toBe(200);
    expect(set.body.recurrence).toEqual({
      type: 'custom',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
      until: '2099-12-31',
      count: null,
      fromCompletion: false,
    });
    const bad = await api.post(`/api/todos/${todo.id}/recur`, { type: 'custom', rrule: 'FREQ=SOMETIMES' });
    expect(bad.status).toBe(400);
    const cleared = await api.delete(`/api/todos/${todo.id}/recur`);
    expect(cleared.body.recurrence).toBeNull();
  });

  it('deletes a todo; it is gone and its id cannot be reused', async () => {
    const todo = (await api.post('/api/todos', { title: 'Temporary' })).body;
    expect((await api.delete(`/api/todos/${todo.id}`)).status).toBe(204);
    expect((await api.get(`/api/todos/${todo.id}`)).status).toBe(404);
    expect((await api.delete(`/api/todos/${todo.id}`)).status).toBe(404);
    const reused = await api.post('/api/todos', { id: todo.id, title: 'Again' });
    expect(reused.status).toBe(409);
  });

  it('serves the priority endpoints', async () => {
    const todo = (await api.post('/api/todos', { title: 'Priority check', priority: 'low' })).body;
    const set = await api.put(`/api/todos/${todo.id}/priority`, { priority: 'urgent' });
    expect(set.body.priority).toBe('urgent');
    const urgent = await api.get('/api/todos/priority/urgent?limit=200');
    expect(urgent.status).toBe(200);
    expect(urgent.body.items.map((t: { id: string }) => t.id)).toContain(todo.id);
    expect(urgent.body.items.every((t: { priority: string }) => t.priority === 'urgent')).toBe(true);
    expect((await api.get('/api/todos/priority/critical')).status).toBe(400);
  });
});

// A migration that adds a column while the services run, as a rolling update's old pods see it: the
// statements they prepared keep working. A prepared `SELECT *` failed with "cached plan must not change
// result type" on each pooled connection that had prepared it, until the process restarted.
describe('a column added to todos while the services run', () => {
  it('keeps reading and changing todos', async () => {
    const { id } = (await api.post('/api/todos', { title: 'Before the migration' })).body;
    const change = async (title: string) => {
      const res = await api.patch(`/api/todos/${id}`, { title });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await api.get(`/api/todos/${id}`)).body.title).toBe(title);
    };
    // Prepared on the pooled connections, more than five runs: PostgreSQL keeps a generic plan.
    for (let i = 0; i < 8; i++) await change(`Before ${i}`);
    await stack.database.knex.raw('ALTER TABLE todos ADD COLUMN later_feature text');
    try {
      for (let i = 0; i < 8; i++) await change(`After ${i}`);
    } finally {
      await stack.database.knex.raw('ALTER TABLE todos DROP COLUMN later_feature');
    }
  });
});
