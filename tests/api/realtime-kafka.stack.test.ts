// The cluster path of realtime, on a real Kafka broker: core-service's outbox relay publishes to
// Kafka (EVENT_BUS=kafka, no shared in-process bus), each bff pod consumes `todo-events` in its own
// group, and a person's other device hears of a change within a second.
import { randomBytes, randomUUID } from 'node:crypto';
import { loadBffConfig, startBff } from '@todo/bff';
import { loadCoreConfig, startCoreService } from '@todo/core-service';
import { MemoryStateStore } from '@todo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/client.ts';
import { changeUntilPoked, openSyncStream } from '../support/sse.ts';
import { scratchDatabase } from '../support/stack.ts';

const brokers = process.env.KAFKA_BROKERS;
const url = process.env.DATABASE_URL;
let close: () => Promise<void>;
let bffUrls: string[];

beforeAll(async () => {
  if (!brokers || !url)
    throw new Error(
      'this suite needs KAFKA_BROKERS and DATABASE_URL (scripts/kafka.sh, scripts/stack-services.sh)',
    );
  const db = await scratchDatabase(url);
  const common = {
    INTERNAL_TOKEN: randomBytes(24).toString('base64url'),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    EVENT_BUS: 'kafka',
    KAFKA_BROKERS: brokers,
  };
  const core = await startCoreService(loadCoreConfig({ ...common, REMINDER_TICK_MS: '0' }), {
    database: db.database,
    migrate: false,
  });
  // Two pods of the bff: each must see every change, for the streams it holds. They share sessions
  // as pods share the Dapr state store in a cluster.
  const state = new MemoryStateStore();
  const pods = await Promise.all(
    ['a', 'b'].map((pod) =>
      startBff(
        loadBffConfig({
          ...common,
          CORE_URL: core.url,
          POD_NAME: `test-${randomUUID().slice(0, 8)}-${pod}`,
          REGISTRATIONS_PER_MINUTE: '1000',
        }),
        { state },
      ),
    ),
  );
  bffUrls = pods.map((p) => p.url);
  close = async () => {
    for (const pod of pods) await pod.close();
    await core.close();
    await db.dispose();
  };
}, 90_000);
afterAll(() => close?.());

describe('realtime over Kafka', () => {
  it('pokes the person’s device on another bff pod within a second of a change', async () => {
    const { client } = await signUp(bffUrls[0]!);
    // The laptop's stream is held by pod b; the phone writes through pod a.
    const stream = () =>
      openSyncStream(`${bffUrls[1]}/api/sync/stream?clientId=laptop-kafka`, client.cookie!, 60_000);
    const write = async (title: string) => {
      const push = await fetch(`${bffUrls[0]}/api/sync/push`, {
        method: 'POST',
        headers: { cookie: client.cookie!, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: 'phone-kafka',
          mutations: [{ id: randomUUID(), type: 'todo.create', payload: { id: randomUUID(), title } }],
        }),
      });
      expect(push.status).toBe(200);
    };
    // The first change also connects core-service's producer (it connects on its first send), and pod
    // b's group may still be joining at the newest offset: the promise is timed on a warm path.
    const warmUp = await changeUntilPoked(stream(), (attempt) => write(`Warming up ${attempt}`));

    const laptop = stream();
    await laptop.ready;
    const before = Date.now();
    await write('Over Kafka');
    const poke = await laptop.change;
    expect(poke).not.toBeNull();
    // The person's data version: one change more than the warm-up made.
    expect(JSON.parse(poke!.data)).toEqual({ version: warmUp.length + 1 });
    expect(poke!.at - before).toBeLessThan(1000);
  });
});
