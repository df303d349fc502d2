// The notifier's rules with in-memory stores and scripted senders: what is recorded, skipped on a
// redelivery, forgotten, retried. The real senders and database are covered by the integration suite.
import type { ReminderDueData } from '@todo/contracts';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { EmailOutcome, EmailSender } from '../email/email-sender.ts';
import type { StoredSubscription } from '../push/push.repository.ts';
import type { PushOutcome, PushSender } from '../push/push-sender.ts';
import { targetKey, type Channel, type Firing } from './deliveries.repository.ts';
import { ReminderNotifier, type DeliveryStore, type SubscriptionStore } from './reminder-notifier.ts';
import { reminderConsumer } from './reminder.consumer.ts';

const log = pino({ level: 'silent' });
const userId = '0195f0a0-0000-7000-8000-000000000001';
const reminder: ReminderDueData = {
  userId,
  todoId: '0195f0a0-0000-7000-8000-000000000002',
  reminderId: '0195f0a0-0000-7000-8000-000000000003',
  title: 'Pay rent',
  dueAt: null,
  allDay: false,
  remindAt: '2026-03-01T09:00:00.000Z',
  timeZone: 'UTC',
  email: null,
  push: true,
};

function subscription(n: number): StoredSubscription {
  return {
    id: `sub-${n}`,
    userId,
    endpoint: `https://push.example/${n}`,
    p256dh: 'p',
    auth: 'a',
    createdAt: new Date(),
    lastSuccessAt: null,
  };
}

class MemorySubscriptions implements SubscriptionStore {
  constructor(public rows: StoredSubscription[]) {}
  async listForUser(user: string) {
    return this.rows.filter((r) => r.userId === user);
  }
  async deleteIfEndpoint(id: string, endpoint: string) {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => !(r.id === id && r.endpoint === endpoint));
    return before - this.rows.length;
  }
  async markSuccess(id: string, at: Date) {
    for (const r of this.rows) if (r.id === id) r.lastSuccessAt = at;
  }
}

class MemoryDeliveries implements DeliveryStore {
  rows: { key: string; channel: Channel; target: string; status: string }[] = [];
  async done(firing: Firing, channel: Channel) {
    const key = `${firing.reminderId}@${firing.remindAt}`;
    return new Set(
      this.rows.filter((r) => r.key === key && r.channel === channel).map((r) => targetKey(r.target)),
    );
  }
  async record(firing: Firing, channel: Channel, target: string, status: 'sent' | 'failed') {
    this.rows.push({ key: `${firing.reminderId}@${firing.remindAt}`, channel, target, status });
  }
}

/** Answers each endpoint from a script (default: sent), and remembers what it was asked to send. */
class ScriptedPush implements PushSender {
  sent: { endpoint: string; payload: string; topic: string }[] = [];
  constructor(private readonly script: Record<string, PushOutcome[]> = {}) {}
  async send(target: { endpoint: string }, payload: string, options: { topic: string }) {
    this.sent.push({ endpoint: target.endpoint, payload, topic: options.topic });
    return this.script[target.endpoint]?.shift() ?? { kind: 'sent' as const, status: 201 };
  }
}

class ScriptedEmail implements EmailSender {
  sent: string[] = [];
  constructor(private readonly script: EmailOutcome[] = []) {}
  async send(message: { to: string; subject: string }) {
    this.sent.push(`${message.to}: ${message.subject}`);
    return this.script.shift() ?? { kind: 'sent' as const, messageId: 'x' };
  }
  close() {}
}

function setup(options: { subs?: number; push?: ScriptedPush; email?: ScriptedEmail | null } = {}) {
  const subscriptions = new MemorySubscriptions(
    Array.from({ length: options.subs ?? 2 }, (_, i) => subscription(i + 1)),
  );
  const deliveries = new MemoryDeliveries();
  const push = options.push ?? new ScriptedPush();
  const email = options.email === undefined ? new ScriptedEmail() : options.email;
  const notifier = new ReminderNotifier(subscriptions, deliveries, push, { pushTtlSeconds: 60, email });
  return { subscriptions, deliveries, push, email, notifier };
}

