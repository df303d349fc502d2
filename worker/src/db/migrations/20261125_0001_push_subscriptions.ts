// Browsers' push subscriptions. The endpoint is unique: the same browser subscribing again refreshes
// its row (someone else's endpoint is refused: push.repository.ts). No foreign key to users:
// the worker may share core-service's database or have its own.
import type { Knex } from '../knex.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('push_subscriptions', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().index();
    t.text('endpoint').notNullable().unique();
    t.text('p256dh').notNullable();
    t.text('auth').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_success_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('push_subscriptions');
}
