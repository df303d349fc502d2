// The local sync rules on examples a person would recognise: offline edits on two devices, a refused
// change, recurring todos completed on two devices, and a server that forgot our cursor.
import { nextOccurrence, occurrenceId } from '@todo/recurrence';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/ids.ts';
import { predictNext, reopening } from './next-occurrence.ts';
import type { Pending } from './apply.ts';
import { Device, mutation, serverState } from './testing/harness.ts';
import { ModelServer } from './testing/model-server.ts';
import { pullAll } from './cycle.ts';

const lib = { nextOccurrence, occurrenceId };
type Reopen = Extract<Pending, { type: 'todo.reopen' }>;

async function twoDevicesWithTodo(fields: Record<string, unknown> = {}) {
  const server = new ModelServer({ exposeSeries: true });
  const a = new Device('device-a-0001', server);
  const b = new Device('device-b-0001', server);
  const id = uuidv7();
  await a.write(mutation('todo.create', { id, title: 'Plan trip', priority: 'low', ...fields }));
  await a.sync();
  await b.sync();
  return { server, a, b, id };
}

describe('offline edits on two devices', () => {
  it('keeps both changes to different fields, and the later-pushed one for the same field', async () => {
    const { server, a, b, id } = await twoDevicesWithTodo();
    await a.write(mutation('todo.update', { id, fields: { title: 'Plan the trip', priority: 'high' } }));
    await b.write(
      mutation('todo.update', { id, fields: { title: 'Plan holidays', description: 'Lisbon?' } }),
    );
    // b's local view keeps its own edits until it syncs
    expect(b.todos()[0]).toMatchObject({ title: 'Plan holidays', priority: 'low', description: 'Lisbon?' });
    await a.sync();
    await b.sync();
    await a.sync();
    const expected = { title: 'Plan holidays', priority: 'high', description: 'Lisbon?' };
    expect(a.todos()).toHaveLength(1);
    expect(a.todos()[0]).toMatchObject(expected);
    expect(b.todos()[0]).toMatchObject(expected);
    expect(serverState(server).todos[0]).toMatchObject(expected);
  });

  it('a delete wins over an edit made elsewhere, and the edit is dropped with a notice', async () => {
    const { a, b, id } = await twoDevicesWithTodo();
    await a.write(mutation('todo.delete', { id }));
    await b.write(mutation('todo.update', { id, fields: { title: 'Still here?' } }));
    await a.sync();
    await b.sync();
    expect(a.todos()).toEqual([]);
    expect(b.todos()).toEqual([]);
    expect(b.rejected).toBe(1);
    expect(b.store.outbox).toEqual([]);
  });

  it('an outbox row stays after the push until a pull shows the server has it', async () => {
    const { a, id } = await twoDevicesWithTodo();
    await a.write(mutation('todo.complete', { id }));
    await a.push();
    expect(a.store.states()).toEqual(['acked']);
    expect(a.todos()[0]!.status).toBe('done');
    await a.pull();
    expect(a.store.outbox).toEqual([]);
    expect(a.store.todos.get(id)!.base).toBeUndefined();
  });

  it('a refused change is undone locally: the todo returns to what the server has', async () => {
    const { a, id } = await twoDevicesWithTodo();
    const missingTag = uuidv7();
    await a.write(mutation('todo.addTags', { id, tagIds: [missingTag] }));
    expect(a.todos()[0]!.tagIds).toEqual([missingTag]);
    await a.sync();
    expect(a.rejected).toBe(1);
    expect(a.todos()[0]!.tagIds).toEqual([]);
  });

  it('a todo created offline and deleted before syncing never reaches the server', async () => {
    const server = new ModelServer();
    const a = new Device('device-a-0001', server);
    const id = uuidv7();
    await a.write(mutation('todo.create', { id, title: 'Oops', priority: 'low' }));
    await a.write(mutation('todo.delete', { id }));
    expect(a.todos()).toEqual([]);
    await a.sync();
    expect(a.rejected).toBe(0);
    expect(serverState(server).todos).toEqual([]);
    expect(a.store.todos.size).toBe(0);
  });
});

