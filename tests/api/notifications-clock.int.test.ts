// Several reminder clocks (replicas, or a cron binding firing on each of them) ticking at the same time
// claim each due reminder once: one reminder.due event per reminder, no more, no fewer. The embedded
// timer is off here (REMINDER_TICK_MS=0), so only the ticks below claim anything.
import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@todo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: TestStack;
const due: BusEvent[] = [];

beforeAll(async () => {
  stack = await startStack({}, { ownDatabase: true, core: { REMINDER_TICK_MS: '0' } });
  await stack.bus.subscribe('reminder-events', 'clock-probe', async (event) => {
    due.push(event);
    return 'SUCCESS';
  });
});
afterAll(() => stack?.close());

describe('two reminder clocks ticking together', () => {
  it('claim each of 50 due reminders once', async () => {
    const { client, user } = await signUp(stack.url);
    const past = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const todos = [];
    for (let t = 0; t < 10; t++) {
      const res = await client.post('/api/todos', {
        title: `Due ${t}`,
        reminders: [1, 2, 3, 4, 5].map((s) => ({ remindAt: past(s + t) })),
      });
      expect(res.status, res.text).toBe(201);
      todos.push(res.body);
    }
    const reminderIds = todos.flatMap((t) => t.reminders.map((r: { id: string }) => r.id)).sort();
    expect(reminderIds).toHaveLength(50);

    const claimed = await Promise.all([stack.core.clock.tick(), stack.core.clock.tick()]);
    expect(claimed[0] + claimed[1]).toBe(50);
    expect(await stack.core.clock.tick()).toBe(0);

    const ofPerson = () => due.filter((e) => e.subject === user.id);
    await waitFor(() => ofPerson().length >= 50, { what: '50 reminder.due events' });
    await stack.core.relay.flush();
    await new Promise((r) => setTimeout(r, 200));
    const events = ofPerson();
    expect(events).toHaveLength(50);
    expect(events.every((e) => e.type === 'reminder.due')).toBe(true);
    expect(events.map((e) => (e.data as { reminderId: string }).reminderId).sort()).toEqual(reminderIds);
    for (const todo of todos) {
      const after = (await client.get(`/api/todos/${todo.id}`)).body;
      expect(after.reminders.every((r: { sentAt: string | null }) => r.sentAt !== null)).toBe(true);
    }
  });
});

