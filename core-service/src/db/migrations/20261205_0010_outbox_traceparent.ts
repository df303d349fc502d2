// The W3C trace context of the write that added each outbox event, so the relay publishes the event in
// that trace and its consumers continue it (docs/observability.md). Null: written without a trace.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.text('traceparent').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => t.dropColumn('traceparent'));
}
