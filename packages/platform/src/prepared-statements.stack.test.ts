// PREPARE on the PostgreSQL server of DATABASE_URL: a marked query runs as a named prepared statement,
// inside a transaction too, on its generic plan from its first run; others stay unnamed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database.ts';
import { PREPARE, statementName } from './prepared-statements.ts';

let db: Database;

beforeAll(() => {
  // One connection: the prepared statements a session holds are that connection's.
  db = createDatabase({ url: process.env.DATABASE_URL!, poolMax: 1 });
});
afterAll(() => db.close());

const SQL = 'SELECT ?::int + 1 AS n, ?::text AS word';

describe('PREPARE on PostgreSQL', () => {
  it('prepares the statement once per connection under a name made from its text', async () => {
    await db.knex.raw(SQL, [1, 'a']).options(PREPARE);
    await db.knex.transaction(async (trx) => {
      await trx.raw(SQL, [2, 'b']).options(PREPARE);
    });
    const { rows } = (await db.knex.raw('SELECT name, statement FROM pg_prepared_statements')) as {
      rows: { name: string; statement: string }[];
    };
    const ours = rows.filter((r) => r.statement === 'SELECT $1::int + 1 AS n, $2::text AS word');
    expect(ours).toEqual([
      { name: statementName('SELECT $1::int + 1 AS n, $2::text AS word'), statement: ours[0]?.statement },
    ]);
    expect(ours[0]!.name).toMatch(/^SELECT [\w-]{24}$/);
  });

  it('runs its generic plan every time, never planning it anew (GENERIC_PLANS)', async () => {
    const sql = 'SELECT count(*)::int AS n FROM pg_class WHERE relname <> ? AND relpages >= ?';
    for (const pages of [0, 1, 2]) await db.knex.raw(sql, ['x', pages]).options(PREPARE);
    const { rows } = (await db.knex.raw(
      'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = ?',
      [statementName(sql.replace('?', '$1').replace('?', '$2'))!],
    )) as { rows: { generic_plans: number; custom_plans: number }[] };
    expect(rows).toEqual([{ generic_plans: 3, custom_plans: 0 }]);
  });

  it('leaves a query that does not ask for it unnamed', async () => {
    await db.knex.raw('SELECT ?::int AS unnamed', [3]);
    const { rows } = (await db.knex.raw(
      `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%AS unnamed'`,
    )) as { rows: { n: number }[] };
    expect(rows[0]!.n).toBe(0);
  });
});
