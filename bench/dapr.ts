// What the sidecars cost: the same public API calls against the embedded stack (every service in one
// process, direct calls) and against the Dapr topology (bff, core-service and worker each a process
// beside its own daprd, the bff calling core-service by invocation through two sidecars with mTLS),
// both on the PostgreSQL server of DATABASE_URL, in one run. Prints one JSON line per topology:
// p50/p99 of one read (GET /api/todos/{id}, one at a time) and req/s of a mixed workload
// (8 concurrent clients: 50% list, 30% create, 20% update) over BENCH_SECONDS (10).
// Needs DATABASE_URL, DAPRD_PATH and DAPR_SENTRY_PATH (scripts/stack-services.sh, scripts/daprd.sh).
import { ApiClient, signUp } from '../tests/support/client.ts';
import { startTopology } from '../tests/support/dapr-topology.ts';
import { startStack } from '../tests/support/stack.ts';

const READS = Number(process.env.BENCH_READS ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = 8;

if (!process.env.DATABASE_URL) throw new Error('BENCH=dapr needs DATABASE_URL (scripts/stack-services.sh)');
process.env.TEST_TARGET = 'stack';
process.env.TEST_LOG_LEVEL ??= 'warn';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(topology: string, url: string) {
  const { client } = await signUp(url);
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await client.post('/api/todos', { title: `Seed ${i}` })).body.id);
  // Warm-up: connections, JIT, the sidecars' name resolution and certificates.
  for (let i = 0; i < 50; i++) await client.get(`/api/todos/${ids[i % ids.length]}`);

  const latencies: number[] = [];
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    const res = await client.get(`/api/todos/${ids[i % ids.length]}`);
    latencies.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`read failed: ${res.status} ${res.text.slice(0, 200)}`);
  }
  latencies.sort((a, b) => a - b);

  let done = 0;
  let failed = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const loop = async (n: number) => {
    const own = new ApiClient(url);
    own.cookie = client.cookie;
    for (let i = n; performance.now() < deadline; i += CONCURRENCY) {
      const kind = i % 10;
      const res =
        kind < 5
          ? await own.get('/api/todos?limit=20')
          : kind < 8
            ? await own.post('/api/todos', { title: `Load ${i}` })
            : await own.patch(`/api/todos/${ids[i % ids.length]}`, { title: `Edited ${i}` });
      if (res.status < 300) done++;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, n) => loop(n)));
  const elapsed = (performance.now() - started) / 1000;
  return {
    bench: 'dapr',
    topology,
    readP50Ms: Number(percentile(latencies, 50).toFixed(2)),
    readP99Ms: Number(percentile(latencies, 99).toFixed(2)),
    mixedPerSecond: Math.round(done / elapsed),
    mixedFailed: failed,
  };
}

const embedded = await startStack();
try {
  console.log(JSON.stringify(await measure('embedded', embedded.url)));
} finally {
  await embedded.close();
}
const sidecars = await startTopology({ replicas: 1 });
try {
  console.log(JSON.stringify(await measure('dapr-sidecars', sidecars.replicas.bff[0]!.app.url)));
} finally {
  await sidecars.close();
}
