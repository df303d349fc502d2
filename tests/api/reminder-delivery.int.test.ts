// Reminders are neither stalled nor lost: a push service that accepts connections and never answers
// holds up nobody else's reminder, a push outage of a few seconds delays a reminder without losing
// it, and one that cannot be delivered within the retry budget shows as failed in the person's
// activity history. One a worker was sending when its process died goes out when it starts again.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ReminderDueData } from '@todo/contracts';
import { signUp } from '../support/client.ts';
import { startPushService, type PushService } from '../support/push-service.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

let push: PushService;
let stack: TestStack;

/**
 * A server that accepts every connection and never says a word (not even TLS); notes when each came.
 * It closes when the test ends.
 */
async function silentServer() {
  const held: { socket: Socket; at: number }[] = [];
  const server: Server = createServer((socket) => held.push({ socket, at: Date.now() }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  onTestFinished(async () => {
    const closed = new Promise((r) => server.close(r));
    held.forEach((h) => h.socket.destroy());
    await closed;
  });
  return { held, url: (path: string) => `https://127.0.0.1:${port}${path}` };
}

beforeAll(async () => {
  push = await startPushService();
  stack = await startStack(
    {},
    {
      ownDatabase: true,
      pushCa: push.ca,
      // Retries from 300 ms doubling, for 8 s: an outage of seconds, and a budget a test can outlast.
      reminderRetry: { firstMs: 300, maxMs: 2000, budgetMs: 8000 },
      // Leases far shorter than a send to a push service that never answers (5 s): renewed meanwhile.
      reminderLeaseMs: 1500,
    },
  );
});
afterAll(async () => {
  await stack?.close();
  await push?.close();
});

async function subscribed(endpoint?: (real: string) => string) {
  const person = await signUp(stack.url);
  const { subscription, clientHash } = await push.subscribe(stack.worker.vapidPublicKey);
  const body = endpoint ? { ...subscription, endpoint: endpoint(subscription.endpoint) } : subscription;
  expect((await person.client.post('/api/push/subscriptions', body)).status).toBe(201);
  return { ...person, clientHash };
}

const messages = async (hash: string) => (await push.messages(hash)).map((m) => JSON.parse(m));

describe('reminder delivery', () => {
  it('does not let a push service that never answers delay another person’s reminder', async () => {
    const silent = await silentServer();
    const stuck = await subscribed(() => silent.url('/never-answers'));
    const other = await subscribed();
    const soon = Date.now() + 1500;
    await stuck.client.post('/api/todos', {
      title: 'Goes nowhere',
      reminders: [{ remindAt: new Date(soon - 1000).toISOString() }],
    });
    await stuck.client.post('/api/todos', {
      title: 'Goes nowhere either',
      reminders: [{ remindAt: new Date(soon - 900).toISOString() }],
    });
    await other.client.post('/api/todos', {
      title: 'Right on time',
      reminders: [{ remindAt: new Date(soon).toISOString() }],
    });
    await waitFor(async () => (await messages(other.clientHash)).some((m) => m.title === 'Right on time'), {
      what: 'the other person’s reminder',
      timeoutMs: 15_000,
    });
    const arrival = push.arrivals.find((a) => a.clientHash === other.clientHash && a.status === 201)!;
    // The stuck sends were under way (their connections held) and gave up 5 s after they began: the
    // other push came before that, so it did not wait for them.
    expect(silent.held.length).toBeGreaterThan(0);
    expect(arrival.at).toBeLessThan(silent.held[0]!.at + 5000);
  });

  it('keeps a delivery that outlasts its lease its own: renewed, not taken and sent again', async () => {
    // Its own silent server: the first test's stuck sends retry against theirs meanwhile.
    const silent = await silentServer();
    const person = await subscribed(() => silent.url('/never-answers-either'));
    await person.client.post('/api/todos', {
      title: 'Held a while',
      reminders: [{ remindAt: new Date(Date.now() - 1000).toISOString() }],
    });
    const job = () => stack.database.knex('notificationJobs').where({ userId: person.user.id }).first();
    await waitFor(async () => (await job())?.attempts === 1, { what: 'the reminder taken' });
    // Two leases of 1.5 s and three 1-second polls later, the send (5 s) is still the first one.
    await new Promise((r) => setTimeout(r, 3200));
    const taken = await job();
    expect(taken).toMatchObject({ status: 'pending', attempts: 1 });
    expect(new Date(taken.leaseUntil).getTime()).toBeGreaterThan(Date.now());
    expect(silent.held.length).toBe(1);
  });

  it('delivers a reminder through a push outage of a few seconds', async () => {
    const person = await subscribed();
    // The push service answers 503 to the next 4 messages: ~4.5 s of retries at 300 ms doubling.
    push.failNext(person.clientHash, 4);
    await person.client.post('/api/todos', {
      title: 'Through the outage',
      reminders: [{ remindAt: new Date(Date.now() + 200).toISOString() }],
    });
    await waitFor(
      async () => (await messages(person.clientHash)).some((m) => m.title === 'Through the outage'),
      { what: 'the reminder after the outage', timeoutMs: 20_000 },
    );
    const statuses = push.arrivals.filter((a) => a.clientHash === person.clientHash).map((a) => a.status);
    expect(statuses).toEqual([503, 503, 503, 503, 201]);
  });

  it('records a reminder that could not be delivered within the budget in the activity history', async () => {
    const person = await subscribed();
    push.failNext(person.clientHash, 1000);
    const todo = (
      await person.client.post('/api/todos', {
        title: 'Never arrives',
        reminders: [{ remindAt: new Date(Date.now() + 200).toISOString() }],
      })
    ).body;
    const failed = await waitFor(
      async () => {
        const items = (await person.client.get('/api/activity')).body.items as { type: string }[];
        return items.find((i) => i.type === 'reminder.failed');
      },
      { what: 'the failure in the history', timeoutMs: 25_000 },
    );
    expect(failed).toMatchObject({ todoId: todo.id, summary: expect.stringContaining('Never arrives') });
    push.failNext(person.clientHash, 0);
  });

  it('sends at start what a dead worker was sending on PGlite; on PostgreSQL it waits for the lease', async () => {
    const person = await subscribed();
    const todo = (await person.client.post('/api/todos', { title: 'Was being sent' })).body as { id: string };
    const remindAt = new Date(Date.now() - 5000).toISOString();
    const data: ReminderDueData = {
      userId: person.user.id,
      todoId: todo.id,
      reminderId: randomUUID(),
      title: 'Was being sent',
      dueAt: null,
      allDay: false,
      remindAt,
      timeZone: 'UTC',
      email: null,
      push: true,
    };
    // As a worker killed while sending leaves its job: pending, taken, its lease (2 minutes here) running.
    const leaseUntil = new Date(Date.now() + 2 * 60_000);
    const [job] = (await stack.database
      .knex('notificationJobs')
      .insert({
        reminderId: data.reminderId,
        remindAt: new Date(remindAt),
        userId: data.userId,
        eventId: randomUUID(),
        data,
        dueAt: new Date(),
        createdAt: new Date(),
        leaseUntil,
        attempts: 1,
      })
      .returning('id')) as { id: number }[];
    await stack.restartWorker();
    const sent = async () => (await messages(person.clientHash)).some((m) => m.title === 'Was being sent');
    const row = () => stack.database.knex('notificationJobs').where({ id: job!.id }).first();
    if (stack.database.kind === 'pglite') {
      // npm start's own files: no other process can be sending it.
      await waitFor(sent, { what: 'the reminder the dead worker held', timeoutMs: 10_000 });
      await waitFor(async () => (await row()).status === 'done', { what: 'the job done' });
    } else {
      // Another replica may be sending it: it is taken again only when the lease runs out. Two of the
      // dispatcher's 1-second polls pass first.
      await new Promise((r) => setTimeout(r, 2500));
      expect(await sent()).toBe(false);
      expect(await row()).toMatchObject({ status: 'pending', leaseUntil });
    }
  });
});
