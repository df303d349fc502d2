// The sync protocol through the bff: push applies each mutation once and never wedges on a refused
// one; conflicts follow the rules (per field, last write in server order; a delete wins); pull pages
// through the latest state with tombstones; the stream pokes a person's other devices within a second.
import { randomUUID } from 'node:crypto';
import { nextOccurrence, occurrenceId } from '@todo/recurrence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const DAY = 24 * 3_600_000;
const m = (type: string, payload: unknown) => ({ id: randomUUID() as string, type, payload });

async function push(
  api: ApiClient,
  clientId: string,
  ...mutations: (ReturnType<typeof m> & { createdAt?: string })[]
) {
  const res = await api.post('/api/sync/push', { clientId, mutations });
  expect(res.status, res.text).toBe(200);
  return res.body.results as { id: string; status: string; problem?: { type: string } }[];
}

async function pullAll(api: ApiClient, cursor = 0, limit = 500) {
  const changes: any[] = [];
  for (;;) {
    const res = await api.get(`/api/sync/pull?cursor=${cursor}&limit=${limit}`);
    expect(res.status, res.text).toBe(200);
    changes.push(...res.body.changes);
    cursor = res.body.cursor;
    if (!res.body.more) return { changes, cursor, reset: res.body.reset as boolean };
  }
}

