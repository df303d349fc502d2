// One PostgreSQL dialect everywhere: PGlite in-process (files under DATA_DIR) for the embedded default,
// a PostgreSQL server when DATABASE_URL is set. Migrations are the same for both.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { knexSnakeCaseMappers, Model } from 'objection';
import pg from 'pg';
import { migrationSource } from './migrations/index.ts';

// int8 (versions, counters) as numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise PGlite. */
  url?: string;
  /** PGlite's directory; omitted means in memory (tests). */
  dataDir?: string;
  poolMax?: number;
}

export interface Database {
  knex: Knex;
  kind: 'postgres' | 'pglite';
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createDatabase(options: DatabaseOptions): Database {
  const common = { ...knexSnakeCaseMappers(), migrations: { migrationSource, tableName: 'knex_migrations' } };
  let knex: Knex;
  if (options.url) {
    knex = knexFactory({
      client: 'pg',
      connection: options.url,
      pool: { min: 0, max: options.poolMax ?? 10 },
      ...common,
    });
  } else {
    if (options.dataDir) mkdirSync(path.dirname(options.dataDir), { recursive: true });
    knex = knexFactory({
      client: ClientPgLite as unknown as typeof knexFactory.Client,
      dialect: 'postgres',
      connection: options.dataDir ? { filename: options.dataDir } : {},
      ...common,
    });
  }
  Model.knex(knex);
  return {
    knex,
    kind: options.url ? 'postgres' : 'pglite',
    async migrate() {
      const [, applied] = (await knex.migrate.latest()) as [number, string[]];
      return applied;
    },
    async ping() {
      await knex.raw('select 1');
    },
    close: () => knex.destroy(),
  };
}
