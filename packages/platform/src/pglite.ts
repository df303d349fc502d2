// PGlite, loaded where it is used and once. Its bundle costs ~45 MB of memory to load: database.ts
// imported its ES module build at the top while knex-pglite requires its CommonJS build, so every
// process held two copies, and a service on a PostgreSQL server (which never opens PGlite) held both
// (issue 14: ≤ 150 MB per service). Both now come from the CommonJS build, on first use.
import { createRequire } from 'node:module';
import type { Extension, PGlite } from '@electric-sql/pglite';
import type knexFactory from 'knex';

const require = createRequire(import.meta.url);

/** The PGlite class (the build knex-pglite uses). */
export function loadPglite(): typeof PGlite {
  return (require('@electric-sql/pglite') as { PGlite: typeof PGlite }).PGlite;
}

/** knex-pglite's knex client. */
export function loadKnexPglite(): typeof knexFactory.Client {
  const module = require('knex-pglite') as typeof knexFactory.Client | { default: typeof knexFactory.Client };
  return 'default' in module ? module.default : module;
}

/**
 * A PGlite database in `dataDir` (in memory without one), with the contrib extensions the migrations
 * create (btree_gin: core-service's search index).
 */
export function openPglite(dataDir?: string): PGlite {
  const PGlite = loadPglite();
  const { btree_gin } = require('@electric-sql/pglite/contrib/btree_gin') as { btree_gin: Extension };
  return new PGlite({ dataDir, extensions: { btree_gin } });
}
