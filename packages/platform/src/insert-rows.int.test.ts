// insertRows against the database of the target (PGlite in memory, or the PostgreSQL server of
// DATABASE_URL): values arrive as a VALUES insert would store them, conflicts are skipped and counted,
// rows of different shapes go through knex's own INSERT.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database.ts';
import { insertRows } from './insert-rows.ts';

let db: Database;

beforeAll(() => {
  const url = process.env.TEST_TARGET === 'stack' ? process.env.DATABASE_URL : undefined;
  db = createDatabase(url ? { url, poolMax: 1 } : {});
});
afterAll(() => db.close());

/** Runs `work` against a temporary table of its own, in a transaction that drops it. */
function withTable<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.knex.transaction(async (trx) => {
    await trx.raw(`CREATE TEMP TABLE sample (
      id uuid PRIMARY KEY, user_name text NOT NULL, seen_at timestamptz, count_of int NOT NULL DEFAULT 7,
      done boolean NOT NULL, payload jsonb, note text) ON COMMIT DROP`);
    return work(trx);
  });
}

describe('insertRows', () => {
  it('stores dates, nulls, booleans, text and JSON objects as they were given', async () => {
    const at = new Date('2026-03-08T09:00:00.123Z');
    const rows = [
      {
        id: randomUUID(),
        userName: 'Zoë "quoted" \\ \n ✓',
        seenAt: at,
        countOf: 1,
        done: true,
        payload: { a: [1, 'x'] },
        note: null,
      },
      { id: randomUUID(), userName: 'b', seenAt: null, countOf: 2, done: false, payload: null, note: 'n' },
    ];
    const stored = await withTable(async (trx) => {
      expect(await insertRows(trx, 'sample', rows)).toBe(2);
      return trx('sample').orderBy('countOf').select('*');
    });
    expect(stored).toEqual(rows);
  });

  it('skips rows whose key exists with onConflictIgnore and counts only those inserted', async () => {
    const id = randomUUID();
    const row = (name: string) => ({ id, userName: name, done: false });
    const [first, again, stored] = await withTable(async (trx) => [
      await insertRows(trx, 'sample', [row('first')], { onConflictIgnore: ['id'] }),
      await insertRows(trx, 'sample', [row('second'), { ...row('third'), id: randomUUID() }], {
        onConflictIgnore: ['id'],
      }),
      await trx('sample').where({ id }).first('userName'),
    ]);
    expect([first, again]).toEqual([1, 1]);
    expect(stored).toEqual({ userName: 'first' });
  });

  it('inserts in chunks of any size', async () => {
    const rows = Array.from({ length: 2501 }, (_, i) => ({
      id: randomUUID(),
      userName: `u${i}`,
      done: i % 2 === 0,
    }));
    const count = await withTable(async (trx) => {
      await insertRows(trx, 'sample', rows);
      return (await trx('sample').count({ n: '*' }).first())!.n;
    });
    expect(Number(count)).toBe(2501);
  });

  it('leaves a column out of a row to its default when the rows differ in shape', async () => {
    const stored = await withTable(async (trx) => {
      await insertRows(trx, 'sample', [
        { id: randomUUID(), userName: 'with', done: true, countOf: 3, payload: { k: 1 } },
        { id: randomUUID(), userName: 'without', done: true, countOf: undefined },
      ]);
      return trx('sample').orderBy('userName').select('userName', 'countOf', 'payload');
    });
    expect(stored).toEqual([
      { userName: 'with', countOf: 3, payload: { k: 1 } },
      { userName: 'without', countOf: 7, payload: null },
    ]);
  });
});