describe('the reminder notifier', () => {
  it('pushes to every subscription and skips them all on a redelivery', async () => {
    const { notifier, push, deliveries, subscriptions } = setup();
    expect(await notifier.notify(reminder, 'event-1', log)).toBe('done');
    expect(await notifier.notify(reminder, 'event-1', log)).toBe('done');
    expect(push.sent.map((s) => s.endpoint)).toEqual(['https://push.example/1', 'https://push.example/2']);
    expect(deliveries.rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(subscriptions.rows.every((r) => r.lastSuccessAt !== null)).toBe(true);
  });

  it('pushes again when a snoozed reminder fires at its new time', async () => {
    const { notifier, push } = setup({ subs: 1 });
    await notifier.notify(reminder, 'event-1', log);
    await notifier.notify({ ...reminder, remindAt: '2026-03-01T09:10:00.000Z' }, 'event-2', log);
    expect(push.sent).toHaveLength(2);
  });

  it('retries only what failed for a reason that may pass', async () => {
    const push = new ScriptedPush({
      'https://push.example/2': [{ kind: 'retry', status: 503, detail: 'busy' }],
    });
    const { notifier } = setup({ push });
    expect(await notifier.notify(reminder, 'event-1', log)).toBe('retry');
    expect(await notifier.notify(reminder, 'event-1', log)).toBe('done');
    expect(push.sent.map((s) => s.endpoint)).toEqual([
      'https://push.example/1',
      'https://push.example/2',
      'https://push.example/2',
    ]);
  });

  it('forgets a subscription that is gone, and does not retry one refused for good', async () => {
    const push = new ScriptedPush({
      'https://push.example/1': [{ kind: 'gone', status: 410 }],
      'https://push.example/2': [{ kind: 'refused', status: 403, detail: 'bad jwt' }],
    });
    const { notifier, subscriptions, deliveries } = setup({ push });
    expect(await notifier.notify(reminder, 'event-1', log)).toBe('done');
    expect(subscriptions.rows.map((r) => r.id)).toEqual(['sub-2']);
    expect(deliveries.rows).toEqual([
      expect.objectContaining({ target: 'https://push.example/2', status: 'failed' }),
    ]);
    expect(await notifier.notify(reminder, 'event-1', log)).toBe('done');
    expect(push.sent).toHaveLength(2);
  });

  it('does not push when the person turned push off', async () => {
    const { notifier, push } = setup();
    expect(await notifier.notify({ ...reminder, push: false }, 'event-1', log)).toBe('done');
    expect(push.sent).toEqual([]);
  });

  it('emails once, retries a mail server that is away, and skips email without SMTP', async () => {
    const email = new ScriptedEmail([{ kind: 'retry', detail: 'ECONNREFUSED' }]);
    const { notifier } = setup({ subs: 0, email });
    const withEmail = { ...reminder, email: 'ada@example.test' };
    expect(await notifier.notify(withEmail, 'event-1', log)).toBe('retry');
    expect(await notifier.notify(withEmail, 'event-1', log)).toBe('done');
    expect(await notifier.notify(withEmail, 'event-1', log)).toBe('done');
    expect(email.sent).toEqual([
      'ada@example.test: Reminder: Pay rent',
      'ada@example.test: Reminder: Pay rent',
    ]);
    const noSmtp = setup({ subs: 0, email: null });
    expect(await noSmtp.notifier.notify(withEmail, 'event-1', log)).toBe('done');
  });
});

describe('the reminder-events consumer', () => {
  const event = {
    id: 'e1',
    type: 'reminder.due',
    source: 'test',
    time: '2026-03-01T09:00:00Z',
    data: reminder,
  };

  it('records a valid reminder for delivery and answers SUCCESS, DROP or RETRY explicitly', async () => {
    const kept: string[] = [];
    const ok = reminderConsumer(async (data, eventId) => {
      kept.push(`${eventId}:${data.reminderId}`);
    }, log);
    expect(await ok(event)).toBe('SUCCESS');
    expect(kept).toEqual([`e1:${reminder.reminderId}`]);
    expect(await ok({ ...event, data: { ...reminder, reminderId: 'nope' } })).toBe('DROP');
    expect(await ok({ ...event, type: 'reminder.snoozed' })).toBe('SUCCESS');
    expect(kept).toHaveLength(1);
  });

  it('turns a failure to record it into RETRY, never into a silent success', async () => {
    const broken = reminderConsumer(async () => {
      throw new Error('database went away');
    }, log);
    expect(await broken(event)).toBe('RETRY');
  });
});
