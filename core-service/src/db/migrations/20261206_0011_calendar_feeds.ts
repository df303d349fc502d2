// One secret calendar feed per person (GET /api/calendar). Only a SHA-256 of the feed's token is kept:
// the token itself is derived again from feed_id with the server's key when the person asks for the
// URL, so a copy of the database cannot read anyone's calendar. Revoking deletes the row.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_feeds', (t) => {
    t.uuid('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    t.uuid('feed_id').notNullable();
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_feeds');
}
