// Inserting many rows as one JSON parameter instead of a VALUES list with a parameter per cell:
// binding and parsing 10,000 parameters costs more than the insert itself on PGlite, and a
// little on PostgreSQL. Rows are camelCase like every knex insert here (knexSnakeCaseMappers).
import type { Knex } from 'knex';
import { snakeCaseMappers } from 'objection';
import { PREPARE } from './prepared-statements.ts';

/** Rows per statement. */
const CHUNK = 1000;

/** Column names as knexSnakeCaseMappers (database.ts) writes them. */
const { format: toColumns } = snakeCaseMappers();

/**
 * INSERT INTO `table` (the rows' keys) the rows, in statements of CHUNK rows; `onConflictIgnore`
 * adds `ON CONFLICT (...) DO NOTHING`. Returns how many rows went in. Values go through JSON: a Date
 * as its ISO time, an object or array into a json/jsonb column as itself. Rows whose keys differ, or
 * with an undefined value (a column left to its default), go through knex's own INSERT instead.
 */
export async function insertRows(
  knex: Knex,
  table: string,
  objects: readonly object[],
  options: { onConflictIgnore?: string[] } = {},
): Promise<number> {
  const rows = objects as readonly Record<string, unknown>[];
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  const uniform = rows.every(
    (row) => Object.keys(row).length === columns.length && columns.every((c) => row[c] !== undefined),
  );
  if (!uniform) return insertWithKnex(knex, table, rows, options.onConflictIgnore);
  const names = Object.keys(toColumns(Object.fromEntries(columns.map((c) => [c, null]))));
  const list = columns.map(() => '??').join(', ');
  const conflict = options.onConflictIgnore
    ? ` ON CONFLICT (${options.onConflictIgnore.map(() => '??').join(', ')}) DO NOTHING`
    : '';
  const sql =
    `INSERT INTO ?? (${list}) SELECT ${list} FROM json_populate_recordset(NULL::??, ?::json)` + conflict;
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(
      rows.slice(i, i + CHUNK).map((row) => {
        const out: Record<string, unknown> = {};
        for (let c = 0; c < columns.length; c++) out[names[c]!] = row[columns[c]!];
        return out;
      }),
    );
    const result = await knex
      .raw(sql, [table, ...columns, ...columns, table, json, ...(options.onConflictIgnore ?? [])])
      .options(PREPARE);
    inserted += (result as { rowCount?: number | null }).rowCount ?? 0;
  }
  return inserted;
}

async function insertWithKnex(
  knex: Knex,
  table: string,
  rows: readonly Record<string, unknown>[],
  onConflictIgnore: string[] | undefined,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK / 2) {
    const chunk = rows
      .slice(i, i + CHUNK / 2)
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v,
          ]),
        ),
      );
    const query = knex(table).insert(chunk);
    const result = onConflictIgnore ? await query.onConflict(onConflictIgnore).ignore() : await query;
    inserted += (result as unknown as { rowCount?: number | null }).rowCount ?? 0;
  }
  return inserted;
}
