// The activity history (GET /api/activity, kept by the worker from todo-events), and the outbox end to
// end: events written while the relay is stopped all arrive once it starts, once per consumer group,
// in order per person; a redelivered event lands in the history once.
import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@todo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';
import { OutboxRepository, type OutboxRow } from '../../core-service/src/modules/outbox/outbox.repository.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({}, { ownDatabase: true });
});
afterAll(() => stack?.close());

interface Item {
  id: string;
  type: string;
  todoId: string | null;
  at: string;
  summary: string;
}

async function activity(
  client: ApiClient,
  query = '',
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const res = await client.get(`/api/activity${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Waits until the person's history holds `count` items (the worker consumes asynchronously). */
async function historyOf(client: ApiClient, count: number, query = '') {
  return waitFor(
    async () => {
      const page = await activity(client, `${query}${query ? '&' : '?'}limit=200`);
      return page.items.length >= count ? page.items : null;
    },
    { what: `${count} history items` },
  );
}

describe('activity history', () => {
  it('lists the person’s changes newest first, each with a summary', async () => {
    const { client } = await signUp(stack.url);
    const todo = (await client.post('/api/todos', { title: 'Buy milk' })).body;
    await client.patch(`/api/todos/${todo.id}`, { title: 'Buy oat milk', priority: 'high' });
    await client.post(`/api/todos/${todo.id}/complete`);
    await client.delete(`/api/todos/${todo.id}`);
    const tag = (await client.post('/api/tags', { name: 'errands' })).body;
    await client.delete(`/api/tags/${tag.id}`);

    const items = await historyOf(client, 6);
    expect(items.map((i) => [i.type, i.summary])).toEqual([
      ['tag.deleted', 'Deleted tag "errands"'],
      ['tag.created', 'Created tag "errands"'],
      ['todo.deleted', 'Deleted "Buy oat milk"'],
      ['todo.completed', 'Completed "Buy oat milk"'],
      ['todo.updated', 'Changed title, priority of "Buy oat milk"'],
      ['todo.created', 'Created "Buy milk"'],
    ]);
    expect(items.slice(2).every((i) => i.todoId === todo.id)).toBe(true);
    expect(items.slice(0, 2).every((i) => i.todoId === null)).toBe(true);
    for (const item of items) {
      expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(item.at)).toBeGreaterThan(Date.now() - 60_000);
    }
    const times = items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('says what really became of a reminder: due, and no channel delivered it', async () => {
    const { client } = await signUp(stack.url);
    const remindAt = new Date(Date.now() - 1000).toISOString();
    const todo = (await client.post('/api/todos', { title: 'Stretch', reminders: [{ remindAt }] })).body;
    const items = await historyOf(client, 3);
    expect(items.map((i) => [i.type, i.summary])).toEqual([
      [
        'reminder.undelivered',
        'Reminder for "Stretch": no channel delivered it (no device is subscribed to push; email reminders are off)',
      ],
      ['todo.updated', 'Reminder due for "Stretch"'],
      ['todo.created', 'Created "Stretch"'],
    ]);
    expect(items.every((i) => i.todoId === todo.id)).toBe(true);

    // A device with the app open showed it: the history says so, once, and nobody else can claim it.
    const shown = { reminderId: todo.reminders[0].id, remindAt };
    expect((await client.post('/api/notifications/shown', shown)).status).toBe(204);
    expect((await client.post('/api/notifications/shown', shown)).status).toBe(204);
    const after = await historyOf(client, 4);
    expect(after[0]).toMatchObject({
      type: 'reminder.shown',
      todoId: todo.id,
      summary: 'Reminder for "Stretch" shown on a device with the app open',
    });
    const stranger = await signUp(stack.url);
    const refused = await stranger.client.post('/api/notifications/shown', shown);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.text).not.toContain('Stretch');
    const notYet = { reminderId: todo.reminders[0].id, remindAt: '2099-01-01T09:00:00Z' };
    expect((await client.post('/api/notifications/shown', notYet)).status).toBe(404);
    const bad = await client.post('/api/notifications/shown', { reminderId: 'x', remindAt: 'soon' });
    expect(bad.status).toBe(400);
  });

  it('a new default reminder time is not logged as an edit of every all-day todo', async () => {
    const { client } = await signUp(stack.url, { timeZone: 'America/New_York' });
    const todo = (
      await client.post('/api/todos', { title: 'Pay rent', dueAt: '2099-12-01T12:00:00Z', allDay: true })
    ).body;
    expect((await client.patch('/api/settings', { defaultReminderTime: '07:30' })).status).toBe(200);
    const moved = (await client.get(`/api/todos/${todo.id}`)).body;
    expect(moved.reminders).toMatchObject([{ timeOfDay: '07:30' }]);
    // A later edit arrives after the settings' change: the history has it, and nothing between.
    await client.patch(`/api/todos/${todo.id}`, { priority: 'high' });
    const items = await historyOf(client, 2, `?todoId=${todo.id}`);
    expect(items.map((i) => i.summary)).toEqual(['Changed priority of "Pay rent"', 'Created "Pay rent"']);
  });

  it('says which channels can deliver reminders', async () => {
    const { client } = await signUp(stack.url);
    const res = await client.get('/api/notifications/channels');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ push: { devices: 0 }, email: { configured: false } });
    expect((await new ApiClient(stack.url).get('/api/notifications/channels')).status).toBe(401);
  });

  it('shows a second person none of the first person’s history', async () => {
    const owner = await signUp(stack.url);
    const stranger = await signUp(stack.url);
    const todo = (await owner.client.post('/api/todos', { title: 'Secret plan' })).body;
    await owner.client.post(`/api/todos/${todo.id}/complete`);
    await historyOf(owner.client, 2);
    expect((await activity(stranger.client)).items).toEqual([]);
    const filtered = await activity(stranger.client, `?todoId=${todo.id}`);
    expect(filtered.items).toEqual([]);
    expect(JSON.stringify(filtered)).not.toContain('Secret plan');
    expect((await new ApiClient(stack.url).get('/api/activity')).status).toBe(401);
  });

  it('pages with the cursor and filters by todo', async () => {
    const { client } = await signUp(stack.url);
    const first = (await client.post('/api/todos', { title: 'First' })).body;
    const second = (await client.post('/api/todos', { title: 'Second' })).body;
    for (const priority of ['low', 'high', 'urgent']) {
      await client.patch(`/api/todos/${first.id}`, { priority });
      await client.patch(`/api/todos/${second.id}`, { priority });
    }
    const all = await historyOf(client, 8);
    expect(all).toHaveLength(8);

    const pages: Item[][] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await activity(
        client,
        `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(pages.flat()).toEqual(all);

    const onlyFirst = await activity(client, `?todoId=${first.id}&limit=2`);
    expect(onlyFirst.items.map((i) => i.summary)).toEqual([
      'Changed priority of "First"',
      'Changed priority of "First"',
    ]);
    const rest = await activity(client, `?todoId=${first.id}&cursor=${onlyFirst.nextCursor}`);
    expect(rest.items.map((i) => i.summary)).toEqual(['Changed priority of "First"', 'Created "First"']);
    expect(rest.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not give out and a limit out of range', async () => {
    const { client } = await signUp(stack.url);
    const forged = await client.get('/api/activity?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.type).toBe('validation-error');
    expect((await client.get('/api/activity?limit=0')).status).toBe(400);
    expect((await client.get('/api/activity?limit=201')).status).toBe(400);
    expect((await client.get('/api/activity?todoId=nope')).status).toBe(400);
  });

  it('records an event delivered twice once, and drops an invalid one', async () => {
    const { client, user } = await signUp(stack.url);
    const seen: BusEvent[] = [];
    await stack.bus.subscribe('todo-events', `probe-${randomUUID()}`, async (event) => {
      if (event.subject === user.id) seen.push(event);
      return 'SUCCESS';
    });
    await client.post('/api/todos', { title: 'Once only' });
    const created = await waitFor(() => seen[0], { what: 'the todo.created event' });
    await stack.bus.publish('todo-events', created);
    await stack.bus.publish('todo-events', created);
    const invalid: BusEvent = { ...created, id: randomUUID(), data: { userId: user.id } };
    await stack.bus.publish('todo-events', invalid);
    // Events of one group are handled in order: once this later change is in the history, the
    // duplicates and the invalid event have been handled too.
    await client.post('/api/todos', { title: 'Later' });
    const items = await historyOf(client, 2);
    expect(items.map((i) => i.summary)).toEqual(['Created "Later"', 'Created "Once only"']);
    // Dropped at once by the worker (and by the bff's own group), never retried to exhaustion.
    const reasons = stack.dropped.filter((d) => d.event.id === invalid.id).map((d) => d.reason);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((r) => r === 'handler dropped it')).toBe(true);
  });
});

