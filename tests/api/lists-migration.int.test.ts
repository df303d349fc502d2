// The lists migrations on a database that already holds people and todos (PGlite, and a fresh
// database on the PostgreSQL server in the stack run): everyone gets their Inbox, every todo moves
// into its owner's Inbox in the order it was made, and the new constraints hold.
import { randomBytes, randomUUID } from 'node:crypto';
import { coreMigrations } from '@todo/core-service';
import { createDatabase, type Database, type Migrations } from '@todo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let database: Database;
let dispose: () => Promise<void>;

/** core-service's migrations up to (not including) the first of the lists ones. */
async function before(name: string): Promise<Migrations> {
  const all = (await coreMigrations.source.getMigrations([])) as string[];
  return {
    table: coreMigrations.table,
    source: { ...coreMigrations.source, getMigrations: async () => all.slice(0, all.indexOf(name)) },
  };
}

beforeAll(async () => {
  if ((process.env.TEST_TARGET ?? 'embedded') === 'stack') {
    const admin = createDatabase({ url: process.env.DATABASE_URL!, poolMax: 1 });
    const name = `todo_scratch_${randomBytes(6).toString('hex')}`;
    await admin.knex.raw(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    database = createDatabase({ url: url.toString(), poolMax: 2 });
    dispose = async () => {
      await database.close();
      await admin.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    };
  } else {
    database = createDatabase({});
    dispose = () => database.close();
  }
});
afterAll(() => dispose());

describe('the lists migrations', () => {
  it('give everyone an Inbox and move existing todos into it, in the order they were made', async () => {
    const knex = database.knex;
    await database.migrate(await before('20261205_0008_lists'));
    const people = [randomUUID(), randomUUID()];
    for (const [i, id] of people.entries())
      await knex('users').insert({ id, email: `${id}@example.test`, passwordHash: 'x', name: `P${i}` });
    const todos = people.flatMap((userId, p) =>
      [0, 1, 2].map((n) => ({
        id: randomUUID(),
        userId,
        title: `todo ${p}.${n}`,
        version: n + 1,
        createdAt: new Date(Date.UTC(2026, 0, 1 + n)),
      })),
    );
    // Inserted newest first: the order must come from created_at, not from the rows.
    await knex('todos').insert([...todos].reverse());

    await database.migrate(coreMigrations);

    for (const userId of people) {
      const lists = await knex('lists').where({ ownerId: userId });
      expect(lists).toHaveLength(1);
      expect(lists[0]).toMatchObject({ name: 'Inbox', inbox: true, archived: false });
      expect(await knex('list_members').where({ userId })).toMatchObject([
        { listId: lists[0].id, role: 'owner' },
      ]);
      const moved = await knex('todos')
        .where({ userId })
        .orderBy('position')
        .select('title', 'listId', 'position');
      expect(moved.every((t: { listId: string }) => t.listId === lists[0].id)).toBe(true);
      expect(moved.map((t: { title: string }) => t.title.slice(-1))).toEqual(['0', '1', '2']);
      expect(new Set(moved.map((t: { position: string }) => t.position)).size).toBe(3);
    }
    // Every todo now needs a list.
    await expect(
      knex('todos').insert({
        id: randomUUID(),
        userId: people[0],
        title: 'no list',
        version: 9,
        position: 'a9',
      }),
    ).rejects.toThrow();
  }, 180_000);

  it('rolls back and forward again', async () => {
    await database.rollback(coreMigrations);
    await database.migrate(coreMigrations);
    const { n } = (await database.knex('lists').where({ inbox: true }).count('* as n').first()) as {
      n: string;
    };
    expect(Number(n)).toBe(2);
    expect(await database.knex('todos').whereNull('listId').count('* as n').first()).toEqual({ n: 0 });
  }, 180_000);
});
