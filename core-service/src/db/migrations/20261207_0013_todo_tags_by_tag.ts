// A tag's todos read from the index alone (issue 14): filtering a list by a tag hashes every todo id
// carrying it, and with (tag_id) alone that meant a heap visit per todo_tags row (5,000 rows, ~700
// pages, ~2 ms with 100,000 todos). (tag_id, todo_id) answers it by an index-only scan and serves
// everything (tag_id) did.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX todo_tags_tag_id_todo_id_index ON todo_tags (tag_id, todo_id)');
  await knex.raw('DROP INDEX todo_tags_tag_id_index');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX todo_tags_tag_id_index ON todo_tags (tag_id)');
  await knex.raw('DROP INDEX todo_tags_tag_id_todo_id_index');
}
