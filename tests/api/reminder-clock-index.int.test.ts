// A reminder clock tick reads only the reminders that can fire. One whose time had passed when it was
// set stays unsent for ever, and the clock runs every second on every replica: its index leaves them
// out (20261208_0015), so a tick costs the same however many a server keeps. Checked on the plan of
// the claim the clock really ran, with 2,000 such reminders beside one due.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/client.ts';
import { explainAnalyze, planNodes, queryDuring, type PlanNode } from '../support/query-plan.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({}, { ownDatabase: true, core: { REMINDER_TICK_MS: '0' } });
});
afterAll(() => stack?.close());

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

    // A second reminder is due now, so the claim reads it while it is still unsent.
    const claim = await queryDuring(
      stack.database.knex,
      (sql) => sql.includes('claimed AS'),
      async () => expect(await stack.core.clock.tick()).toBe(1),
    );
    const again = await client.post('/api/todos', {
      title: 'Due next',
      reminders: [{ remindAt: new Date(Date.now() - 1000).toISOString() }],
    });
    expect(again.status).toBe(201);

    // EXPLAIN ANALYZE runs the claim (it marks what it claims): inside a transaction rolled back.
    const bindings = claim.bindings.map((b, i) => (i === 0 || i === 2 ? new Date() : b));
    let plan: PlanNode | undefined;
    await stack.database.knex
      .transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_seqscan = off');
        plan = await explainAnalyze(trx, claim, bindings);
        throw new Error('rolled back');
      })
      .catch((err: Error) => {
        if (err.message !== 'rolled back') throw err;
      });
    // The due reminders are found by the index that holds only those that can fire (the other scans
    // of reminders are the claim's update and its lookups by id).
    const scans = planNodes(plan!).filter((n) => n['Index Name'] === 'reminders_firing');
    expect(scans, JSON.stringify(plan)).toHaveLength(1);
    // Only "Due next" is read: not one of the 2,000 that never fire, not even to filter it out.
    expect(scans[0]!['Actual Rows']).toBe(1);
    expect(scans[0]!['Rows Removed by Filter'] ?? 0).toBe(0);
  });
});
