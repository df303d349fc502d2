// The EventBus contract against a real Kafka broker (KAFKA_BROKERS; scripts/kafka.sh starts one).
// Each consumer is its own KafkaEventBus, as each app is; a crash severs its sockets mid-event.
// Without KAFKA_BROKERS every test fails: a missing broker is never a skip. TEST_LOG_LEVEL=debug shows kafkajs.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import kafkajs, { type ISocketFactory, type KafkaMessage } from 'kafkajs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { eventBusContract } from './event-bus.contract.ts';
import { deadLetterTopic, type BusEvent, type EventBus } from './event-bus.ts';
import { KafkaEventBus, SESSION_TIMEOUT_MS, type KafkaEventBusOptions } from './kafka-event-bus.ts';
import { provisionTopics } from './kafka-topics.ts';

const { Kafka, logLevel } = kafkajs;
const MAX_ATTEMPTS = 4;
const logger = createLogger('kafka-contract', process.env.TEST_LOG_LEVEL ?? 'silent');

function brokers(): string[] {
  const raw = process.env.KAFKA_BROKERS?.trim();
  if (!raw)
    throw new Error(
      'KAFKA_BROKERS is not set: start a broker with scripts/kafka.sh and export what it prints',
    );
  return raw.split(',').map((b) => b.trim());
}

/** kafkajs' own socket factory, plus a kill switch: after crash() every connection dies at once. */
function crashableSockets() {
  const open = new Set<net.Socket>();
  let crashed = false;
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    if (crashed) setImmediate(() => socket.destroy(new Error('this consumer has crashed')));
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    return socket;
  };
  const crash = () => {
    crashed = true;
    for (const socket of open) socket.destroy();
  };
  return { socketFactory, crash, isCrashed: () => crashed };
}

function options(overrides: Partial<KafkaEventBusOptions> = {}): KafkaEventBusOptions {
  return {
    brokers: brokers(),
    clientId: 'kafka-contract',
    logger,
    maxAttempts: MAX_ATTEMPTS,
    backoffMs: 50,
    maxBackoffMs: 400,
    // Each test's topics and groups are new: start at the beginning, so nothing published between
    // the group join and the first fetch is missed.
    fromBeginning: true,
    // A dead member is noticed after the session timeout (the broker's minimum is 6 s).
    consumer: { sessionTimeout: 6_000, heartbeatInterval: 500, rebalanceTimeout: 10_000 },
    ...overrides,
  };
}

