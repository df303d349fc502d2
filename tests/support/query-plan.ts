// The plan of a query the server really ran: which statement knex logged while the test acted, then
// that statement under EXPLAIN (ANALYZE, FORMAT JSON) with its own bindings. Plan tests check what an
// index or a rewrite made PostgreSQL read.
import type { Knex } from 'knex';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

export interface LoggedQuery {
  sql: string;
  bindings: unknown[];
}

/** The plan's nodes, the plan first. */
export const planNodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(planNodes)];

/** The last statement whose SQL `matches` that `knex` ran while `act` ran; fails when none did. */
export async function queryDuring(
  knex: Knex,
  matches: (sql: string) => boolean,
  act: () => Promise<unknown>,
): Promise<LoggedQuery> {
  let found: LoggedQuery | undefined;
  const listen = (query: LoggedQuery) => {
    if (matches(query.sql)) found = query;
  };
  knex.on('query', listen);
  try {
    await act();
  } finally {
    knex.off('query', listen);
  }
  if (!found) throw new Error('no matching query ran');
  return found;
}

/**
 * The statement run under EXPLAIN ANALYZE on `db` (a transaction, to set planner options or to roll
 * back a statement that writes), with `bindings` in place of its own when given.
 */
export async function explainAnalyze(
  db: Knex | Knex.Transaction,
  query: LoggedQuery,
  bindings: unknown[] = query.bindings,
): Promise<PlanNode> {
  // knex logged the statement with PostgreSQL's $n placeholders; its raw() takes `?`.
  const sql = `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql.replace(/\$\d+/g, '?')}`;
  const result = (await db.raw(sql, bindings as Knex.RawBinding[])) as { rows: Record<string, unknown>[] };
  const cell = Object.values(result.rows[0]!)[0];
  return ((typeof cell === 'string' ? JSON.parse(cell) : cell) as { Plan: PlanNode }[])[0]!.Plan;
}
