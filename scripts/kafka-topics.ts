// Creates (or converges) the Kafka topics of the system and their dead-letter topics. Run at deploy
// time, e.g. by the Helm chart's Job, or locally: KAFKA_BROKERS=127.0.0.1:59092 npx tsx scripts/kafka-topics.ts
//
// Environment: KAFKA_BROKERS (required, comma-separated host:port), TOPIC_PARTITIONS (6),
// TOPIC_RETENTION_MS (7 days), DLQ_RETENTION_MS (14 days), KAFKA_REPLICATION_FACTOR (broker default);
// to a managed Kafka, as the services reach it: KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_SASL_MECHANISM,
// KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD (packages/platform/src/ports/kafka-security.ts).
import { TOPICS } from '@todo/contracts';
import {
  deadLetterTopic,
  kafkaSecurity,
  KafkaSecuritySettings,
  loadConfig,
  provisionTopics,
  type TopicSpec,
} from '@todo/platform';
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

function positiveInt(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive whole number, not '${raw}'`);
  }
  return value;
}

function specs(): TopicSpec[] {
  const partitions = positiveInt('TOPIC_PARTITIONS', 6)!;
  const retentionMs = positiveInt('TOPIC_RETENTION_MS', 7 * DAY_MS)!;
  // Dead letters wait for a person to look at them: keep them twice as long.
  const dlqRetentionMs = positiveInt('DLQ_RETENTION_MS', 14 * DAY_MS)!;
  const replicationFactor = positiveInt('KAFKA_REPLICATION_FACTOR', undefined);
  return Object.values(TOPICS).flatMap((name) => [
    { name, partitions, retentionMs, replicationFactor },
    // Same partition count, so a subject's dead letters stay in order too.
    { name: deadLetterTopic(name), partitions, retentionMs: dlqRetentionMs, replicationFactor },
  ]);
}

const brokers = (process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
if (brokers.length === 0) {
  console.error('KAFKA_BROKERS is not set (e.g. KAFKA_BROKERS=127.0.0.1:59092; scripts/kafka.sh prints it)');
  process.exit(1);
}

/** TLS and SASL as the services read them; a setting that does not fit ends the run, naming it. */
function security(): ReturnType<typeof kafkaSecurity> {
  try {
    return kafkaSecurity(loadConfig(z.object(KafkaSecuritySettings)));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}

try {
  for (const result of await provisionTopics(brokers, specs(), security())) {
    console.log(
      `${result.name}: ${result.action}${result.changes.length ? ` (${result.changes.join(', ')})` : ''}`,
    );
  }
} catch (err) {
  console.error(`Provisioning topics on ${brokers.join(',')} failed: ${(err as Error).message}`);
  process.exit(1);
}
