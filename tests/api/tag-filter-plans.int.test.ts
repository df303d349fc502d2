// A tag filter reads a rare tag's todos by id and a common tag's in page order (TAGGED in
// todos.repository.ts): read in page order, a tag on 10 of 100,000 todos made a page read all 100,000
// (88 ms); by id, a tag on most of them would read them all before sorting. Checked on the answers and
// on the plan of the query the API really ran: how many todos it read.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEW_TAGGED } from '../../core-service/src/modules/todos/todos.repository.ts';
import { signUp, type ApiClient } from '../support/client.ts';
import { explainAnalyze, planNodes, queryDuring } from '../support/query-plan.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let client: ApiClient;
const rare = randomUUID();
const common = randomUUID();
/** More todos than FEW_TAGGED, all but the last 100 with the common tag. */
const TODOS = FEW_TAGGED + 200;
const COMMON = TODOS - 100;
/** Each todo's due time: the i-th is due i minutes after this (a shuffled order of creation). */
const START = Date.parse('2027-01-01T00:00:00.000Z');
const order = Array.from({ length: TODOS }, (_, i) => (i * 7919) % TODOS);
const dueAt = (i: number) => new Date(START + order[i]! * 60_000).toISOString();
const RARE = [5, 600, 1100];

beforeAll(async () => {
  stack = await startStack();
  ({ client } = await signUp(stack.url));
  const tags = [
    { id: randomUUID(), type: 'tag.create', payload: { id: rare, name: 'rare' } },
    { id: randomUUID(), type: 'tag.create', payload: { id: common, name: 'common' } },
  ];
  const todos = Array.from({ length: TODOS }, (_, i) => ({
    id: randomUUID(),
    type: 'todo.create',
    payload: {
      id: randomUUID(),
      title: `Todo ${i}`,
      dueAt: dueAt(i),
      tagIds: [...(i < COMMON ? [common] : []), ...(RARE.includes(i) ? [rare] : [])],
    },
  }));
  const mutations = [...tags, ...todos];
  for (let at = 0; at < mutations.length; at += 1000) {
    const res = await client.post('/api/sync/push', {
      clientId: 'tag-filter-plans',
      mutations: mutations.slice(at, at + 1000),
    });
    expect(res.status).toBe(200);
  }
  await stack.database.knex.raw('ANALYZE todos');
  await stack.database.knex.raw('ANALYZE todo_tags');
});
afterAll(() => stack.close());

/** The titles `path` answers, and how many todos its page query read to find them. */
async function pageOf(path: string): Promise<{ titles: string[]; todosRead: number }> {
  let titles: string[] = [];
  const page = await queryDuring(
    stack.database.knex,
    (sql) => sql.includes('row_number() OVER'),
    async () => {
      const res = await client.get(path);
      expect(res.status, res.text).toBe(200);
      titles = res.body.items.map((t: { title: string }) => t.title);
    },
  );
  const plan = await explainAnalyze(stack.database.knex, page);
  // The candidates' reads of todos (alias t); the page's own join to its todos is t_1 and reads 50.
  const reads = planNodes(plan).filter((n) => n['Relation Name'] === 'todos' && n.Alias === 't');
  const todosRead = reads.reduce(
    (sum, n) =>
      sum + ((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0)) * (n['Actual Loops'] ?? 0),
    0,
  );
  return { titles, todosRead };
}

/** The titles of the todos with these indexes, soonest due first. */
const byDue = (indexes: number[]) =>
  [...indexes].sort((a, b) => order[a]! - order[b]!).map((i) => `Todo ${i}`);

describe('a tag filter', () => {
  it('reads a rare tag’s todos by id, not every todo of the list', async () => {
    const { titles, todosRead } = await pageOf(`/api/todos?tag=${rare}&sort=dueAt`);
    expect(titles).toEqual(byDue(RARE));
    expect(todosRead).toBeLessThanOrEqual(RARE.length);
  });

  it('reads a common tag’s todos in page order, stopping at the page’s end', async () => {
    const { titles, todosRead } = await pageOf(`/api/todos?tag=${common}&sort=dueAt&limit=50`);
    const tagged = Array.from({ length: COMMON }, (_, i) => i);
    expect(titles).toEqual(byDue(tagged).slice(0, 50));
    // Some 50 of every 55 todos in due order carry it: far fewer read than its 1,100 todos.
    expect(todosRead).toBeLessThan(200);
  });

  it('takes either tag of several, and pages on with the cursor across both ways of reading', async () => {
    const either = [...Array.from({ length: COMMON }, (_, i) => i), ...RARE.filter((i) => i >= COMMON)];
    const seen: string[] = [];
    let path: string | null = `/api/todos?tag=${rare}&tag=${common}&sort=dueAt&order=desc&limit=200`;
    while (path) {
      const res: { status: number; body: { items: { title: string }[]; nextCursor: string | null } } =
        await client.get(path);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((t) => t.title));
      path = res.body.nextCursor
        ? `/api/todos?tag=${rare}&tag=${common}&sort=dueAt&order=desc&limit=200&cursor=${encodeURIComponent(res.body.nextCursor)}`
        : null;
    }
    expect(seen).toEqual(byDue(either).reverse());
  });
});
