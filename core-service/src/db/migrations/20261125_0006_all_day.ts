// Todos due on a date without a time ("all day"), and reminders at a time of day on the due date
// (an all-day todo's default reminder, at the person's default reminder time).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('todos', (t) => {
    t.boolean('all_day').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('reminders', (t) => {
    t.text('time_of_day');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => t.dropColumn('time_of_day'));
  await knex.schema.alterTable('todos', (t) => t.dropColumn('all_day'));
}