describe('recurring todos', () => {
  const weekly = {
    dueAt: '2030-03-04T09:00:00.000Z',
    timeZone: 'Europe/Berlin',
    recurrence: { type: 'weekly' as const },
  };

  it('completing offline shows the next occurrence at once, with the id the server makes', async () => {
    const { server, a, id } = await twoDevicesWithTodo(weekly);
    const todo = a.todos()[0]!;
    expect(todo.series).toEqual({ id, start: weekly.dueAt, index: 1 });
    const next = predictNext(todo, '2030-03-04T10:00:00.000Z', lib, uuidv7)!;
    expect(next.dueAt).toBe('2030-03-11T09:00:00.000Z');
    await a.write({ ...mutation('todo.complete', { id }), next });
    expect(a.todos().map((t) => [t.id, t.status])).toEqual(
      [
        [id, 'done'],
        [next.id, 'open'],
      ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    await a.sync();
    const ids = serverState(server).todos.map((t) => t.id);
    expect(ids.sort()).toEqual([id, next.id].sort());
    expect(
      a
        .todos()
        .map((t) => t.id)
        .sort(),
    ).toEqual(ids);
  });

  it('two devices completing the same occurrence offline make one next occurrence', async () => {
    const { server, a, b, id } = await twoDevicesWithTodo(weekly);
    for (const d of [a, b]) {
      const next = predictNext(d.todos()[0]!, '2030-03-04T10:00:00.000Z', lib, uuidv7)!;
      await d.write({ ...mutation('todo.complete', { id }), next });
    }
    await a.sync();
    await b.sync();
    await a.sync();
    expect(serverState(server).todos).toHaveLength(2);
    expect(a.todos()).toHaveLength(2);
    expect(b.todos()).toHaveLength(2);
    expect(b.todos().map((t) => t.id)).toEqual(a.todos().map((t) => t.id));
  });

  it('undoing a completion removes the occurrence it made, here, on the server and on the other device', async () => {
    const { server, a, b, id } = await twoDevicesWithTodo(weekly);
    const completedAt = '2030-03-04T10:00:00.000Z';
    const next = predictNext(a.todos()[0]!, completedAt, lib, uuidv7)!;
    await a.write({ ...mutation('todo.complete', { id }), createdAt: completedAt, next });
    await a.sync();
    await b.sync();
    expect(b.todos()).toHaveLength(2);
    // Offline: the undo shows at once, before any push.
    const undo = await reopening(
      mutation('todo.reopen', { id }) as Reopen,
      a.todos().find((t) => t.id === id),
    );
    expect(undo).toMatchObject({ undoes: next.id });
    await a.write(undo);
    expect(a.todos().map((t) => [t.id, t.status])).toEqual([[id, 'open']]);
    await a.sync();
    await b.sync();
    expect(serverState(server).todos.map((t) => [t.id, t.status])).toEqual([[id, 'open']]);
    expect(b.todos().map((t) => [t.id, t.status])).toEqual([[id, 'open']]);
    // Completing again brings the same occurrence back everywhere.
    await b.write({
      ...mutation('todo.complete', { id }),
      next: predictNext(b.todos()[0]!, completedAt, lib, uuidv7)!,
    });
    await b.sync();
    await a.sync();
    expect(
      a
        .todos()
        .map((t) => t.id)
        .sort(),
    ).toEqual([id, next.id].sort());
    expect(serverState(server).todos).toHaveLength(2);
  });

  it('keeps the series known here when the server does not send it', async () => {
    const server = new ModelServer({ exposeSeries: false });
    const a = new Device('device-a-0001', server);
    const id = uuidv7();
    await a.write(mutation('todo.create', { id, title: 'Water plants', ...weekly }));
    await a.sync();
    expect(a.todos()[0]!.series).toEqual({ id, start: weekly.dueAt, index: 1 });
    await a.write(mutation('todo.update', { id, fields: { dueAt: '2030-03-05T09:00:00Z' } }));
    await a.sync();
    expect(a.todos()[0]!.series).toEqual({ id, start: '2030-03-05T09:00:00.000Z', index: 1 });
  });
});

describe('a server that forgot our cursor', () => {
  it('pulls everything again and keeps what was made here and not yet pushed', async () => {
    const server = new ModelServer();
    const a = new Device('device-a-0001', server);
    await a.write(mutation('todo.create', { id: uuidv7(), title: 'Synced', priority: 'low' }));
    await a.sync();
    await a.write(mutation('todo.create', { id: uuidv7(), title: 'Local only', priority: 'low' }));
    let first = true;
    const api = server.api();
    await pullAll(a.run, {
      ...api,
      pull: async (cursor, limit) => {
        if (first) {
          first = false;
          return { changes: [], cursor: 0, more: false, reset: true };
        }
        return api.pull(cursor, limit);
      },
    });
    expect(
      a
        .todos()
        .map((t) => t.title)
        .sort(),
    ).toEqual(['Local only', 'Synced']);
    await a.sync();
    expect(
      serverState(server)
        .todos.map((t) => t.title)
        .sort(),
    ).toEqual(['Local only', 'Synced']);
  });
});

describe('push batches and the server’s body limit', () => {
  it('splits a batch the server finds too large, and drops (with a notice) a change too large alone', async () => {
    const { pushAll } = await import('./cycle.ts');
    const server = new ModelServer();
    const d = new Device('device-big-0001', server);
    const long = 'x'.repeat(20_000);
    const ids = Array.from({ length: 12 }, () => uuidv7());
    for (const id of ids) await d.write(mutation('todo.create', { id, title: 'Long', description: long }));
    const huge = uuidv7();
    await d.write(mutation('todo.create', { id: huge, title: 'Huge', description: 'y'.repeat(120_000) }));
    const api = server.api();
    const sizes: number[] = [];
    const limited = {
      ...api,
      push: async (body: Parameters<typeof api.push>[0]) => {
        const size = JSON.stringify(body).length;
        if (size > 100_000) throw Object.assign(new Error('too large'), { status: 413 });
        sizes.push(body.mutations.length);
        return api.push(body);
      },
    };
    const rejected: string[] = [];
    await pushAll(d.run, limited, d.clientId, {
      rejected: (rs) => rejected.push(...rs.map((r) => r.detail)),
    });
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
    expect(Math.max(...sizes)).toBeLessThan(12);
    expect(rejected).toEqual(['the change is too large to send']);
    await d.pull();
    expect(
      d
        .todos()
        .map((t) => t.id)
        .sort(),
    ).toEqual([...ids].sort());
  });

  it('sends a backlog in order, one batch on its way at a time, and sends again what an answer left out', async () => {
    const { pushAll, PUSH_BATCH } = await import('./cycle.ts');
    const server = new ModelServer();
    const d = new Device('device-backlog-01', server);
    const ids = Array.from({ length: 2 * PUSH_BATCH + 150 }, () => uuidv7());
    await d.write(...ids.map((id, i) => mutation('todo.create', { id, title: `Backlog ${i}` })));
    const api = server.api();
    let inFlight = 0;
    let answers = 0;
    const sentIds: string[] = [];
    const checked = {
      ...api,
      push: async (body: Parameters<typeof api.push>[0]) => {
        expect(inFlight).toBe(0);
        inFlight++;
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        sentIds.push(...body.mutations.map((m) => m.id));
        const result = await api.push(body);
        // The second answer covers only half its batch: the rest must come again, first in the next.
        return ++answers === 2 ? { results: result.results.slice(0, 100) } : result;
      },
    };
    const sent = await pushAll(d.run, checked, d.clientId);

    const queuedIds = (await d.run((tx) => tx.outbox())).map((row) => row.id);
    const firstSeen = [...new Set(sentIds)];
    expect(firstSeen).toEqual(queuedIds); // every mutation sent, first sends in queue order
    expect(sentIds.length).toBe(queuedIds.length + (PUSH_BATCH - 100)); // the unanswered ones twice
    expect(sent).toBe(sentIds.length);
    expect(await d.run((tx) => tx.queued(10))).toEqual([]); // all acknowledged
    await d.pull();
    expect(d.todos()).toHaveLength(ids.length);
  });
});
