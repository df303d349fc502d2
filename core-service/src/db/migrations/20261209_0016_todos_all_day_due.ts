// The overdue view's kept page holds until the next todo falls due (TodoStore.nextOverdueAt). A todo due
// on a date falls due when that date ends, after its due time: the query looks at those due in the two
// days before. Without this index it read every todo due in those two days to find the few due on a
// date (1,113 rows, 6.5 ms with 100,000 todos in one list); all-day todos are a small part of them.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX todos_list_all_day_due_at ON todos (list_id, due_at) WHERE all_day');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX todos_list_all_day_due_at');
}
