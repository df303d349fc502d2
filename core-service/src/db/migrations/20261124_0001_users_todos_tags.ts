// The core schema: people, their todos with priority, due time and zone, tags, and the junction.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TYPE todo_priority AS ENUM ('low', 'medium', 'high', 'urgent')`);
  await knex.raw(`CREATE TYPE todo_status AS ENUM ('open', 'done')`);
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary();
    t.text('email').notNullable();
    t.text('password_hash').notNullable();
    t.text('name').notNullable().defaultTo('');
    t.text('time_zone').notNullable().defaultTo('UTC');
    // Highest change-log version handed out for this person; bumped under the row lock.
    t.bigInteger('change_version').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);

  await knex.schema.createTable('todos', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('title').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.specificType('status', 'todo_status').notNullable().defaultTo('open');
    t.specificType('priority', 'todo_priority').notNullable().defaultTo('medium');
    t.timestamp('due_at', { useTz: true }).nullable();
    t.text('time_zone').notNullable().defaultTo('UTC');
    t.timestamp('completed_at', { useTz: true }).nullable();
    t.bigInteger('version').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE todos ADD CONSTRAINT todos_title_length CHECK (char_length(title) BETWEEN 1 AND 500)`,
  );
  for (const column of ['created_at', 'updated_at', 'due_at', 'priority']) {
    await knex.raw(`CREATE INDEX todos_user_${column} ON todos (user_id, ${column}, id)`);
  }
  await knex.raw(`CREATE INDEX todos_user_title ON todos (user_id, lower(title), id)`);

  await knex.schema.createTable('tags', (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('color').notNullable();
    t.bigInteger('version').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`CREATE UNIQUE INDEX tags_user_name_unique ON tags (user_id, lower(name))`);
  await knex.raw(`ALTER TABLE tags ADD CONSTRAINT tags_color_form CHECK (color ~ '^#[0-9a-f]{6}$')`);

  await knex.schema.createTable('todo_tags', (t) => {
    t.uuid('todo_id').notNullable().references('todos.id').onDelete('CASCADE');
    t.uuid('tag_id').notNullable().references('tags.id').onDelete('CASCADE');
    t.primary(['todo_id', 'tag_id']);
    t.index(['tag_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('todo_tags');
  await knex.schema.dropTable('tags');
  await knex.schema.dropTable('todos');
  await knex.schema.dropTable('users');
  await knex.raw('DROP TYPE todo_status');
  await knex.raw('DROP TYPE todo_priority');
}