describe('a reminder whose time had passed when it was set', () => {
  const sentAt = async (client: ApiClient, todoId: string) =>
    ((await client.get(`/api/todos/${todoId}`)).body.reminders as { sentAt: string | null }[]).map(
      (r) => r.sentAt,
    );

  it('is not fired, while one that fell due with no clock running is', async () => {
    const { client, user } = await signUp(stack.url);
    const hour = 3_600_000;
    // "yesterday task 9am": due, and reminded at the due time, a day ago.
    const yesterday = new Date(Date.now() - 24 * hour).toISOString();
    const late = await client.post('/api/todos', {
      title: 'Yesterday task',
      dueAt: yesterday,
      reminders: [{ offsetMinutes: 0 }, { remindAt: new Date(Date.now() - hour).toISOString() }],
    });
    expect(late.status, late.text).toBe(201);
    // Set for a second from now: due by the time the clock next runs, as after a restart.
    const soon = await client.post('/api/todos', {
      title: 'Soon',
      reminders: [{ remindAt: new Date(Date.now() + 1000).toISOString() }],
    });
    // Set for the future, then moved into the past with its todo's due time.
    const moved = await client.post('/api/todos', {
      title: 'Moved back',
      dueAt: new Date(Date.now() + 2 * hour).toISOString(),
      reminders: [{ offsetMinutes: 30 }],
    });
    const patch = await client.patch(`/api/todos/${moved.body.id}`, {
      dueAt: new Date(Date.now() - 2 * hour).toISOString(),
    });
    expect(patch.status, patch.text).toBe(200);

    await new Promise((r) => setTimeout(r, 1500));
    expect(await stack.core.clock.tick()).toBe(1);
    expect(await sentAt(client, soon.body.id)).toEqual([expect.any(String)]);
    expect(await sentAt(client, late.body.id)).toEqual([null, null]);
    expect(await sentAt(client, moved.body.id)).toEqual([null]);
    await stack.core.relay.flush();
    await waitFor(() => due.some((e) => e.subject === user.id), { what: 'the reminder.due event' });
    await new Promise((r) => setTimeout(r, 200));
    expect(due.filter((e) => e.subject === user.id).map((e) => (e.data as { title: string }).title)).toEqual([
      'Soon',
    ]);

    // Moved back into the future, it is due again at its new time.
    await client.patch(`/api/todos/${moved.body.id}`, {
      dueAt: new Date(Date.now() + 30 * 60_000 + 1000).toISOString(),
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stack.core.clock.tick()).toBe(1);
    expect(await sentAt(client, moved.body.id)).toEqual([expect.any(String)]);
  });
});

describe('a reminder set on a device while offline', () => {
  it('fires when the device syncs after its time, if that was less than a day ago', async () => {
    const { client, user } = await signUp(stack.url);
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const minute = 60_000;
    const hour = 60 * minute;
    const push = async (mutations: { type: string; payload: object; createdAt: string }[]) => {
      const res = await client.post('/api/sync/push', {
        clientId: 'offline-device',
        mutations: mutations.map((m) => ({ id: randomUUID(), ...m })),
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(
        mutations.map(() => 'applied'),
      );
    };
    const created = (title: string, remindAt: string, createdAt: string) => ({
      type: 'todo.create',
      payload: { id: randomUUID(), title, reminders: [{ id: randomUUID(), remindAt }] },
      createdAt,
    });
    // On the device, 20 minutes ago: "remind me 10 minutes from now". The device comes back now.
    const offlineCreate = created('Offline create', ago(10 * minute), ago(20 * minute));
    // Three days offline: that reminder was due two days ago; missed by more than a day, it stays unsent.
    const longAgo = created('Three days offline', ago(48 * hour), ago(72 * hour));
    // A device clock an hour ahead: its time is not believed, and the reminder's time had passed.
    const clockAhead = created('Clock ahead', ago(10 * minute), ago(-hour));
    // Set on the device when its time had already passed: noise, as through the API.
    const setLate = created('Set late', ago(30 * minute), ago(10 * minute));
    // Made online; offline, 30 minutes ago, a reminder for 15 minutes later was added to it.
    const online = await client.post('/api/todos', { title: 'Offline add' });
    // Made online, reminded 30 minutes before a due time two hours ahead; offline, an hour ago, the due
    // time moved to 20 minutes ago, and the reminder with it to 50 minutes ago: ahead of the move.
    const moving = await client.post('/api/todos', {
      title: 'Offline move',
      dueAt: new Date(Date.now() + 2 * hour).toISOString(),
      reminders: [{ offsetMinutes: 30 }],
    });
    expect([online.status, moving.status]).toEqual([201, 201]);
    await push([
      offlineCreate,
      longAgo,
      clockAhead,
      setLate,
      {
        type: 'reminder.add',
        payload: { todoId: online.body.id, reminder: { id: randomUUID(), remindAt: ago(15 * minute) } },
        createdAt: ago(30 * minute),
      },
      {
        type: 'todo.update',
        payload: { id: moving.body.id, fields: { dueAt: ago(20 * minute) } },
        createdAt: ago(hour),
      },
    ]);

    expect(await stack.core.clock.tick()).toBe(3);
    await stack.core.relay.flush();
    const titles = () =>
      due.filter((e) => e.subject === user.id).map((e) => (e.data as { title: string }).title);
    await waitFor(() => titles().length >= 3, { what: 'three reminder.due events' });
    await new Promise((r) => setTimeout(r, 200));
    expect(titles().sort()).toEqual(['Offline add', 'Offline create', 'Offline move']);
    expect(await stack.core.clock.tick()).toBe(0);
  });
});
