// The Kafka broker stopped for a while (CHAOS_OUTAGE_SECONDS, 30 by default: long enough for every
// client's retries and the relay's backoff to give up and start again, short enough for CI) while
// people keep writing: writes are still acknowledged, the outbox drains once the broker is back, and
// the worker records each event once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { signUp } from '../support/client.ts';
import { waitFor } from '../support/wait.ts';
import { startKafkaSystem, type KafkaSystem } from './support/kafka-system.ts';
import { historyOf, newLedger, writeUntil } from './support/ledger.ts';

const OUTAGE_MS = Math.max(20, Number(process.env.CHAOS_OUTAGE_SECONDS ?? 30)) * 1000;
let sys: KafkaSystem;

beforeAll(async () => {
  sys = await startKafkaSystem();
}, 300_000);
afterAll(async () => {
  await sys?.close();
}, 120_000);

async function unpublished(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe(`the Kafka broker stopped for ${OUTAGE_MS / 1000} s`, () => {
  it('loses no event: the outbox drains after, and each event is recorded once', async () => {
    onTestFailed(() => console.error(sys.group.tail(40)));
    const { client } = await signUp(sys.bff.url);
    const ledger = newLedger();
    let stop = false;
    const writers = [0, 1].map((w) =>
      writeUntil(client, ledger, () => stop, { prefix: `k${w}`, persist: true }),
    );
    try {
      await new Promise((r) => setTimeout(r, 3000));
      await sys.kafka.stop();
      const atStop = ledger.created.size;
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      // Writes went on being acknowledged: the outbox holds their events.
      expect(ledger.created.size).toBeGreaterThan(atStop + 5);
      expect(await unpublished(sys.databaseUrl)).toBeGreaterThan(0);
      await sys.kafka.start();
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      stop = true;
      await Promise.all(writers);
    }

    await waitFor(async () => (await unpublished(sys.databaseUrl)) === 0, {
      timeoutMs: 120_000,
      everyMs: 1000,
      what: 'the outbox to drain',
    });
    const items = await historyOf(client, ledger.created.keys(), ledger.completed);
    console.log(
      `${ledger.created.size} creates, ${ledger.completed.size} completions, ${items.length} entries`,
    );
  });
});
