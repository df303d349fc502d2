// Reminders reach people: push subscriptions through the public API, Web Push end to end against a
// real push service (the web-push-testing emulator over HTTPS, which decrypts each message and checks
// the VAPID token), and email against a real SMTP server. Each reminder goes out once per
// subscription and address, even when its event is delivered twice or a send fails half-way.
import { randomUUID } from 'node:crypto';
import type { BusEvent } from '@todo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startPushService, type PushService } from '../support/push-service.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

let push: PushService;
let smtp: SmtpSink;
let stack: TestStack;
/** Every reminder.due event the bus carried, as the worker received it. */
const reminderEvents: BusEvent[] = [];

beforeAll(async () => {
  push = await startPushService();
  smtp = await startSmtpSink();
  stack = await startStack(
    {},
    {
      ownDatabase: true,
      pushCa: push.ca,
      // A failed push is tried again after 100 ms, doubling (minutes in production).
      reminderRetry: { firstMs: 100, maxMs: 2000, budgetMs: 60_000 },
      worker: { SMTP_URL: smtp.url, EMAIL_FROM: 'Todo <reminders@todo.test>' },
    },
  );
  await stack.bus.subscribe('reminder-events', 'test-probe', async (event) => {
    reminderEvents.push(event);
    return 'SUCCESS';
  });
});
afterAll(async () => {
  await stack?.close();
  await push?.close();
  await smtp?.close();
});

/** A signed-up person with `devices` browsers subscribed through the bff. */
async function personWithDevices(devices: number, fields: Record<string, unknown> = {}) {
  const person = await signUp(stack.url, fields);
  const key = (await person.client.get('/api/push/vapid-public-key')).body.key as string;
  const hashes: string[] = [];
  for (let i = 0; i < devices; i++) {
    const { subscription, clientHash } = await push.subscribe(key);
    const res = await person.client.post('/api/push/subscriptions', subscription);
    expect(res.status, res.text).toBeLessThan(300);
    hashes.push(clientHash);
  }
  return { ...person, hashes };
}

function reminderDue(userId: string, data: Record<string, unknown> = {}): BusEvent {
  const reminderId = randomUUID();
  return {
    id: randomUUID(),
    type: 'reminder.due',
    source: 'notifications-suite',
    time: new Date().toISOString(),
    subject: userId,
    data: {
      userId,
      todoId: randomUUID(),
      reminderId,
      title: `Marker ${reminderId.slice(0, 8)}`,
      dueAt: null,
      remindAt: new Date().toISOString(),
      timeZone: 'UTC',
      email: null,
      push: true,
      ...data,
    },
  };
}

const parsed = async (hash: string) => (await push.messages(hash)).map((m) => JSON.parse(m));

/**
 * The worker takes a group's events in order: once a marker published after `events` has reached the
 * person, those events have been recorded for delivery too. Their deliveries run side by side with the
 * marker's (the dispatcher sends many at once), so this then waits until none of the person's is left
 * pending: every push and email they make has been sent.
 */
async function publishThenMarker(userId: string, hash: string, ...events: BusEvent[]) {
  for (const event of events) await stack.bus.publish('reminder-events', event);
  const marker = reminderDue(userId);
  await stack.bus.publish('reminder-events', marker);
  await waitFor(
    async () =>
      (await parsed(hash)).some((m) => m.reminderId === (marker.data as { reminderId: string }).reminderId),
    { what: 'the marker reminder' },
  );
  await waitFor(
    async () =>
      (await stack.database.knex('notificationJobs').where({ userId, status: 'pending' })).length === 0,
    { what: 'the deliveries of the events before the marker' },
  );
}

