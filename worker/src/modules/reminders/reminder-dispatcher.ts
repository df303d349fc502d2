// Delivers the reminders the consumer recorded (notification_jobs), many at once: one person's slow
// or dead push service holds one of CONCURRENCY slots for at most the sender's timeout, never anyone
// else's reminder. A delivery that may succeed later is tried again after a backoff that grows to
// minutes, from the database, so a restart resumes it; when the budget is spent without reaching any
// device or address, the reminder is `failed` and the person's activity history says so.
import type { Logger } from '@todo/platform';
import type { ActivityRepository } from '../activity/activity.repository.ts';
import type { DeliveryRepository } from './deliveries.repository.ts';
import type { ReminderJob, ReminderJobRepository } from './reminder-jobs.repository.ts';
import type { ReminderNotifier } from './reminder-notifier.ts';
import type { ReminderReports } from './reminder-reports.service.ts';

export interface RetryPolicy {
  /** The first retry's wait; each later one waits twice as long, up to maxMs. */
  firstMs: number;
  maxMs: number;
  /** From the first attempt: past it, a reminder that reached nobody is recorded as failed. */
  budgetMs: number;
}

export const REMINDER_RETRY: RetryPolicy = { firstMs: 10_000, maxMs: 10 * 60_000, budgetMs: 2 * 3600_000 };

/** Reminders in delivery at once. */
const CONCURRENCY = 16;
/**
 * How long a job taken stays the taker's: it renews the lease of each job in hand every third of this,
 * however long the send takes, so a job of a sender that died is taken again within this (by a replica,
 * or by the worker started again). It was 2 minutes, unrenewed: reminders in flight at a crash were that
 * late on PostgreSQL.
 */
const LEASE_MS = 30_000;

export interface DispatcherDeps {
  jobs: ReminderJobRepository;
  notifier: ReminderNotifier;
  deliveries: Pick<DeliveryRepository, 'anySent'>;
  activity: Pick<ActivityRepository, 'insertAtTop'>;
  /** Tells the person's history what became of a delivered reminder. */
  reports?: Pick<ReminderReports, 'delivered'>;
  logger: Logger;
  retry?: RetryPolicy;
  /** LEASE_MS unless a test says otherwise. */
  leaseMs?: number;
  pollMs?: number;
  now?: () => Date;
}

export class ReminderDispatcher {
  /** The deliveries in hand by their jobs' ids: the leases of these are renewed until each is recorded. */
  private readonly running = new Map<number, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private renewal: NodeJS.Timeout | undefined;
  private claiming = false;
  private again = false;
  private stopped = true;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private readonly now: () => Date;

  constructor(private readonly deps: DispatcherDeps) {
    this.retry = deps.retry ?? REMINDER_RETRY;
    this.leaseMs = deps.leaseMs ?? LEASE_MS;
    this.now = deps.now ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.nudge(), this.deps.pollMs ?? 1000);
    this.timer.unref();
    this.renewal = setInterval(() => void this.renew(), this.leaseMs / 3);
    this.renewal.unref();
    this.nudge();
  }

  /** Something is due (a new reminder, a slot came free): take what waits. */
  nudge(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    void this.fill()
      .catch((err: unknown) => this.deps.logger.warn({ err: String(err) }, 'could not take due reminders'))
      .finally(() => {
        this.claiming = false;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** Stops taking jobs and waits for the ones in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled(this.running.values());
    clearInterval(this.renewal);
  }

  /** Keeps the jobs in hand ours; one that failed to renew may be taken (and sent) again elsewhere. */
  private async renew(): Promise<void> {
    if (this.running.size === 0) return;
    const until = new Date(this.now().getTime() + this.leaseMs);
    try {
      await this.deps.jobs.renew([...this.running.keys()], until);
    } catch (err) {
      this.deps.logger.warn({ err: String(err) }, 'could not renew the leases of reminders in delivery');
    }
  }

  private async fill(): Promise<void> {
    const free = CONCURRENCY - this.running.size;
    if (free <= 0) return;
    const now = this.now();
    const jobs = await this.deps.jobs.claim(now, free, new Date(now.getTime() + this.leaseMs));
    for (const job of jobs) {
      const work = this.deliver(job).finally(() => {
        // Taken again here while in hand (its lease ran out unrenewed): the later delivery keeps the slot.
        if (this.running.get(job.id) === work) this.running.delete(job.id);
        this.nudge();
      });
      this.running.set(job.id, work);
    }
  }

  private async deliver(job: ReminderJob): Promise<void> {
    const log = this.deps.logger.child({
      eventId: job.eventId,
      userId: job.data.userId,
      attempt: job.attempts,
    });
    let result: 'done' | 'retry';
    try {
      result = await this.deps.notifier.notify(job.data, job.eventId, log);
    } catch (err) {
      log.warn({ err: String(err) }, 'reminder delivery failed; will retry');
      result = 'retry';
    }
    try {
      const now = this.now();
      if (result === 'done') {
        // The history line first: a job taken again after a crash writes it once (its id is the firing's).
        await this.deps.reports?.delivered(job.data);
        return await this.deps.jobs.finish(job.id, 'done', now);
      }
      if (now.getTime() - job.createdAt.getTime() < this.retry.budgetMs) {
        const wait = Math.min(this.retry.maxMs, this.retry.firstMs * 2 ** (job.attempts - 1));
        return await this.deps.jobs.retryAt(job.id, new Date(now.getTime() + wait));
      }
      await this.giveUp(job, now, log);
    } catch (err) {
      // The lease runs out and the job is taken again.
      log.warn({ err: String(err) }, 'could not record a reminder delivery');
    }
  }

  private async giveUp(job: ReminderJob, now: Date, log: Logger): Promise<void> {
    const reached = await this.deps.deliveries.anySent(job.data);
    await this.deps.jobs.finish(job.id, reached ? 'done' : 'failed', now);
    if (reached) return;
    log.warn({ attempts: job.attempts }, 'reminder could not be delivered; recorded as failed');
    await this.deps.activity.insertAtTop({
      id: `reminder-failed:${job.data.reminderId}:${job.data.remindAt}`,
      userId: job.data.userId,
      todoId: job.data.todoId,
      tagId: null,
      type: 'reminder.failed',
      at: now,
      summary: `The reminder for “${job.data.title.slice(0, 200)}” could not be delivered to any device or email`,
    });
  }
}
