// One PostgreSQL dialect everywhere: PGlite in-process (files under DATA_DIR) for the embedded default,
// a PostgreSQL server when DATABASE_URL is set. Migrations are the same for both. Each service brings
// its own migrations and table of applied ones, so core-service and the worker can share one database
// (one PGlite in the embedded default) without knowing each other's schema.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import pg from 'pg';
import { loadKnexPglite, loadPglite, openPglite } from './pglite.ts';
import { PreparingPgClient } from './prepared-statements.ts';

// int8 (versions, counters) as numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise PGlite. */
  url?: string;
  /** PGlite's directory; omitted means in memory (tests). */
  dataDir?: string;
  poolMax?: number;
}

export interface Migrations {
  source: Knex.MigrationSource<string>;
  /** The table that records which of these migrations ran, one per service. */
  table: string;
}

export interface Database {
  knex: Knex;
  kind: 'postgres' | 'pglite';
  /** Applies the pending migrations; returns their names. */
  migrate(migrations: Migrations): Promise<string[]>;
  rollback(migrations: Migrations, all?: boolean): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates PGlite's files in a new data directory, then closes that instance. initdb grows PGlite's
 * WebAssembly heap by some 400 MB that it never gives back; the database opened afterwards starts as
 * small as on any later start. Does nothing when the directory holds a database already.
 */
export async function initPgliteDir(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const PGlite = loadPglite();
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
  await pglite.close();
}

/**
 * Every statement runs its generic plan, planned once per connection for a named one (PREPARE). Left
 * to choose, PostgreSQL planned a page of todos anew on every run (~1.1 ms of planning for ~0.4 ms of
 * work), as the generic plan of its union of ways to read was costed above the custom ones; with 10
 * people's pages, 30% writes, that was a third of its CPU (issue 14). The plan tests make their
 * connections here too, so the plans they read are the generic ones the services run.
 */
const GENERIC_PLANS = '-c plan_cache_mode=force_generic_plan';

export function createDatabase(options: DatabaseOptions): Database {
  const common = knexSnakeCaseMappers();
  let knex: Knex;
  if (options.url) {
    knex = knexFactory({
      client: PreparingPgClient as unknown as typeof knexFactory.Client,
      connection: { connectionString: options.url, options: GENERIC_PLANS },
      pool: { min: 0, max: options.poolMax ?? 10 },
      ...common,
    });
  } else {
    if (options.dataDir) mkdirSync(path.dirname(options.dataDir), { recursive: true });
    knex = knexFactory({
      client: loadKnexPglite(),
      dialect: 'postgres',
      // knex-pglite takes an instance of its own; knex's types know only connection settings.
      connection: { pglite: openPglite(options.dataDir) } as Knex.StaticConnectionConfig,
      ...common,
    });
  }
  const config = (m: Migrations) => ({ migrationSource: m.source, tableName: m.table });
  return {
    knex,
    kind: options.url ? 'postgres' : 'pglite',
    async migrate(m) {
      const [, applied] = (await knex.migrate.latest(config(m))) as [number, string[]];
      return applied;
    },
    async rollback(m, all = false) {
      const [, undone] = (await knex.migrate.rollback(config(m), all)) as [number, string[]];
      return undone;
    },
    async ping() {
      await knex.raw('select 1');
    },
    close: () => knex.destroy(),
  };
}

/**
 * A service's migrate command (the Helm chart's migration Job, `npm run migrate`): applies `migrations`
 * to DATABASE_URL, or to the PGlite folder `pgliteFolder` under DATA_DIR (default `.data`) without it;
 * `down` as the first argument rolls back the last batch. Prints what it did.
 */
export async function runMigrateCommand(migrations: Migrations, pgliteFolder: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  const db = createDatabase(
    url ? { url } : { dataDir: `${process.env.DATA_DIR ?? '.data'}/${pgliteFolder}` },
  );
  try {
    if (process.argv[2] === 'down') {
      const undone = await db.rollback(migrations);
      console.log(`rolled back: ${undone.join(', ') || 'nothing'}`);
    } else {
      const applied = await db.migrate(migrations);
      console.log(`applied: ${applied.join(', ') || 'nothing (up to date)'}`);
    }
  } finally {
    await db.close();
  }
}
