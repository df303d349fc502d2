// Kafka as a managed service offers it: SASL (SCRAM-SHA-512) over TLS, with a certificate of a
// private CA. scripts/kafka.sh's broker listens that way too and prints KAFKA_SECURE_*; without
// them every test fails (a missing broker is never a skip). The topics command is the chart's Job.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { TOPICS } from '@todo/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { secureKafka } from '../../../../tests/support/kafka-secure.ts';
import { createLogger } from '../logger.ts';
import { createEventBus, type EventBusConfig } from './event-bus-config.ts';
import { deadLetterTopic, type BusEvent, type EventBus } from './event-bus.ts';
import { kafkaSecurity } from './kafka-security.ts';
import { provisionTopics } from './kafka-topics.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../../..');
const logger = createLogger('kafka-security', process.env.TEST_LOG_LEVEL ?? 'silent');

function secure() {
  const kafka = secureKafka();
  return {
    KAFKA_BROKERS: kafka.brokers,
    KAFKA_TLS: true,
    KAFKA_TLS_CA_FILE: kafka.caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-512' as const,
    KAFKA_SASL_USERNAME: kafka.username,
    KAFKA_SASL_PASSWORD: kafka.password,
  };
}

/** The topics command with the environment the chart's Job gets when dapr.pubsub.kafka is SASL over TLS. */
function topicsCommand(overrides: Record<string, string> = {}) {
  const s = secure();
  return run(process.execPath, ['--import', 'tsx', 'scripts/kafka-topics.ts'], {
    cwd: root,
    env: {
      ...process.env,
      KAFKA_BROKERS: s.KAFKA_BROKERS,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: s.KAFKA_TLS_CA_FILE,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: s.KAFKA_SASL_USERNAME,
      KAFKA_SASL_PASSWORD: s.KAFKA_SASL_PASSWORD,
      ...overrides,
    },
    timeout: 60_000,
  });
}

describe('Kafka with SASL over TLS', () => {
  it('has its topics made by the topics command, and refuses it a wrong password', async () => {
    const { stdout } = await topicsCommand();
    for (const topic of Object.values(TOPICS)) {
      expect(stdout).toMatch(new RegExp(`^${topic}: `, 'm'));
      expect(stdout).toMatch(new RegExp(`^${deadLetterTopic(topic)}: `, 'm'));
    }

    const refused = await topicsCommand({ KAFKA_SASL_PASSWORD: 'not-the-password' }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/authentication failed/i);
  }, 120_000);

  const buses: EventBus[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  it("carries a service's events, publisher to consumer", async () => {
    const s = secure();
    const config: EventBusConfig = {
      ...s,
      EVENT_BUS: 'kafka',
      DAPR_HTTP_PORT: 3500,
      DAPR_PUBSUB_NAME: 'events',
    };
    const topic = `secure-${randomUUID()}`;
    await provisionTopics(
      [s.KAFKA_BROKERS],
      [
        { name: topic, partitions: 1, retentionMs: 3_600_000 },
        { name: deadLetterTopic(topic), partitions: 1, retentionMs: 3_600_000 },
      ],
      kafkaSecurity(s),
    );
    const publisher = createEventBus(config, { clientId: 'secure-publisher', logger }).bus;
    const consumer = createEventBus(config, { clientId: 'secure-consumer', logger, fromBeginning: true }).bus;
    buses.push(publisher, consumer);

    const received: BusEvent[] = [];
    await consumer.subscribe(topic, 'secure-group', async (event) => {
      received.push(event);
      return 'SUCCESS';
    });
    const sent: BusEvent = {
      id: randomUUID(),
      type: 'todo.created',
      source: 'kafka-security-test',
      time: new Date().toISOString(),
      subject: 'person-1',
      data: { title: 'over TLS' },
    };
    await publisher.publish(topic, sent);
    await expect.poll(() => received.map((e) => e.id), { timeout: 20_000 }).toEqual([sent.id]);
    expect(received[0]?.data).toEqual({ title: 'over TLS' });

    // The same broker, the same user, the wrong password: nothing is published.
    const wrong = createEventBus(
      { ...config, KAFKA_SASL_PASSWORD: 'not-the-password' },
      { clientId: 'secure-wrong', logger },
    ).bus;
    buses.push(wrong);
    await expect(wrong.publish(topic, { ...sent, id: randomUUID() })).rejects.toThrow(
      /authentication failed/i,
    );
  }, 60_000);
});
