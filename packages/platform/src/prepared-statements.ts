// Named prepared statements for the reads every request makes (issue 14). PostgreSQL planned the
// query that loads a todo as JSON in 0.45 ms and ran it in 0.06 ms; a page of todos took 0.65 ms to
// plan. A named statement is parsed once per connection and, after five runs, PostgreSQL keeps its
// generic plan when that costs no more than planning anew: the planning goes.
//
// A query asks for it with `.options(PREPARE)`; the pg client below names it after its text. knex
// has no such option of its own; node-postgres prepares a query that has a `name`.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/** `knex.raw(…).options(PREPARE)`: run as a named prepared statement on PostgreSQL (PGlite ignores it). */
export const PREPARE = { prepare: true } as const;

/**
 * At most this many statement texts are prepared: each is kept by every pooled connection. A query
 * whose text is built from its input (a filter's words) has many shapes; past the limit, the new
 * ones run unnamed, as before.
 */
const MAX_STATEMENTS = 200;
const names = new Map<string, string>();

/**
 * The statement's first keyword and a hash of its text ("INSERT 3q…"): the keyword keeps what a trace
 * shows readable, as the pg instrumentation names a named statement's span after its name alone.
 */
export function statementName(sql: string): string | undefined {
  const known = names.get(sql);
  if (known || names.size >= MAX_STATEMENTS) return known;
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
  const name = `${verb} ${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
  names.set(sql, name);
  return name;
}

interface CompiledQuery {
  sql: string;
  options?: Record<string, unknown>;
}

interface PgClient {
  _query(connection: unknown, obj: CompiledQuery): Promise<unknown>;
}

// knex's own PostgreSQL client, extended: a transaction's client is made from its prototype.
const require = createRequire(import.meta.url);
const KnexPgClient = require('knex/lib/dialects/postgres/index.js') as new (config: unknown) => PgClient;

export class PreparingPgClient extends KnexPgClient {
  override _query(connection: unknown, obj: CompiledQuery): Promise<unknown> {
    if (obj.options?.prepare) {
      const { prepare: _, ...options } = obj.options;
      const name = statementName(obj.sql);
      obj.options = name ? { ...options, name } : options;
    }
    return super._query(connection, obj);
  }
}
