// When a reminder's time was last set by moving it (the due time moved, a snooze, a new default time);
// with created_at, the clock tells a reminder set for a time already past (not fired) from one that
// fell due while the server was down (fired when it is back). Null: never moved since created.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => {
    t.timestamp('moved_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => t.dropColumn('moved_at'));
}
