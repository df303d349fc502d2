// A reminder clock tick reads only the reminders that can fire. One whose time had passed when it was
// set stays unsent for ever, and the clock runs every second on every replica: its index leaves them
// out (20261208_0015), so a tick costs the same however many a server keeps. Checked on the plan of
// the claim the clock really ran, with 2,000 such reminders beside one due.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({}, { ownDatabase: true, core: { REMINDER_TICK_MS: '0' } });
});
afterAll(() => stack?.close());

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

describe('the reminder clock', () => {
  it('reads past none of the reminders that will never fire', async () => {
    const { client } = await signUp(stack.url);
    const hour = 3_600_000;
    // 200 "yesterday" todos with ten reminders each, all of them past when set: none ever fires.
    const mutations = Array.from({ length: 200 }, (_, i) => ({
      id: randomUUID(),
      type: 'todo.create',
      payload: {
        id: randomUUID(),
        title: `Yesterday ${i}`,
        reminders: Array.from({ length: 10 }, (_, k) => ({
          remindAt: new Date(Date.now() - (1 + k) * hour).toISOString(),
        })),
      },
    }));
    const res = await client.post('/api/sync/push', { clientId: 'clock-index', mutations });
    expect(res.status, res.text).toBe(200);
    const due = await client.post('/api/todos', {
      title: 'Due now',
      reminders: [{ remindAt: new Date(Date.now() + 500).toISOString() }],
    });
    expect(due.status, due.text).toBe(201);
    await stack.database.knex.raw('ANALYZE');
    await new Promise((r) => setTimeout(r, 1000));

    let claim: { sql: string; bindings: unknown[] } | undefined;
    const listen = (query: { sql: string; bindings: unknown[] }) => {
      if (query.sql.includes('claimed AS')) claim = query;
    };
    stack.database.knex.on('query', listen);
    try {
      // A second reminder is due now, so the claim reads it while it is still unsent.
      expect(await stack.core.clock.tick()).toBe(1);
    } finally {
      stack.database.knex.off('query', listen);
    }
    expect(claim, 'the clock ran no claim').toBeDefined();
    const again = await client.post('/api/todos', {
      title: 'Due next',
      reminders: [{ remindAt: new Date(Date.now() - 1000).toISOString() }],
    });
    expect(again.status).toBe(201);

    // EXPLAIN ANALYZE runs the claim (it marks what it claims): inside a transaction rolled back.
    const sql = `EXPLAIN (ANALYZE, FORMAT JSON) ${claim!.sql.replace(/\$\d+/g, '?')}`;
    const bindings = claim!.bindings.map((b, i) =>
      i === 0 || i === 2 ? new Date() : b,
    ) as Knex.RawBinding[];
    let plan: PlanNode | undefined;
    await stack.database.knex
      .transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_seqscan = off');
        const result = (await trx.raw(sql, bindings)) as { rows: Record<string, unknown>[] };
        const cell = Object.values(result.rows[0]!)[0];
        plan = (typeof cell === 'string' ? JSON.parse(cell) : cell)[0].Plan as PlanNode;
        throw new Error('rolled back');
      })
      .catch((err: Error) => {
        if (err.message !== 'rolled back') throw err;
      });
    // The due reminders are found by the index that holds only those that can fire (the other scans
    // of reminders are the claim's update and its lookups by id).
    const scans = nodes(plan!).filter((n) => n['Index Name'] === 'reminders_firing');
    expect(scans, JSON.stringify(plan)).toHaveLength(1);
    // Only "Due next" is read: not one of the 2,000 that never fire, not even to filter it out.
    expect(scans[0]!['Actual Rows']).toBe(1);
    expect(scans[0]!['Rows Removed by Filter'] ?? 0).toBe(0);
  });
});
