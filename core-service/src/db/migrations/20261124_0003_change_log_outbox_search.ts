// The per-user change log sync reads, the outbox of events the relay publishes, and full-text search
// (title weighted over description, language-neutral so prefixes work in any language).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('change_log', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.bigInteger('version').notNullable();
    t.text('entity').notNullable();
    t.uuid('entity_id').notNullable();
    // 'upsert' or 'delete'; a delete entry is the tombstone sync keeps.
    t.text('op').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'version']);
  });
  await knex.raw(`CREATE INDEX change_log_entity ON change_log (user_id, entity, entity_id)`);

  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('seq').primary();
    t.uuid('id').notNullable().unique();
    t.text('topic').notNullable();
    t.text('type').notNullable();
    t.text('partition_key').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('published_at', { useTz: true }).nullable();
  });
  await knex.raw(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);

  await knex.raw(`ALTER TABLE todos ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(description, '')), 'B')) STORED`);
  await knex.raw(`CREATE INDEX todos_search ON todos USING GIN (search)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX todos_search');
  await knex.raw('ALTER TABLE todos DROP COLUMN search');
  await knex.schema.dropTable('outbox');
  await knex.schema.dropTable('change_log');
}