describe('push', () => {
  it('applies a mutation retried any number of times once', async () => {
    const { client } = await signUp(stack.url);
    const create = m('todo.create', { id: randomUUID(), title: 'Pushed once' });
    expect((await push(client, 'device-aaaa', create))[0]!.status).toBe('applied');
    const again = await Promise.all([1, 2, 3].map(() => push(client, 'device-aaaa', create)));
    expect(again.map((r) => r[0]!.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const update = m('todo.update', {
      id: (create.payload as { id: string }).id,
      fields: { title: 'Renamed' },
    });
    await push(client, 'device-aaaa', update);
    await push(client, 'device-aaaa', update);
    const { changes } = await pullAll(client);
    expect(changes).toHaveLength(1);
    expect(changes[0].todo.title).toBe('Renamed');
    expect(changes[0].todo.version).toBe(2);
  });

  it('rejects a refused mutation with its problem and goes on with the rest', async () => {
    const { client } = await signUp(stack.url);
    const results = await push(
      client,
      'device-bbbb',
      m('todo.create', { id: randomUUID(), title: 'first' }),
      m('todo.update', { id: randomUUID(), fields: { title: 'nothing there' } }),
      m('todo.create', { id: randomUUID(), title: '', priority: 'whenever' }),
      m('todo.create', { id: randomUUID(), title: 'last' }),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
    expect(results[1]!.problem!.type).toBe('not-found');
    expect(results[2]!.problem!.type).toBe('validation-error');
    const retried = await push(client, 'device-bbbb', {
      ...m('x', {}),
      id: results[1]!.id,
      type: 'todo.update',
      payload: {},
    });
    expect(retried[0]!.status).toBe('rejected');
    const titles = (await pullAll(client)).changes.map((c) => c.todo.title).sort();
    expect(titles).toEqual(['first', 'last']);
  });

  it('applies a run of 1,000 creates carrying 10,000 reminders, or 12,000 subtasks, in one push', async () => {
    // Within the push's limits (1,000 mutations, 1 MB, 20 reminders and 200 subtasks a todo), yet
    // past PostgreSQL's 65,535 parameters of one statement as a VALUES list: that failed the whole
    // push with 503, and the device would have sent the same queue again for ever.
    const { client } = await signUp(stack.url);
    const soon = Date.now() + DAY;
    const withReminders = Array.from({ length: 1000 }, (_, i) =>
      m('todo.create', {
        id: randomUUID(),
        title: `Reminded ${i}`,
        reminders: Array.from({ length: 10 }, (_, k) => ({
          remindAt: new Date(soon + k * 60_000).toISOString(),
        })),
      }),
    );
    const withSubtasks = Array.from({ length: 1000 }, (_, i) =>
      m('todo.create', {
        id: randomUUID(),
        title: `Checklist ${i}`,
        subtasks: Array.from({ length: 12 }, (_, k) => ({ id: randomUUID(), title: `Step ${k}` })),
      }),
    );
    for (const mutations of [withReminders, withSubtasks]) {
      const results = await push(client, 'bulk-device', ...mutations);
      expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
    }
    const first = (await client.get(`/api/todos/${(withReminders[0]!.payload as { id: string }).id}`)).body;
    expect(first.reminders).toHaveLength(10);
    const last = (await client.get(`/api/todos/${(withSubtasks[999]!.payload as { id: string }).id}`)).body;
    expect(last.subtasks.map((t: { title: string }) => t.title)).toEqual(
      Array.from({ length: 12 }, (_, k) => `Step ${k}`),
    );
  });

  it('refuses a malformed push as a whole with 400', async () => {
    const { client } = await signUp(stack.url);
    expect(
      (
        await client.post('/api/sync/push', {
          clientId: 'device-cccc',
          mutations: [{ id: randomUUID(), type: 'todo.explode', payload: {} }],
        })
      ).status,
    ).toBe(400);
    expect((await client.post('/api/sync/push', { clientId: 'x', mutations: [] })).status).toBe(400);
  });

  it("cannot touch another person's todo", async () => {
    const owner = await signUp(stack.url);
    const other = await signUp(stack.url);
    const todo = (await owner.client.post('/api/todos', { title: 'Mine' })).body;
    const results = await push(
      other.client,
      'device-dddd',
      m('todo.update', { id: todo.id, fields: { title: 'Yours' } }),
      m('todo.delete', { id: todo.id }),
    );
    expect(results.map((r) => r.problem?.type)).toEqual(['not-found', 'not-found']);
    expect((await owner.client.get(`/api/todos/${todo.id}`)).body.title).toBe('Mine');
  });
});

describe('conflicts', () => {
  it('merges edits of different fields and keeps the later write of the same field', async () => {
    const { client } = await signUp(stack.url);
    const id = randomUUID();
    await push(client, 'phone-0001', m('todo.create', { id, title: 'Shared', priority: 'low' }));
    // Both devices were offline; the laptop's push reaches the server after the phone's.
    await push(
      client,
      'phone-0001',
      m('todo.update', { id, fields: { title: 'Phone title', priority: 'high' } }),
    );
    await push(
      client,
      'laptop-001',
      m('todo.update', { id, fields: { title: 'Laptop title', description: 'from laptop' } }),
    );
    const todo = (await client.get(`/api/todos/${id}`)).body;
    expect(todo).toMatchObject({ title: 'Laptop title', priority: 'high', description: 'from laptop' });
  });

  it('lets a delete win over a later edit, and the pull shows a tombstone', async () => {
    const { client } = await signUp(stack.url);
    const id = randomUUID();
    await push(client, 'phone-0002', m('todo.create', { id, title: 'Doomed' }));
    const { cursor } = await pullAll(client);
    await push(client, 'phone-0002', m('todo.delete', { id }));
    const edit = await push(
      client,
      'laptop-002',
      m('todo.update', { id, fields: { title: 'Edited offline' } }),
    );
    expect(edit[0]!.status).toBe('rejected');
    const recreate = await push(client, 'laptop-002', m('todo.create', { id, title: 'Back again' }));
    expect(recreate[0]!.problem!.type).toBe('conflict');
    const { changes } = await pullAll(client, cursor);
    expect(changes).toEqual([{ entity: 'todo', id, version: expect.any(Number), deleted: true, todo: null }]);
  });

  it('makes one next occurrence when two offline devices complete the same recurring todo', async () => {
    const { client } = await signUp(stack.url);
    const id = randomUUID();
    await push(
      client,
      'phone-0003',
      m('todo.create', {
        id,
        title: 'Weekly review',
        dueAt: '2099-11-06T17:00:00+01:00',
        timeZone: 'Europe/Berlin',
        recurrence: { type: 'weekly' },
      }),
    );
    const [a, b] = await Promise.all([
      push(client, 'phone-0003', m('todo.complete', { id })),
      push(client, 'laptop-003', m('todo.complete', { id })),
    ]);
    expect([a[0]!.status, b[0]!.status]).toEqual(['applied', 'applied']);
    const { changes } = await pullAll(client);
    const todos = changes.map((c) => c.todo);
    expect(todos).toHaveLength(2);
    const next = todos.find((t) => t.id !== id);
    expect(next.dueAt).toBe('2099-11-13T16:00:00.000Z');
    expect(next.status).toBe('open');
  });

  it('pulls a recurring todo with its place in the series, so a device makes the server’s next occurrence', async () => {
    const { client } = await signUp(stack.url);
    // Created through the API, as on another device: this device learns the series from the pull.
    const made = (
      await client.post('/api/todos', {
        title: 'Standup',
        dueAt: '2099-03-06T14:00:00Z',
        timeZone: 'America/New_York',
        recurrence: { type: 'custom', rrule: 'FREQ=WEEKLY;BYDAY=MO,FR' },
      })
    ).body;
    const pulled = (await pullAll(client)).changes.find((c) => c.id === made.id).todo;
    expect(pulled).toMatchObject({
      seriesId: made.id,
      seriesStart: '2099-03-06T14:00:00.000Z',
      occurrenceIndex: 1,
    });
    const predicted = nextOccurrence({
      recurrence: pulled.recurrence,
      seriesStart: pulled.seriesStart,
      timeZone: pulled.timeZone,
      currentDueAt: pulled.dueAt,
      completedAt: new Date().toISOString(),
      occurrenceIndex: pulled.occurrenceIndex,
    })!;
    // Monday after the change to summer time: still 09:00 in New York.
    expect(predicted).toBe('2099-03-09T13:00:00.000Z');

    await push(client, 'phone-0005', m('todo.complete', { id: made.id }));
    const next = (await pullAll(client)).changes.find((c) => c.todo && c.id !== made.id).todo;
    expect(next).toMatchObject({
      id: occurrenceId(pulled.seriesId, predicted),
      dueAt: predicted,
      seriesId: made.id,
      seriesStart: '2099-03-06T14:00:00.000Z',
      occurrenceIndex: 2,
    });
    // The public API's todo stays as API.md has it.
    expect((await client.get(`/api/todos/${made.id}`)).body).not.toHaveProperty('seriesId');
  });

  it('counts a from-completion series from when the device completed it, not from when it synced', async () => {
    const { client } = await signUp(stack.url);
    const today = new Date(new Date().toISOString().slice(0, 10));
    const at = (days: number, hour: number) => new Date(today.getTime() + days * DAY + hour * 3_600_000);
    const seen = new Set<string>();
    const completeAt = async (createdAt: Date) => {
      const id = randomUUID();
      const dueAt = at(-10, 9).toISOString();
      const todo = {
        id,
        title: 'Water plants',
        dueAt,
        timeZone: 'UTC',
        recurrence: { type: 'daily', fromCompletion: true },
      };
      await push(client, 'phone-0004', m('todo.create', todo));
      await push(client, 'phone-0004', { ...m('todo.complete', { id }), createdAt: createdAt.toISOString() });
      const { changes } = await pullAll(client);
      const done = changes.find((c) => c.id === id).todo;
      const next = changes.find((c) => c.todo?.status === 'open' && !seen.has(c.id)).todo;
      seen.add(next.id);
      // What a device computes from the pulled todo for a completion at `when`.
      const predict = (when: Date) =>
        nextOccurrence({
          recurrence: done.recurrence,
          seriesStart: done.seriesStart,
          timeZone: 'UTC',
          currentDueAt: done.dueAt,
          completedAt: when.toISOString(),
          occurrenceIndex: done.occurrenceIndex,
        });
      return { done, next, predict };
    };
    // Completed offline three days ago at 15:00: done then, the next one the day after at 09:00, as
    // the device showed it, not tomorrow's.
    const threeDaysAgo = at(-3, 15);
    const offline = await completeAt(threeDaysAgo);
    expect(offline.done.completedAt).toBe(threeDaysAgo.toISOString());
    expect(offline.next.dueAt).toBe(at(-2, 9).toISOString());
    expect(offline.next.dueAt).toBe(offline.predict(threeDaysAgo));
    expect(offline.next.dueAt).not.toBe(offline.predict(new Date()));
    // A clock in the future or far in the past is not believed: the server's time counts.
    for (const wrong of [new Date(Date.now() + DAY), new Date(Date.now() - 60 * DAY)]) {
      const before = Date.now();
      const result = await completeAt(wrong);
      expect(Date.parse(result.done.completedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(result.next.dueAt)).toBeGreaterThan(before);
    }
  });
});

describe('pull', () => {
  it('pages through changes since a cursor, latest state only, tags and tombstones included', async () => {
    const { client } = await signUp(stack.url);
    const tagId = randomUUID();
    await push(client, 'device-eeee', m('tag.create', { id: tagId, name: 'home' }));
    const ids = Array.from({ length: 23 }, () => randomUUID());
    await push(
      client,
      'device-eeee',
      ...ids.map((id, i) => m('todo.create', { id, title: `todo ${i}`, tagIds: [tagId] })),
    );
    const all = await pullAll(client, 0, 5);
    expect(all.changes).toHaveLength(24);
    expect(all.changes.map((c) => c.version)).toEqual(
      [...all.changes.map((c) => c.version)].sort((x, y) => x - y),
    );
    expect(all.changes[0]).toEqual({
      entity: 'tag',
      id: tagId,
      version: 1,
      deleted: false,
      tag: { id: tagId, name: 'home', color: expect.any(String) },
    });
    await push(
      client,
      'device-eeee',
      m('todo.update', { id: ids[3], fields: { priority: 'urgent' } }),
      m('todo.delete', { id: ids[4] }),
      m('tag.delete', { id: tagId }),
    );
    const since = await pullAll(client, all.cursor);
    const byId = new Map(since.changes.map((c) => [c.id, c]));
    expect(byId.get(ids[4]!)).toMatchObject({ deleted: true, todo: null });
    expect(byId.get(tagId)).toMatchObject({ entity: 'tag', deleted: true, tag: null });
    expect(byId.get(ids[3]!).todo).toMatchObject({ priority: 'urgent', tags: [] });
    // Removing the tag changed every todo that had it; each appears once, at its latest version.
    expect(since.changes).toHaveLength(24);
    const empty = await client.get(`/api/sync/pull?cursor=${since.cursor}`);
    expect(empty.body).toEqual({ changes: [], cursor: since.cursor, more: false, reset: false });
  });

  it('pulls each todo as the API answers it, several tags and reminders in the same order', async () => {
    const { client } = await signUp(stack.url);
    const tagIds = ['Zebra', 'apple', 'Mango'].map(() => randomUUID());
    const many = randomUUID();
    const one = randomUUID();
    const due = new Date(Date.now() + 3 * DAY).toISOString();
    await push(
      client,
      'device-ffff',
      ...['Zebra', 'apple', 'Mango'].map((name, i) => m('tag.create', { id: tagIds[i], name })),
      m('todo.create', {
        id: many,
        title: 'Several of each',
        dueAt: due,
        tagIds,
        reminders: [{ offsetMinutes: 10 }, { offsetMinutes: 120 }, { offsetMinutes: 30 }],
        recurrence: { type: 'weekly' },
      }),
      m('todo.create', {
        id: one,
        title: 'One of each',
        dueAt: due,
        tagIds: [tagIds[0]],
        reminders: [{ offsetMinutes: 5 }],
      }),
    );
    const pulled = new Map((await pullAll(client)).changes.map((c) => [c.id, c.todo]));
    for (const id of [many, one]) {
      const res = await client.get(`/api/todos/${id}`);
      expect(res.status, res.text).toBe(200);
      // The pull adds the todo's place in its series to what the API says of it.
      const { seriesId, seriesStart, occurrenceIndex, ...todo } = pulled.get(id);
      expect(todo).toEqual(res.body);
      expect({ seriesId, seriesStart, occurrenceIndex }).toEqual(
        id === many
          ? { seriesId: many, seriesStart: new Date(due).toISOString(), occurrenceIndex: 1 }
          : { seriesId: null, seriesStart: null, occurrenceIndex: 1 },
      );
    }
    expect(pulled.get(many).tags.map((t: { name: string }) => t.name)).toEqual(['apple', 'Mango', 'Zebra']);
    expect(pulled.get(many).reminders).toHaveLength(3);
  });

  it('tells a client whose cursor is older than the tombstone horizon to start again', async () => {
    const { client } = await signUp(stack.url);
    const id = randomUUID();
    await push(client, 'device-ffff', m('todo.create', { id, title: 'gone soon' }));
    const { cursor } = await pullAll(client);
    await push(
      client,
      'device-ffff',
      m('todo.delete', { id }),
      m('todo.create', { id: randomUUID(), title: 'stays' }),
    );
    await stack.core.compact(new Date(Date.now() + 60_000));
    const res = await client.get(`/api/sync/pull?cursor=${cursor}`);
    expect(res.body).toMatchObject({ reset: true, changes: [] });
    const fresh = await pullAll(client, 0);
    expect(fresh.changes.map((c) => c.todo?.title)).toEqual(['stays']);
  });
});

describe('stream', () => {
  function open(api: ApiClient, clientId: string) {
    const controller = new AbortController();
    const events: { event: string; data: string; at: number }[] = [];
    const ready = (async () => {
      const res = await fetch(`${stack.url}/api/sync/stream?clientId=${clientId}`, {
        headers: { cookie: api.cookie!, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      return res.body!.getReader();
    })();
    const reading = ready.then(async (reader) => {
      let buffer = '';
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            if (event) events.push({ event, data: /^data: (.*)$/m.exec(frame)?.[1] ?? '', at: Date.now() });
          }
        }
      } catch {
        /* aborted */
      }
    });
    return { events, close: () => (controller.abort(), reading) };
  }

  const until = async (check: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    return check();
  };

  it("pokes the person's other devices within a second, not the one that made the change", async () => {
    const { client } = await signUp(stack.url);
    const stranger = await signUp(stack.url);
    const phone = open(client, 'phone-stream');
    const laptop = open(client, 'laptop-stream');
    const other = open(stranger.client, 'other-stream');
    expect(
      await until(() => [phone, laptop, other].every((s) => s.events.some((e) => e.event === 'ready')), 5000),
    ).toBe(true);
    const sent = Date.now();
    await push(client, 'phone-stream', m('todo.create', { id: randomUUID(), title: 'Realtime' }));
    expect(await until(() => laptop.events.some((e) => e.event === 'change'), 1000)).toBe(true);
    const poke = laptop.events.find((e) => e.event === 'change')!;
    expect(poke.at - sent).toBeLessThan(1000);
    expect(JSON.parse(poke.data)).toEqual({ version: 1 });
    // A change through the plain API has no device of origin: every device hears of it.
    await client.post('/api/todos', { title: 'From the API' });
    expect(await until(() => phone.events.some((e) => e.event === 'change'), 1000)).toBe(true);
    expect(phone.events.filter((e) => e.event === 'change').map((e) => JSON.parse(e.data))).toEqual([
      { version: 2 },
    ]);
    expect(other.events.filter((e) => e.event === 'change')).toEqual([]);
    await Promise.all([phone.close(), laptop.close(), other.close()]);
  });

  it('refuses a stream without a session', async () => {
    const res = await fetch(`${stack.url}/api/sync/stream`);
    expect(res.status).toBe(401);
  });
});
