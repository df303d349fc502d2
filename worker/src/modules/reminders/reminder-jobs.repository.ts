// The only file that knows how reminders waiting for delivery are stored (table notification_jobs).
import type { ReminderDueData } from '@todo/contracts';
import type { Knex } from '../../db/knex.ts';

export interface ReminderJob {
  id: number;
  eventId: string;
  data: ReminderDueData;
  attempts: number;
  createdAt: Date;
}

export class ReminderJobRepository {
  constructor(private readonly knex: Knex) {}

  /** Records a firing once (a redelivered event finds it there). */
  async enqueue(data: ReminderDueData, eventId: string, now: Date): Promise<void> {
    await this.knex('notificationJobs')
      .insert({
        reminderId: data.reminderId,
        remindAt: new Date(data.remindAt),
        userId: data.userId,
        eventId,
        data,
        dueAt: now,
        createdAt: now,
      })
      .onConflict(['reminderId', 'remindAt'])
      .ignore();
  }

  /**
   * Takes up to `limit` jobs that are due and not leased, leasing them until `leaseUntil` (replicas
   * skip rows another one is taking: SKIP LOCKED), and counts the attempt.
   */
  async claim(now: Date, limit: number, leaseUntil: Date): Promise<ReminderJob[]> {
    const result = await this.knex.raw(
      `UPDATE notification_jobs j SET lease_until = ?, attempts = j.attempts + 1
       FROM (SELECT id FROM notification_jobs
             WHERE status = 'pending' AND due_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
             ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED) due
       WHERE j.id = due.id
       RETURNING j.id, j.event_id AS "eventId", j.data, j.attempts, j.created_at AS "createdAt"`,
      [leaseUntil, now, now, limit],
    );
    return (result.rows as ReminderJob[]).map((r) => ({ ...r, id: Number(r.id) }));
  }

  /**
   * Moves the leases of jobs still taken (pending, leased) to `leaseUntil`; a job recorded meanwhile
   * (done, failed, or put back for a retry: no lease) is left as it is. Returns how many were renewed.
   */
  async renew(ids: number[], leaseUntil: Date): Promise<number> {
    return this.knex('notificationJobs')
      .whereIn('id', ids)
      .where({ status: 'pending' })
      .whereNotNull('leaseUntil')
      .update({ leaseUntil });
  }

  /** The firing of this person's reminder at `remindAt`, once the worker has it (null before). */
  async findFiring(userId: string, reminderId: string, remindAt: Date): Promise<ReminderDueData | null> {
    const row = (await this.knex('notificationJobs')
      .where({ userId, reminderId, remindAt })
      .first('data')) as { data: ReminderDueData } | undefined;
    return row?.data ?? null;
  }

  async finish(id: number, status: 'done' | 'failed', now: Date): Promise<void> {
    await this.knex('notificationJobs').where({ id }).update({ status, finishedAt: now, leaseUntil: null });
  }

  async retryAt(id: number, dueAt: Date): Promise<void> {
    await this.knex('notificationJobs').where({ id }).update({ dueAt, leaseUntil: null });
  }

  /**
   * Frees the jobs a sender held when its process died, so they are taken at once rather than when their
   * lease runs out. Only for a worker that knows no other one shares these jobs. Returns how many.
   */
  async releaseLeases(): Promise<number> {
    return this.knex('notificationJobs')
      .where({ status: 'pending' })
      .whereNotNull('leaseUntil')
      .update({ leaseUntil: null });
  }

  /** Finished jobs are forgotten after a while (as sent-notification records are). */
  async prune(before: Date): Promise<number> {
    return this.knex('notificationJobs')
      .whereNot({ status: 'pending' })
      .where('finishedAt', '<', before)
      .delete();
  }
}
