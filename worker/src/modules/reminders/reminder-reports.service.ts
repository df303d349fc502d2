// Reminders as the person is told about them: which channels can deliver one (settings), a device
// that showed one itself while the app was open, and what became of each firing (activity history).
import type { NotificationChannels, ReminderDueData, ReminderShownBody } from '@todo/contracts';
import { notFound } from '@todo/platform';
import type { ActivityRepository } from '../activity/activity.repository.ts';
import type { PushSubscriptionRepository } from '../push/push.repository.ts';
import type { DeliveryRepository } from './deliveries.repository.ts';
import type { ReminderJobRepository } from './reminder-jobs.repository.ts';
import { quoted, reminderOutcome } from './reminder-outcome.ts';

export interface ReminderReportDeps {
  jobs: Pick<ReminderJobRepository, 'findFiring'>;
  deliveries: Pick<DeliveryRepository, 'sentCounts'>;
  subscriptions: Pick<PushSubscriptionRepository, 'countForUser'>;
  activity: Pick<ActivityRepository, 'insertAtTop'>;
  /** Whether an SMTP server is configured. */
  emailConfigured: boolean;
  now: () => Date;
}

/** One history line per firing and kind: a reminder snoozed fires again with a new time. */
const firingKey = (data: Pick<ReminderDueData, 'reminderId' | 'remindAt'>) =>
  `${data.reminderId}:${new Date(data.remindAt).toISOString()}`;

export class ReminderReports {
  constructor(private readonly deps: ReminderReportDeps) {}

  async channels(userId: string): Promise<NotificationChannels> {
    return {
      push: { devices: await this.deps.subscriptions.countForUser(userId) },
      email: { configured: this.deps.emailConfigured },
    };
  }

  /** Only a firing of the person's own reminder that the worker has: 404 for anything else. */
  async shown(userId: string, body: ReminderShownBody): Promise<void> {
    const data = await this.deps.jobs.findFiring(userId, body.reminderId, new Date(body.remindAt));
    if (!data) throw notFound(`Reminder ${body.reminderId} at ${body.remindAt}`);
    await this.deps.activity.insertAtTop({
      id: `reminder-shown:${firingKey(data)}`,
      userId,
      todoId: data.todoId,
      tagId: null,
      type: 'reminder.shown',
      at: this.deps.now(),
      summary: `Reminder for ${quoted(data.title)} shown on a device with the app open`,
    });
  }

  /** After delivery: which channels took the reminder, or that none did and why. */
  async delivered(data: ReminderDueData): Promise<void> {
    const sent = await this.deps.deliveries.sentCounts(data);
    const devices = await this.deps.subscriptions.countForUser(data.userId);
    const outcome = reminderOutcome(data.title, sent, {
      wantsPush: data.push,
      devices,
      wantsEmail: data.email !== null,
      emailConfigured: this.deps.emailConfigured,
    });
    await this.deps.activity.insertAtTop({
      id: `reminder-outcome:${firingKey(data)}`,
      userId: data.userId,
      todoId: data.todoId,
      tagId: null,
      type: outcome.type,
      at: this.deps.now(),
      summary: outcome.summary,
    });
  }
}
