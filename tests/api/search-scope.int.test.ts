// A search reads only its person's matches: the text index is keyed by list (20261207_0014), so what
// other people wrote never passes through it and a search costs the same on a server of one person or
// of thousands. Checked on the plan of the query the API really ran.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { explainAnalyze, planNodes, queryDuring, type LoggedQuery } from '../support/query-plan.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let searcher: ApiClient;

/** `titles` as todos, by one sync push. */
async function create(client: ApiClient, titles: string[]): Promise<void> {
  const mutations = titles.map((title) => ({
    id: randomUUID(),
    type: 'todo.create',
    payload: { id: randomUUID(), title },
  }));
  const res = await client.post('/api/sync/push', { clientId: 'search-scope', mutations });
  expect(res.status).toBe(200);
}

const items = (n: number) => Array.from({ length: n }, (_, i) => `Item ${i}`);

beforeAll(async () => {
  stack = await startStack();
  ({ client: searcher } = await signUp(stack.url));
  const { client: other } = await signUp(stack.url);
  // Enough todos that PostgreSQL plans with the text index, as it does on a real server.
  await create(searcher, ['Fix the plumbing', 'Plumber on Tuesday', ...items(600)]);
  await create(other, [...Array.from({ length: 50 }, (_, i) => `Call the plumber ${i}`), ...items(600)]);
  await stack.database.knex.raw('ANALYZE todos');
});
afterAll(() => stack.close());

/** The page query the API ran for `path`, as knex logged it. */
function pageQueryOf(path: string): Promise<LoggedQuery> {
  return queryDuring(
    stack.database.knex,
    (sql) => sql.includes('ts_rank'),
    async () => {
      const res = await searcher.get(path);
      expect(res.status).toBe(200);
      expect(res.body.items.map((t: { title: string }) => t.title).sort()).toEqual([
        'Fix the plumbing',
        'Plumber on Tuesday',
      ]);
    },
  );
}

describe('search across people', () => {
  it('reads the searcher’s matches from the index, and no one else’s', async () => {
    const page = await pageQueryOf('/api/todos/search?q=plumb');
    const plan = await stack.database.knex.transaction(async (trx) => {
      // PGlite finds reading 1,252 rows whole cheaper; PostgreSQL does not, and no one does at scale.
      await trx.raw('SET LOCAL enable_seqscan = off');
      return explainAnalyze(trx, page);
    });
    const scans = planNodes(plan).filter((n) => n['Index Name'] === 'todos_list_search');
    expect(scans, JSON.stringify(plan)).toHaveLength(1);
    expect(scans[0]!['Index Cond']).toMatch(/list_id = /);
    // The searcher's two matches: the other person's fifty never come out of the index.
    expect(scans[0]!['Actual Rows']).toBe(2);
  });
});
