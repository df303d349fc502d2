// The Dapr topology's Redis (state store and pub/sub, a redis-server of the run's own) stopped for
// CHAOS_OUTAGE_SECONDS (30) while a person keeps writing, then started again on its files (append-only
// file on, as a Redis that holds sessions is run): writes acknowledged before and after are all there,
// the outbox drains once Redis is back, and the worker records each event once.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, it, onTestFailed } from 'vitest';
import { signUp } from '../support/client.ts';
import { startTopology, type Topology } from '../support/dapr-topology.ts';
import { waitFor } from '../support/wait.ts';
import { historyOf, newLedger, writeUntil } from './support/ledger.ts';

const OUTAGE_MS = Math.max(20, Number(process.env.CHAOS_OUTAGE_SECONDS ?? 30)) * 1000;
let topo: Topology;

beforeAll(async () => {
  topo = await startTopology({ replicas: 1, pubsub: 'redis' });
}, 300_000);
afterAll(async () => {
  await topo?.close();
}, 120_000);

const unpublished = async () =>
  Number((await topo.database.database.knex('outbox').whereNull('publishedAt').count({ n: '*' }))[0]!.n);

describe(`Redis of the Dapr topology stopped for ${OUTAGE_MS / 1000} s`, () => {
  it('loses no acknowledged write and no event; the outbox drains after', async () => {
    onTestFailed(() => console.error(topo.group.tail(30)));
    const port = topo.redis.host.split(':')[1]!;
    const cli = (...args: string[]) =>
      execFileSync('redis-cli', ['-p', port, ...args])
        .toString()
        .trim();
    // Sessions and streams survive a restart: the append-only file, written out when Redis stops.
    cli('CONFIG', 'SET', 'appendonly', 'yes');
    await waitFor(() => /aof_rewrite_in_progress:0/.test(cli('INFO', 'persistence')), { what: 'the AOF' });

    const bff = topo.replicas.bff[0]!.app.url;
    const { client } = await signUp(bff);
    const ledger = newLedger();
    const failures = { count: 0 };
    let stop = false;
    const writers = [0, 1].map((w) =>
      writeUntil(client, ledger, () => stop, { prefix: `redis${w}`, persist: true, failures }),
    );
    try {
      await waitFor(() => ledger.created.size >= 10, { timeoutMs: 60_000, what: 'writes before the outage' });
      await topo.redis.proc.stop();
      const atStop = ledger.created.size;
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      console.log(
        `during the outage: ${ledger.created.size - atStop} writes acknowledged, ${failures.count} refused`,
      );
      topo.group.spawn(
        'redis-again',
        'redis-server',
        [
          '--bind',
          '127.0.0.1',
          '--port',
          port,
          '--dir',
          path.join(topo.group.dir, 'redis'),
          '--appendonly',
          'yes',
        ],
        { PATH: process.env.PATH ?? '' },
      );
      const back = ledger.created.size;
      await waitFor(() => ledger.created.size >= back + 10, {
        timeoutMs: 120_000,
        what: 'writes acknowledged after Redis is back',
      });
    } finally {
      stop = true;
      await Promise.all(writers);
    }

    await waitFor(async () => (await unpublished()) === 0, {
      timeoutMs: 120_000,
      everyMs: 1000,
      what: 'the outbox to drain',
    });
    await historyOf(client, ledger.created.keys(), []);
  });
});
