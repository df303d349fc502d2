// The only file that knows how the audit history is stored (table activity).
import { insertRows } from '@todo/platform';
import type { Knex } from '../../db/knex.ts';

export interface ActivityRow {
  id: string;
  userId: string;
  todoId: string | null;
  tagId: string | null;
  type: string;
  version: number;
  at: Date;
  summary: string;
}

export interface ActivityPosition {
  version: number;
  id: string;
}

export class ActivityRepository {
  constructor(private readonly knex: Knex) {}

  /** Inserts in one statement, skipping events already recorded (redeliveries); returns how many went in. */
  async insertMany(rows: ActivityRow[]): Promise<number> {
    return insertRows(this.knex, 'activity', rows, { onConflictIgnore: ['id'] });
  }

  /**
   * Records something the worker itself noticed (not a change-log event) at the top of the person's
   * history: it takes their newest version, and the id orders it after that change. Once per id.
   */
  async insertAtTop(row: Omit<ActivityRow, 'version'>): Promise<void> {
    await this.knex.raw(
      `INSERT INTO activity (id, user_id, todo_id, tag_id, type, version, at, summary)
       SELECT ?, ?, ?, ?, ?, coalesce(max(version), 0), ?, ? FROM activity WHERE user_id = ?
       ON CONFLICT (id) DO NOTHING`,
      [row.id, row.userId, row.todoId, row.tagId, row.type, row.at, row.summary, row.userId],
    );
  }

  /** The person's history newest first (by change-log version), after `before` when given. */
  async page(
    userId: string,
    options: { todoId?: string; before?: ActivityPosition; limit: number },
  ): Promise<ActivityRow[]> {
    const query = this.knex('activity').where({ userId });
    if (options.todoId) query.andWhere({ todoId: options.todoId });
    if (options.before) {
      const { version, id } = options.before;
      query.andWhere((q) =>
        q
          .where('version', '<', version)
          .orWhere((q2) => q2.where('version', version).andWhere('id', '<', id)),
      );
    }
    const rows = (await query
      .orderBy([
        { column: 'version', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit)
      .select('id', 'userId', 'todoId', 'tagId', 'type', 'version', 'at', 'summary')) as ActivityRow[];
    // int8 arrives as a string from some drivers.
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }
}
