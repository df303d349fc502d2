// Text search scoped by list inside the index (issue 14). The GIN index over `search` alone held every
// person's todos, so a search read the matches of all of them from the table and only then kept the
// searcher's: its cost grew with the whole server's data (two people with 100,000 todos each made
// one's search twice as slow). btree_gin lets GIN key the list too: the index hands over only the
// matches in the lists the person sees, at the cost of reading those lists' entries (~1 ms with
// 100,000 todos in one list). btree_gin ships with PostgreSQL (contrib) and PGlite, and is a trusted
// extension: the database's owner may create it.
//
// New entries wait in the index's pending list, which every search reads through until it is merged
// (by VACUUM, or by the insert that fills it): at the default 4 MB, ~500 pages and ~4 ms a search
// after a bulk load. 256 kB bounds that to ~30 pages, merged in smaller and more frequent batches.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gin');
  await knex.raw(
    'CREATE INDEX todos_list_search ON todos USING GIN (list_id, search) WITH (gin_pending_list_limit = 256)',
  );
  await knex.raw('DROP INDEX todos_search');
}

/** Leaves btree_gin in place: it may have been there before, and it costs nothing unused. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX todos_search ON todos USING GIN (search)');
  await knex.raw('DROP INDEX todos_list_search');
}
