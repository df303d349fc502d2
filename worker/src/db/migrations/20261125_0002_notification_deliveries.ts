// What the worker already sent, so a redelivered reminder.due event (at-least-once delivery, or a
// worker that died half-way) skips it: one row per reminder firing, channel and target. A reminder
// that is snoozed fires again with a new remind_at, which is a new firing.
import type { Knex } from '../knex.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_deliveries', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('reminder_id').notNullable();
    t.timestamp('remind_at', { useTz: true }).notNullable();
    t.text('channel').notNullable();
    // sha256 of the endpoint or address: short index entries, and no address kept twice.
    t.text('target_key').notNullable();
    t.text('event_id').notNullable();
    t.uuid('user_id').notNullable();
    // 'sent', or 'failed' when the push service or mail server refused it for good.
    t.text('status').notNullable();
    t.text('detail').nullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['reminder_id', 'remind_at', 'channel', 'target_key']);
    t.index(['at']);
  });
  await knex.raw(
    `ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_channel
       CHECK (channel IN ('push', 'email'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_deliveries');
}
