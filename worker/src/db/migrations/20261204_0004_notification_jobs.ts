// Reminders waiting to be delivered: the reminder-events consumer only records each firing here, and
// the dispatcher sends them concurrently, retrying later with backoff (surviving restarts) until
// delivered or the retry budget is spent (then `failed`, shown in the person's activity history).
// `lease_until` lets a replica (or the next start) take over a job whose sender died mid-way.
import type { Knex } from '../knex.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_jobs', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('reminder_id').notNullable();
    t.timestamp('remind_at', { useTz: true }).notNullable();
    t.uuid('user_id').notNullable();
    t.text('event_id').notNullable();
    t.jsonb('data').notNullable();
    // 'pending', 'done' (delivered somewhere, or nothing to deliver to) or 'failed'.
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('lease_until', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.unique(['reminder_id', 'remind_at']);
  });
  await knex.raw(`CREATE INDEX notification_jobs_due ON notification_jobs (due_at) WHERE status = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_jobs');
}
