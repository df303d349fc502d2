// A person's notification settings: push and email reminders, and the reminder time for todos that
// are due on a date without a time.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('push_reminders').notNullable().defaultTo(true);
    t.boolean('email_reminders').notNullable().defaultTo(false);
    t.text('default_reminder_time').notNullable().defaultTo('09:00');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) =>
    t.dropColumns('push_reminders', 'email_reminders', 'default_reminder_time'),
  );
}