describe('the outbox, end to end', () => {
  it('delivers everything written while the relay was stopped: once per group, in order per person', async () => {
    const a = await signUp(stack.url);
    const b = await signUp(stack.url);
    const people = new Set([a.user.id, b.user.id]);
    await stack.core.relay.stop();
    try {
      const ta = (await a.client.post('/api/todos', { title: 'A one' })).body;
      const tb = (await b.client.post('/api/todos', { title: 'B one' })).body;
      for (let i = 0; i < 5; i++) {
        await a.client.patch(`/api/todos/${ta.id}`, { title: `A v${i}` });
        await b.client.patch(`/api/todos/${tb.id}`, { title: `B v${i}` });
      }
      await a.client.post(`/api/todos/${ta.id}/complete`);
      await b.client.delete(`/api/todos/${tb.id}`);
      await a.client.post('/api/tags', { name: 'late' });
      // Nothing left the outbox yet.
      expect((await activity(a.client)).items).toEqual([]);
    } finally {
      // Two more consumer groups attach now; the worker's audit group was there all along.
      const groups: Record<string, BusEvent[]> = { first: [], second: [] };
      for (const name of Object.keys(groups)) {
        await stack.bus.subscribe('todo-events', `outbox-${name}-${randomUUID()}`, async (event) => {
          if (event.subject && people.has(event.subject)) groups[name]!.push(event);
          return 'SUCCESS';
        });
      }
      stack.core.relay.start();
      const written = (await stack.database
        .knex('outbox')
        .whereIn('partitionKey', [...people])
        .where({ topic: 'todo-events' })
        .orderBy('seq')
        .select('id')) as { id: string }[];
      expect(written).toHaveLength(15);
      for (const [name, events] of Object.entries(groups)) {
        await waitFor(() => events.length >= written.length, { what: `group ${name}` });
        await new Promise((r) => setTimeout(r, 200));
        expect(events.map((e) => e.id)).toEqual(written.map((w) => w.id));
        for (const person of people) {
          const versions = events
            .filter((e) => e.subject === person)
            .map((e) => (e.data as { version: number }).version);
          expect(versions).toEqual([...versions].sort((x, y) => x - y));
          expect(new Set(versions).size).toBe(versions.length);
        }
      }
      const ofA = await historyOf(a.client, 8);
      const ofB = await historyOf(b.client, 7);
      expect(ofA).toHaveLength(8);
      expect(ofB).toHaveLength(7);
      expect(new Set([...ofA, ...ofB].map((i) => i.id))).toEqual(new Set(written.map((w) => w.id)));
      expect(ofA.map((i) => i.summary).slice(0, 3)).toEqual([
        'Created tag "late"',
        'Completed "A v4"',
        'Changed title of "A v4"',
      ]);
      expect(ofB[0]!.summary).toBe('Deleted "B v4"');
    }
  });

  it("drains everyone's events but a held person's, and theirs later in order", async () => {
    const a = await signUp(stack.url);
    const b = await signUp(stack.url);
    await stack.core.relay.stop();
    const outbox = new OutboxRepository(stack.database.knex);
    try {
      await stack.core.relay.flush(); // what other tests left
      const ta = (await a.client.post('/api/todos', { title: 'A one' })).body;
      await b.client.post('/api/todos', { title: 'B one' });
      await a.client.patch(`/api/todos/${ta.id}`, { title: 'A two' });
      const taken: OutboxRow[] = [];
      const take = async (rows: OutboxRow[]) => {
        taken.push(...rows);
        return rows.length;
      };
      expect(await outbox.drain(100, take, [a.user.id])).toBe(1);
      expect(taken.map((r) => r.partitionKey)).toEqual([b.user.id]);
      expect(await outbox.drain(100, take)).toBe(2);
      expect(taken.slice(1).map((r) => [r.partitionKey, (r.payload as { version: number }).version])).toEqual(
        [
          [a.user.id, 1],
          [a.user.id, 2],
        ],
      );
    } finally {
      stack.core.relay.start();
    }
  });
});
