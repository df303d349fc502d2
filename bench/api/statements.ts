// Per-statement SQL timing for each row (`--statements N`, issue 14's "profile first"): PostgreSQL's
// pg_stat_statements for the bench's database alone, emptied before the row and read after it, so
// neither the seed nor the row before counts (the seed's 1,000-todo INSERTs share a POST's text).
// It needs the library loaded at the server's start and the extension in its `postgres` database:
// scripts/stack-services.sh sets up both.
import pg from 'pg';
import { serverDatabase } from './database-url.ts';

export interface StatementFigure {
  /** Executions per request of the row. */
  perRequest: number;
  /** Mean execution time (a wait for a lock counts), ms. */
  meanMs: number;
  /** Planning time per execution, ms: near 0 when a prepared statement keeps its plan. */
  planMs: number;
  /** Share of the database's execution and planning time in the row, percent. */
  sharePercent: number;
  query: string;
}

export class StatementTiming {
  private constructor(
    private readonly admin: pg.Client,
    private readonly dbid: number,
  ) {}

  /** Reads the statements of `dbUrl`'s database through its server's `postgres` database. */
  static async open(dbUrl: string): Promise<StatementTiming> {
    const { name, postgresUrl } = serverDatabase(dbUrl);
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = $1', [
        name,
      ]);
      if (!rows[0]) throw new Error(`no database ${name}`);
      const timing = new StatementTiming(admin, rows[0].oid);
      await timing.reset();
      return timing;
    } catch (err) {
      await admin.end();
      throw new Error(
        `--statements needs pg_stat_statements (shared_preload_libraries, the extension in the ` +
          `postgres database, and EXECUTE on its reset: scripts/stack-services.sh): ${(err as Error).message}`,
      );
    }
  }

  async reset(): Promise<void> {
    await this.admin.query('SELECT pg_stat_statements_reset(0, $1, 0)', [this.dbid]);
  }

  /** The `n` statements that took the most time since the last reset, for a row of `requests`. */
  async top(requests: number, n: number): Promise<StatementFigure[]> {
    const { rows } = await this.admin.query<{
      calls: string;
      mean: number;
      plan: number;
      share: number;
      query: string;
    }>(
      `SELECT calls, mean_exec_time AS mean, total_plan_time / NULLIF(calls, 0) AS plan,
              100 * (total_exec_time + total_plan_time)
                / NULLIF(sum(total_exec_time + total_plan_time) OVER (), 0) AS share, query
       FROM pg_stat_statements WHERE dbid = $1 ORDER BY total_exec_time + total_plan_time DESC LIMIT $2`,
      [this.dbid, n],
    );
    return rows.map((r) => ({
      perRequest: Math.round((Number(r.calls) / Math.max(requests, 1)) * 1000) / 1000,
      meanMs: Math.round(r.mean * 1000) / 1000,
      planMs: Math.round((r.plan ?? 0) * 1000) / 1000,
      sharePercent: Math.round((r.share ?? 0) * 10) / 10,
      query: r.query.replace(/\s+/g, ' ').slice(0, 100),
    }));
  }

  close(): Promise<void> {
    return this.admin.end();
  }
}

export function formatStatements(figures: StatementFigure[]): string[] {
  return figures.map(
    (f) =>
      `      ${String(f.perRequest).padStart(6)}/req ${f.meanMs.toFixed(3).padStart(8)} ms ` +
      `plan ${f.planMs.toFixed(3).padStart(7)} ms ${f.sharePercent.toFixed(1).padStart(5)}%  ${f.query}`,
  );
}
