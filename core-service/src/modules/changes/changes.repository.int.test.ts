// recordAndEmit against the database of the target (PGlite in memory, or the PostgreSQL server of
// DATABASE_URL): the change-log rows and outbox events of a write in one statement store what
// recordMany and emitMany store, and a bulk write's thousands go in their chunks.
import { randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@todo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreMigrations } from '../../db/migrations/index.ts';
import { ChangeRepository, type ChangeRow, type OutboxEvent } from './changes.repository.ts';

let db: Database;
beforeAll(async () => {
  const url = process.env.TEST_TARGET === 'stack' ? process.env.DATABASE_URL : undefined;
  db = createDatabase(url ? { url } : {});
  await db.migrate(coreMigrations);
});
afterAll(() => db.close());

const at = new Date('2026-12-05T09:30:00.123Z');

function write(userId: string, n: number): { rows: ChangeRow[]; events: OutboxEvent[] } {
  const ids = Array.from({ length: n }, () => randomUUID());
  return {
    rows: ids.map((id, i) => ({ version: i + 1, entity: 'todo', entityId: id, op: 'upsert', at })),
    events: ids.map((id, i) => ({
      topic: 'todo-events',
      type: 'todo.created',
      userId,
      data: { todoId: id, version: i + 1, title: `Todo ${i}` },
    })),
  };
}

async function stored(userId: string) {
  const log = await db
    .knex('change_log')
    .where({ userId })
    .orderBy('version')
    .select('version', 'entity', 'entityId', 'op', 'at');
  const outbox = await db
    .knex('outbox')
    .where({ partitionKey: userId })
    .orderBy('seq')
    .select('topic', 'type', 'payload', 'createdAt', 'traceparent', 'publishedAt');
  return { log, outbox };
}

describe('ChangeRepository.recordAndEmit', () => {
  it.each([
    ['one write', 2],
    ['a bulk write, in chunks', 450],
  ])('stores %s as recordMany and emitMany would', async (_name, n) => {
    const [one, other] = [randomUUID(), randomUUID()];
    await db
      .knex('users')
      .insert([one, other].map((id) => ({ id, email: `${id}@example.com`, name: 'Ann', passwordHash: 'x' })));
    const changes = new ChangeRepository(db.knex);
    const a = write(one, n);
    const b = write(other, n);
    await changes.recordAndEmit(one, a.rows, a.events, at);
    await changes.recordMany(other, b.rows);
    await changes.emitMany(b.events, at);

    const [mine, theirs] = [await stored(one), await stored(other)];
    expect(mine.log).toHaveLength(n);
    expect(mine.outbox).toHaveLength(n);
    expect(mine.log[0]).toEqual({
      version: 1,
      entity: 'todo',
      entityId: a.rows[0]!.entityId,
      op: 'upsert',
      at,
    });
    expect(mine.outbox[n - 1]).toEqual({
      topic: 'todo-events',
      type: 'todo.created',
      payload: { ...a.events[n - 1]!.data, userId: one },
      createdAt: at,
      traceparent: null,
      publishedAt: null,
    });
    const shape = (s: typeof mine, id: string) => ({
      log: s.log.map(({ entityId: _, ...rest }) => rest),
      outbox: s.outbox.map((e) => ({ ...e, payload: { ...e.payload, todoId: null, userId: id } })),
    });
    expect(shape(mine, 'x')).toEqual(shape(theirs, 'x'));
  });
});
