// What export and the calendar feed read beyond the other modules' repositories (the ids of every todo a
// person sees, the dated open ones), and the calendar_feeds table: one hashed token per person.
import type { Knex } from 'knex';

/** The lists a person sees (owns or was admitted to). Binds: userId. */
const VISIBLE_LISTS = 'SELECT list_id FROM list_members WHERE user_id = ?';

export interface CalendarFeedRow {
  userId: string;
  feedId: string;
  tokenHash: Buffer;
  createdAt: Date;
}

export class PortabilityRepository {
  constructor(private readonly knex: Knex) {}

  /** Every todo the person sees, open and done, in a stable order (list, then manual order). */
  async visibleTodoIds(userId: string): Promise<string[]> {
    const rows = await this.knex('todos')
      .whereRaw(`list_id IN (${VISIBLE_LISTS})`, [userId])
      .orderBy([{ column: 'list_id' }, { column: 'position' }, { column: 'id' }])
      .select('id');
    return rows.map((r: { id: string }) => r.id);
  }

  /**
   * Open todos with a due date in the person's lists, the calendar's events (at most `limit`). Not those
   * of archived lists: they leave every view that mixes lists, as GET /api/todos without `list`.
   */
  async datedOpenTodoIds(userId: string, limit: number): Promise<string[]> {
    const rows = await this.knex('todos')
      .whereRaw(`list_id IN (${VISIBLE_LISTS})`, [userId])
      .whereRaw('list_id NOT IN (SELECT id FROM lists WHERE archived)')
      .where('status', 'open')
      .whereNotNull('due_at')
      .orderBy([{ column: 'due_at' }, { column: 'id' }])
      .limit(limit)
      .select('id');
    return rows.map((r: { id: string }) => r.id);
  }

  /**
   * Marks todos just created in this transaction done, in one statement. Their change-log entries and
   * versions are those of the creation: nobody saw them open, as the transaction is not committed yet.
   */
  async markDone(done: { id: string; completedAt: Date }[]): Promise<void> {
    if (done.length === 0) return;
    await this.knex.raw(
      `UPDATE todos t SET status = 'done', completed_at = v.at
       FROM unnest(?::uuid[], ?::timestamptz[]) AS v(id, at) WHERE t.id = v.id`,
      [done.map((d) => d.id), done.map((d) => d.completedAt.toISOString())],
    );
  }

  async feedOf(userId: string): Promise<CalendarFeedRow | undefined> {
    return this.knex<CalendarFeedRow>('calendar_feeds').where({ userId }).first();
  }

  async feedByHash(tokenHash: Buffer): Promise<CalendarFeedRow | undefined> {
    return this.knex<CalendarFeedRow>('calendar_feeds').where({ tokenHash }).first();
  }

  /** Inserts unless the person has a feed already (two first GETs at once): the stored one wins. */
  async insertFeed(row: CalendarFeedRow): Promise<void> {
    await this.knex('calendar_feeds').insert(row).onConflict('user_id').ignore();
  }

  /** true when there was a feed to revoke. */
  async deleteFeed(userId: string): Promise<boolean> {
    return (await this.knex('calendar_feeds').where({ userId }).delete().returning('user_id')).length > 0;
  }
}