describe('push subscriptions', () => {
  it('gives the VAPID public key, keeps a browser’s subscription, and forgets it', async () => {
    const { client, user } = await signUp(stack.url);
    const key = await client.get('/api/push/vapid-public-key');
    expect(key.status).toBe(200);
    expect(key.body).toEqual({ key: stack.worker.vapidPublicKey });
    expect(Buffer.from(key.body.key, 'base64url')).toHaveLength(65);

    const { subscription } = await push.subscribe(key.body.key);
    const created = await client.post('/api/push/subscriptions', subscription);
    expect(created.status, created.text).toBe(201);
    expect(created.text).toBe('');
    // Subscribing again (the browser re-sends it on every start) keeps one row.
    expect((await client.post('/api/push/subscriptions', subscription)).status).toBe(201);
    const rows = await stack.database.knex('pushSubscriptions').where({ userId: user.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh });

    const removed = await client.delete('/api/push/subscriptions', { endpoint: subscription.endpoint });
    expect(removed.status).toBe(204);
    expect(await stack.database.knex('pushSubscriptions').where({ userId: user.id })).toHaveLength(0);
  });

  it('answers the worker’s own 201 for a new subscription', async () => {
    const { user } = await signUp(stack.url);
    const { subscription } = await push.subscribe(stack.worker.vapidPublicKey);
    const res = await fetch(`${stack.workerUrl}/v1/push/subscriptions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-internal-token': stack.internalToken,
        'x-user-id': user.id,
      },
      body: JSON.stringify(subscription),
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('');
  });

  // Koa turns an undefined body into 204; the bff keeps the service's own status.
  it('answers 201 through the public API', async () => {
    const { client } = await signUp(stack.url);
    const { subscription } = await push.subscribe(stack.worker.vapidPublicKey);
    expect((await client.post('/api/push/subscriptions', subscription)).status).toBe(201);
  });

  it('refuses what is not a usable push subscription, and callers who are not signed in', async () => {
    const { client } = await signUp(stack.url);
    const { subscription } = await push.subscribe(stack.worker.vapidPublicKey);
    const plainHttp = await client.post('/api/push/subscriptions', {
      ...subscription,
      endpoint: subscription.endpoint.replace('https:', 'http:'),
    });
    expect(plainHttp.status).toBe(400);
    expect(plainHttp.body.errors[0].path).toBe('endpoint');
    const badKey = await client.post('/api/push/subscriptions', {
      ...subscription,
      keys: { ...subscription.keys, p256dh: 'A'.repeat(87) },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors[0].path).toBe('keys.p256dh');
    // SSRF: endpoints on the private network, the metadata address or with credentials (this stack
    // allows only its loopback push emulator: PUSH_ENDPOINT_ALLOW=localhost,127.0.0.1).
    for (const endpoint of [
      'https://10.0.0.1:6379/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'https://redis/x',
      'https://user:pw@push.example.com/x',
    ]) {
      const refused = await client.post('/api/push/subscriptions', { ...subscription, endpoint });
      expect(refused.status, endpoint).toBe(400);
      expect(refused.body.errors[0].path).toBe('endpoint');
    }
    const anonymous = new ApiClient(stack.url);
    expect((await anonymous.get('/api/push/vapid-public-key')).status).toBe(401);
    expect((await anonymous.post('/api/push/subscriptions', subscription)).status).toBe(401);
    const internalOnly = await fetch(`${stack.workerUrl}/v1/push/vapid-public-key`);
    expect(internalOnly.status).toBe(401);
  });

  it('never gives one person’s subscription to another, and nobody can forget another person’s', async () => {
    const first = await signUp(stack.url);
    const second = await signUp(stack.url);
    const { subscription } = await push.subscribe(stack.worker.vapidPublicKey);
    expect((await first.client.post('/api/push/subscriptions', subscription)).status).toBe(201);
    const row = async () =>
      (await stack.database.knex('pushSubscriptions').where({ endpoint: subscription.endpoint }))[0];
    const before = await row();
    // Someone who learnt the endpoint posts it with keys of their own: refused, nothing changes.
    const other = await push.subscribe(stack.worker.vapidPublicKey);
    const takeover = await second.client.post('/api/push/subscriptions', {
      ...subscription,
      keys: other.subscription.keys,
    });
    expect(takeover.status).toBe(409);
    expect(takeover.body.type).toBe('conflict');
    expect(await row()).toEqual(before);
    expect(before.userId).toBe(first.user.id);
    // Its owner's browser re-sending it still refreshes it.
    expect((await first.client.post('/api/push/subscriptions', subscription)).status).toBe(201);
    const attempt = await second.client.delete('/api/push/subscriptions', {
      endpoint: subscription.endpoint,
    });
    expect(attempt.status).toBe(204);
    expect((await row()).userId).toBe(first.user.id);
  });
});

describe('reminders by Web Push', () => {
  it('pushes a due reminder to each of the person’s devices within 5 s, and to nobody else', async () => {
    const person = await personWithDevices(2);
    const stranger = await personWithDevices(1);
    const remindAt = new Date(Date.now() + 2000);
    const todo = (
      await person.client.post('/api/todos', {
        title: 'Call the dentist',
        dueAt: '2099-03-10T13:00:00Z',
        timeZone: 'America/New_York',
        reminders: [{ remindAt: remindAt.toISOString() }],
      })
    ).body;
    const reminderId = todo.reminders[0].id as string;

    for (const hash of person.hashes) {
      await waitFor(async () => (await parsed(hash)).length > 0, { what: 'the push', timeoutMs: 8000 });
      expect(await parsed(hash)).toEqual([
        {
          type: 'reminder',
          todoId: todo.id,
          reminderId,
          title: 'Call the dentist',
          body: 'Due Tue, Mar 10, 9:00 AM EDT',
          dueAt: '2099-03-10T13:00:00.000Z',
          allDay: false,
          remindAt: remindAt.toISOString(),
        },
      ]);
      const arrival = push.arrivals.find((a) => a.clientHash === hash && a.status === 201)!;
      expect(arrival.at - remindAt.getTime()).toBeLessThan(5000);
      expect(arrival).toMatchObject({ ttl: '3600', urgency: 'high', topic: reminderId.replace(/-/g, '') });
    }
    expect(await push.messages(stranger.hashes[0]!)).toEqual([]);
    const after = (await person.client.get(`/api/todos/${todo.id}`)).body;
    expect(after.reminders[0].sentAt).not.toBeNull();
  });

  it('forgets a subscription the push service answers 410 for, and still reaches the others', async () => {
    const person = await personWithDevices(2);
    const [gone, alive] = person.hashes as [string, string];
    await push.expire(gone);
    await person.client.post('/api/todos', {
      title: 'Water the plants',
      reminders: [{ remindAt: new Date(Date.now() + 500).toISOString() }],
    });
    await waitFor(async () => (await parsed(alive)).length > 0, { what: 'the push', timeoutMs: 8000 });
    const endpoints = await waitFor(
      async () => {
        const rows = await stack.database.knex('pushSubscriptions').where({ userId: person.user.id });
        return rows.length === 1 ? rows : null;
      },
      { what: 'the expired subscription to be removed' },
    );
    expect(endpoints[0].endpoint).toMatch(new RegExp(`${alive}$`));
    expect(push.arrivals.filter((a) => a.clientHash === gone).map((a) => a.status)).toEqual([410]);
    // The next reminder no longer tries the forgotten one.
    await publishThenMarker(person.user.id, alive, reminderDue(person.user.id));
    expect(push.arrivals.filter((a) => a.clientHash === gone)).toHaveLength(1);
  });

  it('pushes once per device when the same reminder.due event is delivered twice', async () => {
    const person = await personWithDevices(2);
    const remindAt = new Date(Date.now() + 500);
    const todo = (
      await person.client.post('/api/todos', {
        title: 'Pay rent',
        reminders: [{ remindAt: remindAt.toISOString() }],
      })
    ).body;
    const event = await waitFor(
      () => reminderEvents.find((e) => (e.data as { todoId: string }).todoId === todo.id),
      { what: 'the reminder.due event', timeoutMs: 8000 },
    );
    // The bus delivers it again, twice (at-least-once delivery; a relay that crashed before marking it).
    await publishThenMarker(person.user.id, person.hashes[0]!, event, event);
    for (const hash of person.hashes) {
      await waitFor(async () => (await parsed(hash)).some((m) => m.todoId === todo.id));
      expect((await parsed(hash)).filter((m) => m.todoId === todo.id)).toHaveLength(1);
    }
    // A synthetic event delivered twice in a row: one message too.
    const twice = reminderDue(person.user.id, { title: 'Twice over' });
    await publishThenMarker(person.user.id, person.hashes[1]!, twice, twice);
    expect((await parsed(person.hashes[1]!)).filter((m) => m.title === 'Twice over')).toHaveLength(1);
  });

  it('retries a push the service could not take, without pushing again to devices already reached', async () => {
    const person = await personWithDevices(2);
    const [healthy, flaky] = person.hashes as [string, string];
    push.failNext(flaky, 2);
    const event = reminderDue(person.user.id, { title: 'Feed the cat' });
    await stack.bus.publish('reminder-events', event);
    for (const hash of person.hashes) {
      await waitFor(async () => (await parsed(hash)).some((m) => m.title === 'Feed the cat'), {
        what: `the push to ${hash.slice(0, 6)}`,
      });
    }
    expect(push.arrivals.filter((a) => a.clientHash === flaky).map((a) => a.status)).toEqual([503, 503, 201]);
    expect(push.arrivals.filter((a) => a.clientHash === healthy).map((a) => a.status)).toEqual([201]);
    expect((await parsed(healthy)).filter((m) => m.title === 'Feed the cat')).toHaveLength(1);
  });

  it('drops an invalid reminder.due event instead of retrying it', async () => {
    const person = await personWithDevices(1);
    const invalid = reminderDue(person.user.id, { reminderId: 'not-a-uuid', title: 'Broken' });
    await publishThenMarker(person.user.id, person.hashes[0]!, invalid);
    expect((await parsed(person.hashes[0]!)).some((m) => m.title === 'Broken')).toBe(false);
    expect(stack.dropped.filter((d) => d.event.id === invalid.id).map((d) => d.reason)).toEqual([
      'handler dropped it',
    ]);
  });
});

describe('reminders by email', () => {
  it('emails a person who turned email reminders on, once even when the event comes twice', async () => {
    const person = await personWithDevices(1, { timeZone: 'Europe/Berlin' });
    const quiet = await signUp(stack.url);
    const settings = await person.client.patch('/api/settings', { emailReminders: true });
    expect(settings.body.emailReminders).toBe(true);
    const remindAt = new Date(Date.now() + 500).toISOString();
    const todo = (
      await person.client.post('/api/todos', {
        title: 'Renew passport',
        dueAt: '2099-07-01T08:00:00Z',
        reminders: [{ remindAt }],
      })
    ).body;
    await quiet.client.post('/api/todos', { title: 'Quiet one', reminders: [{ remindAt }] });
    const mail = await waitFor(() => smtp.messages.find((m) => m.to.includes(person.email)), {
      what: 'the reminder email',
      timeoutMs: 8000,
    });
    expect(mail.from).toBe('reminders@todo.test');
    expect(mail.subject).toBe('Reminder: Renew passport');
    expect(mail.decoded).toContain('Reminder: "Renew passport"');
    expect(mail.decoded).toContain('It is due Wed, Jul 1, 10:00 AM GMT+2.');
    expect(mail.decoded).toContain('<strong>Renew passport</strong>');
    expect(mail.raw).toMatch(/multipart\/alternative/);

    const event = reminderEvents.find((e) => (e.data as { todoId: string }).todoId === todo.id)!;
    expect(event.data).toMatchObject({ email: person.email, push: true });
    // Delivered twice more; then a marker email, after which both duplicates have been handled.
    await publishThenMarker(person.user.id, person.hashes[0]!, event, event);
    const marker = reminderDue(person.user.id, { title: 'Email marker', email: person.email });
    await stack.bus.publish('reminder-events', marker);
    await waitFor(() => smtp.messages.some((m) => m.subject === 'Reminder: Email marker'));
    expect(smtp.messages.filter((m) => m.subject === 'Reminder: Renew passport')).toHaveLength(1);
    // Email reminders are off by default: the other person's reminder fired, and no email went out.
    const quietEvent = await waitFor(() => reminderEvents.find((e) => e.subject === quiet.user.id));
    expect(quietEvent.data).toMatchObject({ email: null });
    expect(smtp.messages.some((m) => m.to.includes(quiet.email))).toBe(false);
  });
});
