// A migration that adds a column while the services run, as a rolling update's old pods see it: the
// statements they prepared keep working. A prepared `SELECT *` failed with "cached plan must not change
// result type" on each pooled connection that had prepared it, until the process restarted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startStack();
  ({ client: api } = await signUp(stack.url));
});
afterAll(() => stack.close());

it('keeps reading and changing todos after a column is added to them', async () => {
  const { id } = (await api.post('/api/todos', { title: 'Before the migration' })).body;
  const change = async (title: string) => {
    const res = await api.patch(`/api/todos/${id}`, { title });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await api.get(`/api/todos/${id}`)).body.title).toBe(title);
  };
  // Prepared on the pooled connections, more than five runs: PostgreSQL keeps a generic plan.
  for (let i = 0; i < 8; i++) await change(`Before ${i}`);
  await stack.database.knex.raw('ALTER TABLE todos ADD COLUMN later_feature text');
  try {
    for (let i = 0; i < 8; i++) await change(`After ${i}`);
  } finally {
    await stack.database.knex.raw('ALTER TABLE todos DROP COLUMN later_feature');
  }
});
