// Sync: the mutations each person's clients pushed (so a retried one is applied once), and the
// tombstone horizon below which a client's cursor is too old to pull from.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('applied_mutations', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('mutation_id').notNullable();
    t.text('client_id').notNullable();
    t.text('type').notNullable();
    // 'applied' or 'rejected'; a rejected one keeps its problem so a retry gets the same answer.
    t.text('status').notNullable();
    t.jsonb('problem').nullable();
    t.timestamp('applied_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'mutation_id']);
    t.index(['applied_at']);
  });
  await knex.schema.alterTable('users', (t) => {
    t.bigInteger('sync_horizon').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => t.dropColumn('sync_horizon'));
  await knex.schema.dropTable('applied_mutations');
}
