// Every person gets their Inbox (its id derived from theirs, see inboxIdOf) and their todos move into
// it, in the order they were made, with fractional position keys. In batches of people, so a large
// table is never held in one statement; running it again changes nothing.
import type { Knex } from 'knex';
import { generateNKeysBetween } from 'fractional-indexing';
import { INBOX_COLOR, INBOX_NAME, inboxIdOf } from '../../modules/lists/inbox.ts';

const BATCH = 500;

export async function up(knex: Knex): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const people = (await knex('users').where('id', '>', after).orderBy('id').limit(BATCH).select('id')) as {
      id: string;
    }[];
    if (people.length === 0) return;
    for (const { id } of people) await backfillPerson(knex, id);
    after = people.at(-1)!.id;
  }
}

async function backfillPerson(knex: Knex, userId: string): Promise<void> {
  const listId = inboxIdOf(userId);
  await knex('lists')
    .insert({ id: listId, ownerId: userId, name: INBOX_NAME, color: INBOX_COLOR, inbox: true })
    .onConflict('id')
    .ignore();
  await knex('list_members')
    .insert({ listId, userId, role: 'owner', position: 'a0' })
    .onConflict(['listId', 'userId'])
    .ignore();
  const todos = (await knex('todos')
    .where({ userId })
    .whereNull('position')
    .orderBy([{ column: 'createdAt' }, { column: 'id' }])
    .select('id')) as { id: string }[];
  const keys = generateNKeysBetween(null, null, todos.length);
  for (let i = 0; i < todos.length; i += BATCH) {
    const slice = todos.slice(i, i + BATCH);
    await knex.raw(
      `UPDATE todos t SET position = v.position, list_id = coalesce(t.list_id, ?::uuid)
       FROM unnest(?::uuid[], ?::text[]) AS v(id, position) WHERE t.id = v.id`,
      [listId, slice.map((t) => t.id), keys.slice(i, i + BATCH)],
    );
  }
  await knex('todos').where({ userId }).whereNull('listId').update({ listId });
}

export async function down(): Promise<void> {
  // The columns and tables go with 20261205_0008_lists's down.
}
