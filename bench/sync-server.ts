// Server side of sync at the scale of the PWA's figures: push 10,000 queued mutations (in the
// client's batches of 1,000) and pull 10,000 changes, through the bff's HTTP API. On PGlite, or on the
// PostgreSQL server of DATABASE_URL. Prints JSON.
import { randomUUID } from 'node:crypto';
import { signUp } from '../tests/support/client.ts';
import { startStack } from '../tests/support/stack.ts';

const N = Number(process.env.BENCH_N ?? 10_000);
const BATCH = 1000;

process.env.TEST_TARGET = process.env.DATABASE_URL ? 'stack' : 'embedded';
const stack = await startStack();
try {
  const { client } = await signUp(stack.url);
  const mutations = Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    type: 'todo.create',
    payload: {
      id: randomUUID(),
      title: `Todo number ${i}`,
      priority: (['low', 'medium', 'high', 'urgent'] as const)[i % 4],
    },
  }));
  // For a CPU profile (--cpu-prof): the push's window on the profile's clock, in µs.
  const mark = (what: string) =>
    process.env.BENCH_MARKS && console.error(`${what} ${process.hrtime.bigint() / 1000n}`);
  mark('push-start');
  let started = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const res = await client.post('/api/sync/push', {
      clientId: 'bench-device',
      mutations: mutations.slice(i, i + BATCH),
    });
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${res.text.slice(0, 200)}`);
  }
  const pushMs = performance.now() - started;
  mark('push-end');
  // The relay publishes a backlog once its batches are in (OutboxRelay's bulk hold), and the worker
  // records it: let that finish, so the pull is timed alone.
  await stack.core.relay.flush();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  mark('pull-start');
  started = performance.now();
  let cursor = 0;
  let pulled = 0;
  for (;;) {
    const res = await client.get(`/api/sync/pull?cursor=${cursor}&limit=2000`);
    pulled += res.body.changes.length;
    cursor = res.body.cursor;
    if (!res.body.more) break;
  }
  const pullMs = performance.now() - started;
  mark('pull-end');
  console.log(
    JSON.stringify({
      bench: 'sync-server',
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      mutations: N,
      pushMs: Math.round(pushMs),
      pushPerSecond: Math.round((N / pushMs) * 1000),
      pulled,
      pullMs: Math.round(pullMs),
    }),
  );
} finally {
  await stack.close();
}
