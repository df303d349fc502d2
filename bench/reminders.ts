// Reminders end to end and the outbox's throughput, on PGlite or on the PostgreSQL server of
// DATABASE_URL (in a scratch database, dropped afterwards). Prints one JSON line. About 20 s.
//   latency: 100 reminders (BENCH_REMINDERS) due over 10 s → their Web Push messages at a real push
//     service (web-push-testing over HTTPS): from remindAt to arrival, p50/p95/max, with the default
//     1 s clock tick.
//   outbox: 5,000 todo events (BENCH_EVENTS) written while the relay is stopped, then released: how
//     fast they reach a consumer group, and the worker's audit history.
//   idle tick: a clock tick that finds nothing due, with 100,000 reminders (BENCH_SKIPPED) that never
//     fire in the database (set after their time, as a "yesterday" todo's): the clock runs every
//     second on every replica, so what it reads past grows with every such reminder kept. Then a
//     tick that claims one reminder among them.
import { randomUUID } from 'node:crypto';
import { signUp } from '../tests/support/client.ts';
import { startPushService } from '../tests/support/push-service.ts';
import { startStack } from '../tests/support/stack.ts';
import { waitFor } from '../tests/support/wait.ts';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 100);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const SPREAD_MS = 10_000;

process.env.TEST_TARGET = process.env.DATABASE_URL ? 'stack' : 'embedded';
const push = await startPushService();
const stack = await startStack({}, { ownDatabase: true, pushCa: push.ca });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function latency() {
  const { client } = await signUp(stack.url);
  const key = (await client.get('/api/push/vapid-public-key')).body.key as string;
  const { subscription, clientHash } = await push.subscribe(key);
  await client.post('/api/push/subscriptions', subscription);
  const start = Date.now() + 3000;
  const remindAt = new Map<string, number>();
  await Promise.all(
    Array.from({ length: REMINDERS }, async (_, i) => {
      const at = start + Math.round((i * SPREAD_MS) / REMINDERS);
      const res = await client.post('/api/todos', {
        title: `Reminder ${i}`,
        reminders: [{ remindAt: new Date(at).toISOString() }],
      });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text.slice(0, 200)}`);
      remindAt.set((res.body.reminders[0].id as string).replace(/-/g, ''), at);
    }),
  );
  const arrived = () => push.arrivals.filter((a) => a.clientHash === clientHash && a.status === 201);
  await waitFor(() => arrived().length >= REMINDERS, {
    timeoutMs: SPREAD_MS + 30_000,
    what: `${REMINDERS} push messages`,
  });
  const delays = arrived()
    .map((a) => a.at - remindAt.get(a.topic ?? '')!)
    .sort((a, b) => a - b);
  const messages = await push.messages(clientHash);
  return {
    reminders: REMINDERS,
    received: messages.length,
    tickMs: 1000,
    p50Ms: percentile(delays, 50),
    p95Ms: percentile(delays, 95),
    maxMs: delays[delays.length - 1],
  };
}

async function outbox() {
  const { client, user } = await signUp(stack.url);
  let consumed = 0;
  let consumedAt = 0;
  await stack.bus.subscribe('todo-events', `bench-${randomUUID()}`, async (event) => {
    if (event.subject === user.id && ++consumed === EVENTS) consumedAt = performance.now();
    return 'SUCCESS';
  });
  await stack.core.relay.stop();
  for (let i = 0; i < EVENTS; i += 500) {
    const mutations = Array.from({ length: Math.min(500, EVENTS - i) }, (_, j) => {
      const id = randomUUID();
      return { id: randomUUID(), type: 'todo.create', payload: { id, title: `Event ${i + j}` } };
    });
    const res = await client.post('/api/sync/push', { clientId: 'bench-outbox', mutations });
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${res.text.slice(0, 200)}`);
  }
  const started = performance.now();
  stack.core.relay.start();
  await waitFor(() => consumedAt > 0, { timeoutMs: 60_000, what: `${EVENTS} events at the consumer` });
  const relayMs = consumedAt - started;
  await waitFor(
    async () => {
      const [row] = await stack.database.knex('activity').where({ userId: user.id }).count({ n: '*' });
      return Number(row!.n) >= EVENTS;
    },
    { timeoutMs: 60_000, everyMs: 100, what: `${EVENTS} history rows` },
  );
  const auditMs = performance.now() - started;
  return {
    events: EVENTS,
    relayToConsumerMs: Math.round(relayMs),
    relayEventsPerSecond: Math.round((EVENTS / relayMs) * 1000),
    auditHistoryMs: Math.round(auditMs),
    auditEventsPerSecond: Math.round((EVENTS / auditMs) * 1000),
  };
}

const SKIPPED = Number(process.env.BENCH_SKIPPED ?? 100_000);

async function idleTick() {
  const { client } = await signUp(stack.url);
  // Ten reminders a todo, each an hour or more in the past when the todo is made: none is due, ever.
  const hour = 3_600_000;
  for (let i = 0; i < SKIPPED / 10; i += 1000) {
    const mutations = Array.from({ length: Math.min(1000, SKIPPED / 10 - i) }, (_, j) => ({
      id: randomUUID(),
      type: 'todo.create',
      payload: {
        id: randomUUID(),
        title: `Yesterday ${i + j}`,
        reminders: Array.from({ length: 10 }, (_, k) => ({
          remindAt: new Date(Date.now() - (1 + k + (i + j) / 1000) * hour).toISOString(),
        })),
      },
    }));
    const res = await client.post('/api/sync/push', { clientId: 'bench-skipped', mutations });
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${res.text.slice(0, 200)}`);
  }
  if (process.env.DATABASE_URL) await stack.database.knex.raw('VACUUM (ANALYZE)');
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    const claimed = await stack.core.clock.tick();
    times.push(performance.now() - started);
    if (claimed !== 0) throw new Error(`an idle tick claimed ${claimed} reminders`);
  }
  times.sort((a, b) => a - b);
  // A tick that claims one reminder among them: what it costs to find and mark it.
  const dueTimes: number[] = [];
  for (let i = 0; i < 11; i++) {
    const res = await client.post('/api/todos', {
      title: `Due ${i}`,
      reminders: [{ remindAt: new Date(Date.now() - 1000).toISOString() }],
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text.slice(0, 200)}`);
    const started = performance.now();
    const claimed = await stack.core.clock.tick();
    dueTimes.push(performance.now() - started);
    if (claimed !== 1) throw new Error(`a tick claimed ${claimed} reminders, not the one due`);
  }
  dueTimes.sort((a, b) => a - b);
  const ms = (sorted: number[]) => Math.round(percentile(sorted, 50) * 100) / 100;
  return { skippedReminders: SKIPPED, tickP50Ms: ms(times), tickClaimingOneP50Ms: ms(dueTimes) };
}

try {
  const began = performance.now();
  const result = {
    bench: 'reminders',
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    latency: await latency(),
    outbox: await outbox(),
    idleTick: await idleTick(),
    totalMs: 0,
  };
  result.totalMs = Math.round(performance.now() - began);
  console.log(JSON.stringify(result));
} finally {
  await stack.close();
  await push.close();
}
