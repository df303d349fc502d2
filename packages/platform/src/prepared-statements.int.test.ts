// PREPARE against the database of the target (PGlite in memory, or the PostgreSQL server of
// DATABASE_URL): a marked query answers as before; prepared-statements.stack.test.ts checks the names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from './database.ts';
import { PREPARE, statementName } from './prepared-statements.ts';

let db: Database;

beforeAll(() => {
  const url = process.env.TEST_TARGET === 'stack' ? process.env.DATABASE_URL : undefined;
  // One connection: the prepared statements a session holds are that connection's.
  db = createDatabase(url ? { url, poolMax: 1 } : {});
});
afterAll(() => db.close());

const SQL = 'SELECT ?::int + 1 AS n, ?::text AS word';

describe('PREPARE', () => {
  it('answers as the unprepared query does, with its own bindings each time', async () => {
    for (const [n, word] of [
      [1, 'one'],
      [41, 'forty-one'],
    ] as const) {
      const { rows } = (await db.knex.raw(SQL, [n, word]).options(PREPARE)) as {
        rows: { n: number; word: string }[];
      };
      expect(rows).toEqual([{ n: n + 1, word }]);
    }
  });
});

describe('statementName', () => {
  it('names a text the same each time and different texts differently', () => {
    expect(statementName('SELECT 1 AS same')).toBe(statementName('SELECT 1 AS same'));
    expect(statementName('SELECT 1 AS same')).not.toBe(statementName('SELECT 2 AS same'));
  });

  it('names no new text past its limit, and still the ones it named', () => {
    const first = statementName('SELECT 1 AS kept');
    const names = Array.from({ length: 300 }, (_, i) => statementName(`SELECT ${i} AS shape`));
    expect(names.filter(Boolean).length).toBeLessThan(200);
    expect(names.at(-1)).toBeUndefined();
    expect(statementName('SELECT 1 AS kept')).toBe(first);
  });
});
