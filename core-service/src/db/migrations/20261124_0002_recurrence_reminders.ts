// Recurrence on todos (the seed's recurring_type / recurring_end_date, extended to RFC 5545 rules)
// and reminders: several per todo, absolute or relative to the due time, snooze-able.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('todos', (t) => {
    t.text('recurring_type').notNullable().defaultTo('none');
    t.text('rrule').nullable();
    // Inclusive end of the series as given: a date (YYYY-MM-DD, end of that day in time_zone) or an instant.
    t.text('recurring_end_date').nullable();
    t.integer('recurrence_count').nullable();
    t.boolean('from_completion').notNullable().defaultTo(false);
    t.uuid('series_id').nullable();
    t.timestamp('series_start', { useTz: true }).nullable();
    t.integer('occurrence_index').notNullable().defaultTo(1);
  });
  await knex.raw(`ALTER TABLE todos ADD CONSTRAINT todos_recurring_type CHECK
    (recurring_type IN ('none', 'daily', 'weekly', 'monthly', 'yearly', 'custom'))`);
  await knex.raw(`ALTER TABLE todos ADD CONSTRAINT todos_recurrence_complete CHECK
    (recurring_type = 'none' OR (rrule IS NOT NULL AND series_id IS NOT NULL AND series_start IS NOT NULL))`);

  await knex.schema.createTable('reminders', (t) => {
    t.uuid('id').primary();
    t.uuid('todo_id').notNullable().references('todos.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('remind_at', { useTz: true }).notNullable();
    t.integer('offset_minutes').nullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.timestamp('snoozed_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['todo_id']);
  });
  // The seed's `reminder_sent` flag, kept as a derived column.
  await knex.raw(
    `ALTER TABLE reminders ADD COLUMN reminder_sent boolean GENERATED ALWAYS AS (sent_at IS NOT NULL) STORED`,
  );
  await knex.raw(`CREATE INDEX reminders_due ON reminders (remind_at) WHERE sent_at IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reminders');
  await knex.raw('ALTER TABLE todos DROP CONSTRAINT todos_recurrence_complete');
  await knex.raw('ALTER TABLE todos DROP CONSTRAINT todos_recurring_type');
  await knex.schema.alterTable('todos', (t) => {
    t.dropColumns('recurring_type', 'rrule', 'recurring_end_date', 'recurrence_count', 'from_completion');
    t.dropColumns('series_id', 'series_start', 'occurrence_index');
  });
}
