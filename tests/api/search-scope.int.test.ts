// A search reads only its person's todos: with fewer than FEW_SEARCHED in their lists it tests each of
// them against the words; from it on, the text index, keyed by list (20261207_0014), hands over only
// their matches. Checked on the plan of the query the API really ran.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { FEW_SEARCHED } from '../../core-service/src/modules/todos/todos.repository.ts';
import { explainAnalyze, planNodes, queryDuring, type PlanNode } from '../support/query-plan.ts';
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
  await create(other, [...Array.from({ length: 50 }, (_, i) => `Call the plumber ${i}`), ...items(950)]);
  // A few people with long lists beside the searcher's short one, as on a household's server.
  for (let i = 0; i < 8; i++) await create((await signUp(stack.url)).client, items(1000));
  await stack.database.knex.raw('ANALYZE todos');
});
afterAll(() => stack.close());

/** The page query the API ran for `path` for `client`, as knex logged it, and its plan as it ran. */
async function planOf(client: ApiClient, path: string, options: { seqscan: boolean }): Promise<PlanNode[]> {
  const page = await queryDuring(
    stack.database.knex,
    (sql) => sql.includes('ts_rank'),
    async () => {
      const res = await client.get(path);
      expect(res.status).toBe(200);
      expect(res.body.items.map((t: { title: string }) => t.title).sort()).toEqual([
        'Fix the plumbing',
        'Plumber on Tuesday',
      ]);
    },
  );
  const plan = await stack.database.knex.transaction(async (trx) => {
    if (!options.seqscan) await trx.raw('SET LOCAL enable_seqscan = off');
    return explainAnalyze(trx, page);
  });
  // The nodes that ran: of a search's two ways (SEARCHED), the other is never executed.
  return planNodes(plan).filter((n) => Number(n['Actual Loops']) > 0);
}
const asksTextIndex = (n: PlanNode) => /search @@/.test(String(n['Index Cond'] ?? ''));

describe('search across people', () => {
  it('with fewer than FEW_SEARCHED todos, tests the searcher’s own todos, never the text index', async () => {
    // As PostgreSQL plans it. It cannot tell how many todos the searcher's lists hold (it sees them
    // only when it runs): given them as an array, it guessed every todo and read the whole table.
    const nodes = await planOf(searcher, '/api/todos/search?q=plumb', { seqscan: true });
    // A prefix asked of the text index gathers every person's words that start with it.
    expect(nodes.filter(asksTextIndex)).toEqual([]);
    const tested = nodes.filter((n) => n['Relation Name'] === 'todos' && /search @@/.test(n.Filter ?? ''));
    expect(tested, JSON.stringify(nodes)).toHaveLength(1);
    // The searcher's 602 todos, of which two match: the others' 9,000 are never read.
    expect(tested[0]!['Actual Rows']).toBe(2);
    expect(tested[0]!['Rows Removed by Filter']).toBe(600);
  });

  it('from FEW_SEARCHED todos on, reads the searcher’s matches from the index, and no one else’s', async () => {
    const { client } = await signUp(stack.url);
    await create(client, ['Fix the plumbing', 'Plumber on Tuesday']);
    for (let made = 0; made < FEW_SEARCHED; made += 1000) await create(client, items(1000));
    await stack.database.knex.raw('ANALYZE todos');
    // PGlite finds reading 6,000 rows whole cheaper; PostgreSQL does not, and no one does at scale.
    const scans = (await planOf(client, '/api/todos/search?q=plumb', { seqscan: false })).filter(
      asksTextIndex,
    );
    expect(scans).toHaveLength(1);
    expect(scans[0]!['Index Name']).toBe('todos_list_search');
    expect(scans[0]!['Index Cond']).toMatch(/list_id = /);
    // The searcher's two matches: the other person's fifty never come out of the index.
    expect(scans[0]!['Actual Rows']).toBe(2);
  });
});
