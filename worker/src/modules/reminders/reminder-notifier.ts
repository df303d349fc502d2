// Turns a due reminder into a Web Push message on each of the person's subscriptions and, when they
// asked for it, an email. Each one is recorded as it succeeds, so a redelivered event (or one the
// worker died in the middle of) sends only what had not gone out yet. A failure that may pass
// (push service or mail server unreachable, 429, 5xx) makes the whole event `retry`; the others
// already recorded are skipped next time.
import type { ReminderDueData } from '@todo/contracts';
import { pushFailures, pushSends, reminderDeliveryDelay, secondsSince, type Logger } from '@todo/platform';
import type { EmailSender } from '../email/email-sender.ts';
import type { PushSubscriptionRepository, StoredSubscription } from '../push/push.repository.ts';
import type { PushOutcome, PushSender } from '../push/push-sender.ts';
import { targetKey, type DeliveryRepository, type Firing } from './deliveries.repository.ts';
import { pushPayload, pushTopic, reminderEmail } from './reminder-message.ts';

export interface NotifierOptions {
  pushTtlSeconds: number;
  /** null: no SMTP server is configured, email reminders are skipped (and logged). */
  email: EmailSender | null;
  now?: () => Date;
}

export type NotifyResult = 'done' | 'retry';

/** What the notifier needs of the stores (the repositories, or in-memory ones in unit tests). */
export type SubscriptionStore = Pick<
  PushSubscriptionRepository,
  'listForUser' | 'deleteIfEndpoint' | 'markSuccess'
>;
export type DeliveryStore = Pick<DeliveryRepository, 'done' | 'record'>;

export class ReminderNotifier {
  private readonly now: () => Date;

  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly deliveries: DeliveryStore,
    private readonly push: PushSender,
    private readonly options: NotifierOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async notify(reminder: ReminderDueData, eventId: string, log: Logger): Promise<NotifyResult> {
    const firing: Firing = {
      reminderId: reminder.reminderId,
      remindAt: reminder.remindAt,
      eventId,
      userId: reminder.userId,
    };
    const pushed = reminder.push ? await this.pushAll(reminder, firing, log) : 'done';
    const emailed = reminder.email ? await this.email(reminder, reminder.email, firing, log) : 'done';
    return pushed === 'retry' || emailed === 'retry' ? 'retry' : 'done';
  }

  private async pushAll(reminder: ReminderDueData, firing: Firing, log: Logger): Promise<NotifyResult> {
    const subscriptions = await this.subscriptions.listForUser(reminder.userId);
    if (subscriptions.length === 0) return 'done';
    const done = await this.deliveries.done(firing, 'push');
    const payload = JSON.stringify(pushPayload(reminder));
    // A person's devices are independent: one slow push service does not hold up the others. All
    // settle before answering, so a retry never overlaps a send still in flight.
    const settled = await Promise.allSettled(
      subscriptions
        .filter((sub) => !done.has(targetKey(sub.endpoint)))
        .map((sub) => this.pushOne(sub, payload, reminder, firing, log)),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.some((s) => s.status === 'fulfilled' && s.value === 'retry') ? 'retry' : 'done';
  }

  private async pushOne(
    sub: StoredSubscription,
    payload: string,
    reminder: ReminderDueData,
    firing: Firing,
    log: Logger,
  ): Promise<NotifyResult> {
    const host = hostOf(sub.endpoint);
    const outcome = await this.push.send(sub, payload, {
      ttlSeconds: this.options.pushTtlSeconds,
      urgency: 'high',
      topic: pushTopic(reminder.reminderId),
    });
    const now = this.now();
    countPush(outcome);
    switch (outcome.kind) {
      case 'sent':
        reminderDeliveryDelay.observe(
          { ...WORKER, channel: 'push' },
          secondsSince(reminder.remindAt, now.getTime()),
        );
        await this.deliveries.record(firing, 'push', sub.endpoint, 'sent', now);
        await this.subscriptions.markSuccess(sub.id, now);
        log.debug({ host, status: outcome.status }, 'reminder pushed');
        return 'done';
      case 'gone': {
        const removed = await this.subscriptions.deleteIfEndpoint(sub.id, sub.endpoint);
        log.info({ host, status: outcome.status, removed }, 'push subscription is gone; forgotten');
        return 'done';
      }
      case 'refused':
        await this.deliveries.record(firing, 'push', sub.endpoint, 'failed', now, outcome.detail);
        log.warn(
          { host, status: outcome.status, detail: outcome.detail },
          'push service refused the reminder',
        );
        return 'done';
      case 'retry':
        log.warn({ host, status: outcome.status, detail: outcome.detail }, 'push failed; will retry');
        return 'retry';
    }
  }

  private async email(
    reminder: ReminderDueData,
    to: string,
    firing: Firing,
    log: Logger,
  ): Promise<NotifyResult> {
    if (!this.options.email) {
      log.info('email reminder skipped: no SMTP_URL is configured');
      return 'done';
    }
    if ((await this.deliveries.done(firing, 'email')).has(targetKey(to))) return 'done';
    const outcome = await this.options.email.send({ to, ...reminderEmail(reminder) });
    switch (outcome.kind) {
      case 'sent':
        reminderDeliveryDelay.observe(
          { ...WORKER, channel: 'email' },
          secondsSince(reminder.remindAt, this.now().getTime()),
        );
        await this.deliveries.record(firing, 'email', to, 'sent', this.now());
        log.debug('reminder emailed');
        return 'done';
      case 'refused':
        await this.deliveries.record(firing, 'email', to, 'failed', this.now(), outcome.detail);
        log.warn({ detail: outcome.detail }, 'mail server refused the reminder');
        return 'done';
      case 'retry':
        log.warn({ detail: outcome.detail }, 'email failed; will retry');
        return 'retry';
    }
  }
}

const WORKER = { service: 'worker' };

/** todo_push_sends_total / _failures_total by the push service's status, or why there was none. */
function countPush(outcome: PushOutcome): void {
  const status =
    outcome.status !== undefined && outcome.status > 0
      ? String(outcome.status)
      : outcome.kind === 'refused'
        ? 'blocked'
        : /timeout|timed out/i.test('detail' in outcome ? outcome.detail : '')
          ? 'timeout'
          : 'error';
  pushSends.inc({ ...WORKER, status });
  if (outcome.kind !== 'sent') pushFailures.inc({ ...WORKER, status });
}

/** Logs name the push service, never the whole endpoint (it is a capability URL). */
function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return 'invalid';
  }
}
