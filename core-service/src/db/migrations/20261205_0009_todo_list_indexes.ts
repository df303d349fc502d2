// A person's todos sorted by due date, latest first, read off an index (issue 14: with 100,000 todos
// that page sorted them all). The ascending (user_id, due_at, id) index serves the other direction;
// the API puts undated todos last either way, which a backward scan of it cannot give.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX todos_user_due_at_desc ON todos (user_id, due_at DESC NULLS LAST, id DESC)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX todos_user_due_at_desc');
}
