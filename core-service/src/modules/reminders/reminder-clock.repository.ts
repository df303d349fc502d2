import type { Knex } from 'knex';

export interface ClaimedReminder {
  id: string;
  todoId: string;
  userId: string;
  remindAt: Date;
  title: string;
  dueAt: Date | null;
  allDay: boolean;
  timeZone: string;
  email: string;
  pushReminders: boolean;
  emailReminders: boolean;
}

export class ReminderClockRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * Marks up to `limit` due reminders of open todos as sent and returns them, skipping rows another
   * replica holds (FOR UPDATE SKIP LOCKED), so ticks running at once never claim one twice. Runs
   * inside the caller's transaction, which also writes their events to the outbox.
   *
   * A reminder whose time had already passed when it was set (created, or last moved) is not due: the
   * person set it knowing, and firing it at once is noise. One set for a later time that fell due while
   * no clock ran (the server was down) is still due. "When it was set" is the device's time for a change
   * synced from a device that was offline (reminderSetAt), so one set before its time fires late rather
   * than never. A minute's grace keeps "remind me at 10:00" set at 10:00:40, or from a device whose
   * clock is a little ahead, a reminder. The rule is written as the index reminders_firing's
   * predicate is (20261208_0015), so the index holds only the reminders that can fire.
   */
  async claimDue(now: Date, limit: number): Promise<ClaimedReminder[]> {
    const result = await this.knex.raw(
      `WITH due AS (
         SELECT r.id FROM reminders r JOIN todos t ON t.id = r.todo_id
         WHERE r.sent_at IS NULL AND r.remind_at <= ? AND t.status = 'open'
           AND r.remind_at - COALESCE(r.moved_at, r.created_at) > interval '-1 minute'
         ORDER BY r.remind_at, r.id
         LIMIT ?
         FOR UPDATE OF r SKIP LOCKED),
       claimed AS (
         UPDATE reminders r SET sent_at = ? FROM due WHERE r.id = due.id
         RETURNING r.id, r.todo_id, r.user_id, r.remind_at)
       SELECT c.id, c.todo_id AS "todoId", c.user_id AS "userId", c.remind_at AS "remindAt", t.title,
              t.due_at AS "dueAt", t.all_day AS "allDay", t.time_zone AS "timeZone", u.email,
              u.push_reminders AS "pushReminders", u.email_reminders AS "emailReminders"
       FROM claimed c JOIN todos t ON t.id = c.todo_id JOIN users u ON u.id = c.user_id
       ORDER BY c.remind_at, c.id`,
      [now, limit, now],
    );
    // Raw results skip the snake_case mapping: the columns are aliased above.
    return result.rows as ClaimedReminder[];
  }
}
