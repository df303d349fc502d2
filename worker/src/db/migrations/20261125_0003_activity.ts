// The audit history of a person's todos and tags: one row per todo.* / tag.* event, keyed by the
// event id so a redelivered event is a no-op. `version` is the person's change-log version, which
// orders their history in commit order (timestamps of one transaction are equal).
import type { Knex } from '../knex.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('activity', (t) => {
    t.text('id').primary();
    t.uuid('user_id').notNullable();
    t.uuid('todo_id').nullable();
    t.uuid('tag_id').nullable();
    t.text('type').notNullable();
    t.bigInteger('version').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('summary').notNullable();
  });
  await knex.raw(`CREATE INDEX activity_user_newest ON activity (user_id, version DESC, id DESC)`);
  await knex.raw(
    `CREATE INDEX activity_todo_newest ON activity (user_id, todo_id, version DESC, id DESC)
       WHERE todo_id IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('activity');
}
