// A page of todos is read list by list since todos belong to lists (issue 14): each sort key gets a
// (list_id, key, id) index, which replaces the (user_id, key, id) ones that scoping by list left unused
// (with 100,000 todos every page sorted them all). todos_user_created_at stays for the user's cascade.
import type { Knex } from 'knex';

const KEYS: Record<string, string> = {
  created_at: 'created_at, id',
  updated_at: 'updated_at, id',
  due_at: 'due_at, id',
  due_at_desc: 'due_at DESC NULLS LAST, id DESC',
  priority: 'priority, id',
  title: 'lower(title), id',
};
const USER_KEYS: Record<string, string> = {
  updated_at: 'updated_at, id',
  due_at: 'due_at, id',
  due_at_desc: 'due_at DESC NULLS LAST, id DESC',
  priority: 'priority, id',
  title: 'lower(title), id',
};

export async function up(knex: Knex): Promise<void> {
  for (const [name, columns] of Object.entries(KEYS)) {
    await knex.raw(`CREATE INDEX todos_list_${name} ON todos (list_id, ${columns})`);
  }
  for (const name of Object.keys(USER_KEYS)) await knex.raw(`DROP INDEX todos_user_${name}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name, columns] of Object.entries(USER_KEYS)) {
    await knex.raw(`CREATE INDEX todos_user_${name} ON todos (user_id, ${columns})`);
  }
  for (const name of Object.keys(KEYS)) await knex.raw(`DROP INDEX todos_list_${name}`);
}