/** Test topics go when their test ends, so a laptop's broker does not collect thousands. */
async function deleteTopics(topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = new Kafka({
    clientId: 'contract-cleanup',
    brokers: brokers(),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** close(), but a crashed bus may hang on its dead sockets: give it a few seconds, then move on. */
function closeWithin(bus: EventBus, ms: number): Promise<unknown> {
  return Promise.race([bus.close().catch(() => {}), new Promise((r) => setTimeout(r, ms))]);
}

eventBusContract({
  name: 'Kafka (kafkajs)',
  maxAttempts: MAX_ATTEMPTS,
  deliveryTimeoutMs: 15_000,
  // The successor resumes at the group's committed offset: the held event, then what came after.
  crashRecovery: { timeoutMs: 30_000, keepsOrder: true },
  async setup() {
    brokers();
  },
  async session() {
    const publisher = new KafkaEventBus(options({ clientId: 'contract-publisher' }));
    const consumers: { bus: KafkaEventBus; isCrashed: () => boolean }[] = [];
    const topics: string[] = [];
    return {
      publisher,
      async topic() {
        const name = `contract-${randomUUID()}`;
        // Three partitions, so the three-user ordering test spans partitions.
        await provisionTopics(brokers(), [
          { name, partitions: 3, retentionMs: 3_600_000 },
          { name: deadLetterTopic(name), partitions: 3, retentionMs: 3_600_000 },
        ]);
        topics.push(name, deadLetterTopic(name));
        return name;
      },
      async consumer(group, subscribe) {
        const sockets = crashableSockets();
        const bus = new KafkaEventBus(
          options({ clientId: group, kafka: { socketFactory: sockets.socketFactory } }),
        );
        consumers.push({ bus, isCrashed: sockets.isCrashed });
        await subscribe(bus);
        return { crash: async () => sockets.crash() };
      },
      async close() {
        await Promise.all(consumers.map((c) => (c.isCrashed() ? closeWithin(c.bus, 5_000) : c.bus.close())));
        await publisher.close();
        await deleteTopics(topics);
      },
    };
  },
});

describe('KafkaEventBus on Kafka', () => {
  const buses: EventBus[] = [];
  const bus = (overrides: Partial<KafkaEventBusOptions> = {}): KafkaEventBus => {
    const b = new KafkaEventBus(options(overrides));
    buses.push(b);
    return b;
  };
  const topics: string[] = [];
  const newTopic = async (partitions = 3) => {
    const name = `kafka-only-${randomUUID()}`;
    await provisionTopics(brokers(), [
      { name, partitions, retentionMs: 3_600_000 },
      { name: deadLetterTopic(name), partitions, retentionMs: 3_600_000 },
    ]);
    topics.push(name, deadLetterTopic(name));
    return name;
  };
  const event = (subject: string, n: number): BusEvent => ({
    id: randomUUID(),
    type: 'todo.created',
    source: 'core-service',
    time: new Date().toISOString(),
    subject,
    data: { userId: subject, n },
  });
  /** Every record of a topic as stored: key, headers and value. */
  async function records(topic: string, count: number) {
    const kafka = new Kafka({ clientId: 'inspector', brokers: brokers(), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `inspector-${randomUUID()}`, maxWaitTimeInMs: 200 });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    try {
      await vi.waitFor(() => expect(seen).toHaveLength(count), { timeout: 15_000 });
      return seen;
    } finally {
      await consumer.disconnect();
    }
  }

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });
  afterAll(async () => deleteTopics(topics.splice(0)));

  it('writes a structured CloudEvent keyed by the subject, with ce_ headers', async () => {
    const topic = await newTopic();
    const sent = event('user-7', 1);

    await bus().publish(topic, sent);

    const [record] = await records(topic, 1);
    expect(record!.key?.toString()).toBe('user-7');
    expect(JSON.parse(record!.value!.toString())).toEqual({
      specversion: '1.0',
      datacontenttype: 'application/json',
      ...sent,
    });
    const headers = Object.fromEntries(Object.entries(record!.headers!).map(([k, v]) => [k, String(v)]));
    expect(headers).toMatchObject({
      'content-type': 'application/cloudevents+json',
      ce_specversion: '1.0',
      ce_id: sent.id,
      ce_type: 'todo.created',
      ce_source: 'core-service',
      ce_subject: 'user-7',
    });
  });

  it('dead-letters with the reason, the origin and the original record', async () => {
    const topic = await newTopic();
    await provisionTopics(brokers(), [
      { name: deadLetterTopic(topic), partitions: 3, retentionMs: 3_600_000 },
    ]);
    await bus().subscribe(topic, `worker-${randomUUID()}`, async () => 'DROP');
    const sent = event('user-8', 1);

    await bus().publish(topic, sent);

    const [dead] = await records(deadLetterTopic(topic), 1);
    expect(dead!.key?.toString()).toBe('user-8');
    expect(JSON.parse(dead!.value!.toString()).id).toBe(sent.id);
    expect(String(dead!.headers!.dlq_reason)).toBe('handler answered DROP');
    expect(String(dead!.headers!.dlq_topic)).toBe(topic);
    expect(String(dead!.headers!.ce_id)).toBe(sent.id);
  });

  it('serves one group whose consumers take different topics (the worker: todo and reminder events)', async () => {
    const [todos, reminders] = [await newTopic(), await newTopic()];
    const group = `worker-${randomUUID()}`;
    const seen: Record<string, number[]> = { [todos]: [], [reminders]: [] };
    const worker = bus();
    for (const topic of [todos, reminders]) {
      await worker.subscribe(topic, group, async (e) => {
        seen[topic]!.push((e.data as { n: number }).n);
        return 'SUCCESS';
      });
    }
    const publisher = bus();

    for (let n = 1; n <= 12; n++) {
      await publisher.publish(todos, event(`user-${n % 4}`, n));
      await publisher.publish(reminders, event(`user-${n % 4}`, n));
    }

    const all = Array.from({ length: 12 }, (_, i) => i + 1);
    await vi.waitFor(() => expect([...seen[todos]!].sort((a, b) => a - b)).toEqual(all), { timeout: 15_000 });
    await vi.waitFor(() => expect([...seen[reminders]!].sort((a, b) => a - b)).toEqual(all), {
      timeout: 15_000,
    });
  });

  it('publishes a batch in requests under the broker limit: every event once, each subject in order', async () => {
    const topic = await newTopic();
    const seen: BusEvent[] = [];
    await bus().subscribe(topic, `worker-${randomUUID()}`, async (e) => {
      seen.push(e);
      return 'SUCCESS';
    });
    // 1,200 events of about 1 kB: more than one request by count and by bytes.
    const sent = Array.from({ length: 1200 }, (_, i) => ({
      ...event(`user-${i % 5}`, i),
      data: { userId: `user-${i % 5}`, n: i, note: 'x'.repeat(900) },
    }));

    await bus().publishBatch(topic, sent);

    await vi.waitFor(() => expect(seen).toHaveLength(1200), { timeout: 15_000 });
    expect(new Set(seen.map((e) => e.id)).size).toBe(1200);
    for (let u = 0; u < 5; u++) {
      const order = seen.filter((e) => e.subject === `user-${u}`).map((e) => (e.data as { n: number }).n);
      expect(order).toEqual(sent.filter((e) => e.subject === `user-${u}`).map((e) => e.data.n));
    }
    expect(seen.find((e) => e.id === sent[7]!.id)).toEqual(sent[7]);
  });

  it('splits partitions between two instances of one app: each event is handled once', async () => {
    const topic = await newTopic(6);
    const group = `worker-${randomUUID()}`;
    const handled: string[][] = [[], []];
    for (const mine of handled) {
      await bus().subscribe(topic, group, async (e) => {
        mine.push(e.id);
        return 'SUCCESS';
      });
    }
    // Both instances are in the group once the second join settles; publish after that.
    const sent = Array.from({ length: 30 }, (_, i) => event(`user-${i % 10}`, i));
    const publisher = bus();

    for (const e of sent) await publisher.publish(topic, e);

    await vi.waitFor(() => expect(handled.flat().sort()).toEqual(sent.map((e) => e.id).sort()), {
      timeout: 15_000,
    });
    expect(handled[0]!.length).toBeGreaterThan(0);
    expect(handled[1]!.length).toBeGreaterThan(0);
  });

  it("commits what it handled before close: the group's next consumer starts after it, nothing twice", async () => {
    const topic = await newTopic(6);
    const group = `worker-${randomUUID()}`;
    const first: string[] = [];
    let allHandled = () => {};
    const handledAll = new Promise<void>((resolve) => (allHandled = resolve));
    const closing = new KafkaEventBus(options());
    await closing.subscribe(topic, group, async (e) => {
      if (first.push(e.id) === 300) setImmediate(allHandled);
      return 'SUCCESS';
    });
    const before = Array.from({ length: 300 }, (_, i) => event(`user-${i % 10}`, i));
    await bus().publishBatch(topic, before);
    await handledAll;

    // Closed as the last event is handled: its commit goes out in the background, and close waits.
    await closing.close();
    const after = Array.from({ length: 5 }, (_, i) => event(`user-${i}`, 1000 + i));
    await bus().publishBatch(topic, after);
    const second: string[] = [];
    await bus().subscribe(topic, group, async (e) => {
      second.push(e.id);
      return 'SUCCESS';
    });

    await vi.waitFor(() => expect(second).toHaveLength(5), { timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(second.sort()).toEqual(after.map((e) => e.id).sort());
  });

  it("gives a crashed consumer's partitions to its successor within the default session timeout", async () => {
    const topic = await newTopic(3);
    const group = `worker-${randomUUID()}`;
    // The library's own consumer settings (consumer: {}), as the services get them.
    const sockets = crashableSockets();
    const crashing = new KafkaEventBus(
      options({ clientId: 'crashing', consumer: {}, kafka: { socketFactory: sockets.socketFactory } }),
    );
    const before = event('user-1', 1);
    const seen: string[] = [];
    await crashing.subscribe(topic, group, async (e) => {
      seen.push(e.id);
      return 'SUCCESS';
    });
    await bus().publish(topic, before);
    await vi.waitFor(() => expect(seen).toEqual([before.id]), { timeout: 15_000 });

    const crashedAt = Date.now();
    sockets.crash();
    try {
      const taken: string[] = [];
      const after = event('user-1', 2);
      // Joining waits for the broker to give up on the silent member.
      await bus({ consumer: {} }).subscribe(topic, group, async (e) => {
        taken.push(e.id);
        return 'SUCCESS';
      });
      await bus().publish(topic, after);
      await vi.waitFor(() => expect(taken).toContain(after.id), { timeout: 15_000, interval: 50 });
      const tookOver = Date.now() - crashedAt;
      console.log(`successor took over ${tookOver} ms after the crash`);
      // kafkajs' own 30 s session timeout misses this by far.
      expect(tookOver).toBeLessThan(SESSION_TIMEOUT_MS * 2);
    } finally {
      await closeWithin(crashing, 5_000);
    }
  }, 60_000);
});
