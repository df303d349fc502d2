// What sync stores: the mutations already applied per person, and the change log read for pulls.
import type { Knex } from 'knex';
import type { MutationResult } from '@todo/contracts';
import { insertRows } from '@todo/platform';

export interface ChangedEntity {
  entity: 'todo' | 'tag' | 'list';
  entityId: string;
  version: number;
  op: 'upsert' | 'delete' | 'revoke';
}

export interface RememberedMutation {
  userId: string;
  mutationId: string;
  clientId: string;
  type: string;
  status: 'applied' | 'rejected';
  problem?: MutationResult['problem'];
  at: Date;
}

export class SyncRepository {
  constructor(private readonly knex: Knex) {}

  async applied(
    userId: string,
    mutationId: string,
  ): Promise<Pick<MutationResult, 'status' | 'problem'> | undefined> {
    const row = (await this.knex('applied_mutations')
      .where({ userId, mutationId })
      .first('status', 'problem')) as
      { status: 'applied' | 'rejected'; problem: MutationResult['problem'] | null } | undefined;
    if (!row) return undefined;
    return row.status === 'rejected' && row.problem
      ? { status: 'rejected', problem: row.problem }
      : { status: 'applied' };
  }

  /** Which of these mutation ids this person's clients sent before. */
  async appliedAmong(userId: string, mutationIds: string[]): Promise<string[]> {
    const rows = (await this.knex('applied_mutations')
      .where({ userId })
      // One array parameter rather than one per id: a push asks about 500 at a time.
      .whereRaw('?? = ANY(?::uuid[])', ['mutationId', mutationIds])
      .select('mutationId')) as { mutationId: string }[];
    return rows.map((r) => r.mutationId);
  }

  async remember(row: RememberedMutation): Promise<void> {
    await this.rememberMany([row]);
  }

  async rememberMany(rows: RememberedMutation[]): Promise<void> {
    await insertRows(
      this.knex,
      'applied_mutations',
      rows.map((row) => ({
        userId: row.userId,
        mutationId: row.mutationId,
        clientId: row.clientId,
        type: row.type,
        status: row.status,
        problem: row.problem ?? null,
        appliedAt: row.at,
      })),
    );
  }

  /** The latest change of each entity changed after `cursor`, oldest first, at most `limit + 1`. */
  async changesSince(userId: string, cursor: number, limit: number): Promise<ChangedEntity[]> {
    const latest = this.knex('change_log')
      .distinctOn('entity', 'entityId')
      .select('entity', 'entityId', 'version', 'op')
      .where('userId', userId)
      .where('version', '>', cursor)
      .orderBy([{ column: 'entity' }, { column: 'entityId' }, { column: 'version', order: 'desc' }])
      .as('latest');
    return (await this.knex
      .select('*')
      .from(latest)
      .orderBy('version')
      .limit(limit + 1)) as ChangedEntity[];
  }

  async horizon(userId: string): Promise<{ horizon: number; version: number }> {
    const row = (await this.knex('users').where({ id: userId }).first('syncHorizon', 'changeVersion')) as
      { syncHorizon: number; changeVersion: number } | undefined;
    return { horizon: row?.syncHorizon ?? 0, version: row?.changeVersion ?? 0 };
  }

  /**
   * Forgets what no client needs: change-log rows superseded by a later change of the same entity,
   * tombstones older than `tombstonesBefore` (raising the person's horizon past them; null keeps
   * them all), and remembered mutations older than `before`. Returns how many rows went.
   */
  async compact(before: Date, tombstonesBefore: Date | null = before): Promise<number> {
    const superseded = await this.knex.raw(`
      DELETE FROM change_log c USING change_log newer
      WHERE newer.user_id = c.user_id AND newer.entity = c.entity AND newer.entity_id = c.entity_id
        AND newer.version > c.version`);
    const tombstones = tombstonesBefore
      ? await this.knex.raw(
          `WITH gone AS (
         DELETE FROM change_log WHERE op IN ('delete', 'revoke') AND at < ? RETURNING user_id, version)
       UPDATE users u SET sync_horizon = GREATEST(u.sync_horizon, g.top)
       FROM (SELECT user_id, max(version) AS top, count(*) AS n FROM gone GROUP BY user_id) g
       WHERE u.id = g.user_id RETURNING g.n`,
          [tombstonesBefore],
        )
      : { rows: [] };
    const mutations = await this.knex('applied_mutations').where('appliedAt', '<', before).delete();
    const gone = (tombstones.rows as { n: string | number }[]).reduce((sum, r) => sum + Number(r.n), 0);
    return (superseded.rowCount ?? 0) + gone + mutations;
  }
}
