import type { Knex } from 'knex';
import { PREPARE } from '@todo/platform';

export interface OutboxRow {
  seq: number;
  id: string;
  topic: string;
  type: string;
  partitionKey: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** The trace of the write that added it (null: none). */
  traceparent?: string | null;
}

/** The oldest unpublished events, in order, but those of the `held` partition keys. */
async function oldestUnpublished(
  db: Knex | Knex.Transaction,
  limit: number,
  held: string[],
): Promise<OutboxRow[]> {
  return (await db('outbox')
    .whereNull('publishedAt')
    .modify((q) => {
      if (held.length > 0) q.whereNotIn('partitionKey', held);
    })
    .orderBy('seq')
    .limit(limit)
    .select('seq', 'id', 'topic', 'type', 'partitionKey', 'payload', 'createdAt', 'traceparent')
    .options(PREPARE)) as OutboxRow[];
}

/** One UPDATE for a batch, its seqs as one array parameter. */
async function markPublished(db: Knex | Knex.Transaction, seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  await db('outbox')
    .whereRaw('seq = ANY(?::bigint[])', [seqs])
    .update({ publishedAt: new Date() })
    .options(PREPARE);
}

export class OutboxRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * Runs `publish` over the oldest unpublished events, in order, and marks those it got through as
   * published, all in one transaction. Only one relay at a time does this (an advisory lock), so
   * events leave in commit order even with several replicas; the others find the lock taken. Events
   * of the `held` partition keys (people) stay for a later drain, theirs still in order.
   */
  async drain(
    limit: number,
    publish: (rows: OutboxRow[]) => Promise<number>,
    held: string[] = [],
  ): Promise<number | null> {
    return this.knex.transaction(async (trx) => {
      const lock = await trx.raw(`SELECT pg_try_advisory_xact_lock(hashtext('outbox-relay')) AS ok`);
      if (!(lock.rows[0] as { ok: boolean }).ok) return null;
      const rows = await oldestUnpublished(trx, limit, held);
      if (rows.length === 0) return 0;
      const sent = await publish(rows);
      await markPublished(
        trx,
        rows.slice(0, sent).map((r) => r.seq),
      );
      return sent;
    });
  }

  /**
   * The oldest unpublished events, outside any transaction, for a bus whose acknowledgement waits for
   * its consumers (in process): they use the database while the relay waits, so no transaction may be
   * held open meanwhile. One relay per process then, and the relay runs one drain at a time.
   */
  async unpublished(limit: number, held: string[] = []): Promise<OutboxRow[]> {
    return oldestUnpublished(this.knex, limit, held);
  }

  async markPublished(seqs: number[]): Promise<void> {
    await markPublished(this.knex, seqs);
  }

  async pending(): Promise<number> {
    const row = (await this.knex('outbox').whereNull('publishedAt').count({ n: '*' }).first()) as {
      n: string | number;
    };
    return Number(row.n);
  }

  /** How many events wait to be published, and how long the oldest has waited (0 when none). */
  async backlog(): Promise<{ events: number; oldestAgeSeconds: number }> {
    // The partial index on unpublished rows (seq order) answers both; now() is the database's clock,
    // the one that wrote created_at.
    const { rows } = (await this.knex.raw(
      `SELECT count(*)::int AS events,
              coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
         FROM outbox WHERE published_at IS NULL`,
    )) as { rows: { events: number; age: number }[] };
    return { events: rows[0]?.events ?? 0, oldestAgeSeconds: Math.max(0, rows[0]?.age ?? 0) };
  }

  /** Deletes the events published before `before`; until it runs, published events stay in the table. */
  async prune(before: Date): Promise<number> {
    return this.knex('outbox').whereNotNull('publishedAt').where('publishedAt', '<', before).delete();
  }
}
