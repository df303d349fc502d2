// Housekeeping runs by itself and keeps the change log, the remembered mutations and the outbox
// bounded while changes keep coming: after each round of edits the tables are back to one change-log
// row per todo and no old published events; deleted ids stay refused (their tombstones are kept).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack(
    {},
    {
      ownDatabase: true,
      // Every 200 ms, keeping nothing older than now: a soak of days in seconds.
      housekeeping: { everyMs: 200, firstAfterMs: 200, mutationsKeepMs: 0, outboxKeepMs: 0 },
    },
  );
});
afterAll(() => stack?.close());

const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number(((await stack.database.knex(table).where(where).count({ n: '*' }).first()) as { n: string }).n);

describe('housekeeping', () => {
  it('keeps the change log, applied mutations and outbox flat while edits keep coming', async () => {
    const { client, user } = await signUp(stack.url);
    const todos = [];
    for (let i = 0; i < 5; i++) todos.push((await client.post('/api/todos', { title: `Soak ${i}` })).body);
    const gone = (await client.post('/api/todos', { title: 'Deleted' })).body;
    expect((await client.delete(`/api/todos/${gone.id}`)).status).toBe(204);
    const sizes: number[][] = [];
    for (let round = 0; round < 4; round++) {
      for (const todo of todos) {
        for (let e = 0; e < 5; e++) {
          await client.patch(`/api/todos/${todo.id}`, { title: `Soak ${todo.id.slice(0, 4)} ${round}.${e}` });
        }
      }
      const pushed = await client.post('/api/sync/push', {
        clientId: 'soak-device',
        mutations: [
          {
            id: randomUUID(),
            type: 'todo.update',
            payload: { id: todos[0].id, fields: { priority: 'high' } },
          },
        ],
      });
      expect(pushed.body.results[0].status).toBe('applied');
      await stack.core.relay.flush();
      // 6 todos' rows (one each, the tombstone included), nothing published left, no mutation ids.
      const flat = await waitFor(
        async () => {
          const now = [
            await count('change_log', { userId: user.id }),
            await count('outbox'),
            await count('applied_mutations', { userId: user.id }),
          ];
          return now[0] === 6 && now[1] === 0 && now[2] === 0 ? now : null;
        },
        { what: 'housekeeping to trim the tables', timeoutMs: 5000 },
      );
      sizes.push(flat);
    }
    expect(sizes).toEqual([
      [6, 0, 0],
      [6, 0, 0],
      [6, 0, 0],
      [6, 0, 0],
    ]);
    // The deleted id is still refused: its tombstone was kept.
    const again = await client.post('/api/todos', { id: gone.id, title: 'Back again?' });
    expect(again.status).toBe(409);
    // And the latest state of each todo still pulls.
    const pulled = await client.get('/api/sync/pull?cursor=0');
    expect(pulled.status).toBe(200);
    expect(pulled.body.changes).toHaveLength(6);
  });
});
