// Once every todo sits in a list with a position (the backfill), the columns become required and the
// list a real reference: deleting a list takes its todos (the service moves them first when asked).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE todos ALTER COLUMN list_id SET NOT NULL, ALTER COLUMN position SET NOT NULL`);
  await knex.raw(
    `ALTER TABLE todos ADD CONSTRAINT todos_list_fk FOREIGN KEY (list_id) REFERENCES lists (id) ON DELETE CASCADE`,
  );
  await knex.raw(`CREATE INDEX todos_list_position ON todos (list_id, position, id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX todos_list_position`);
  await knex.raw(`ALTER TABLE todos DROP CONSTRAINT todos_list_fk`);
  await knex.raw(`ALTER TABLE todos ALTER COLUMN list_id DROP NOT NULL, ALTER COLUMN position DROP NOT NULL`);
}
