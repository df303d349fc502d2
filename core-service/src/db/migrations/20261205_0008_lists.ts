// Lists (a person's Inbox and the lists they make or share), their members and invitations, the
// subtasks of a todo, and the new columns of todos (list, manual position, assignee). Additive only:
// the columns start nullable so the running version keeps writing; the backfill fills them and the
// constraints follow in their own migrations.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('lists', (t) => {
    t.uuid('id').primary();
    t.uuid('owner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('color').notNullable();
    t.text('icon').nullable();
    t.boolean('archived').notNullable().defaultTo(false);
    t.boolean('inbox').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`CREATE UNIQUE INDEX lists_one_inbox ON lists (owner_id) WHERE inbox`);
  await knex.raw(
    `ALTER TABLE lists ADD CONSTRAINT lists_name_length CHECK (char_length(name) BETWEEN 1 AND 100)`,
  );

  // The owner is a member too (role owner): every read is scoped through this one table.
  await knex.schema.createTable('list_members', (t) => {
    t.uuid('list_id').notNullable().references('lists.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('role').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['list_id', 'user_id']);
    t.index(['user_id']);
  });
  await knex.raw(
    `ALTER TABLE list_members ADD CONSTRAINT list_members_role CHECK (role IN ('owner', 'editor'))`,
  );
  // Fractional index keys compare byte by byte, whatever the database's collation.
  await knex.raw(`ALTER TABLE list_members ADD COLUMN position text COLLATE "C" NOT NULL DEFAULT 'a0'`);

  await knex.schema.createTable('list_invitations', (t) => {
    t.uuid('id').primary();
    t.uuid('list_id').notNullable().references('lists.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('role').notNullable();
    t.uuid('invited_by').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`CREATE UNIQUE INDEX list_invitations_email ON list_invitations (list_id, lower(email))`);
  await knex.raw(`CREATE INDEX list_invitations_to ON list_invitations (lower(email))`);

  await knex.schema.alterTable('todos', (t) => {
    t.uuid('list_id').nullable();
    t.uuid('assignee_id').nullable().references('users.id').onDelete('SET NULL');
  });
  await knex.raw(`ALTER TABLE todos ADD COLUMN position text COLLATE "C"`);

  await knex.schema.createTable('subtasks', (t) => {
    t.uuid('id').primary();
    t.uuid('todo_id').notNullable().references('todos.id').onDelete('CASCADE');
    t.text('title').notNullable();
    t.boolean('done').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE subtasks ADD COLUMN position text COLLATE "C" NOT NULL`);
  await knex.raw(`CREATE INDEX subtasks_todo ON subtasks (todo_id, position)`);
  await knex.raw(
    `ALTER TABLE subtasks ADD CONSTRAINT subtasks_title_length CHECK (char_length(title) BETWEEN 1 AND 500)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('subtasks');
  await knex.schema.alterTable('todos', (t) => {
    t.dropColumn('position');
    t.dropColumn('assignee_id');
    t.dropColumn('list_id');
  });
  await knex.schema.dropTable('list_invitations');
  await knex.schema.dropTable('list_members');
  await knex.schema.dropTable('lists');
}
