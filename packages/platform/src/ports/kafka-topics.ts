// Creates the Kafka topics the services use, with their partitions and retention, at deploy time
// (scripts/kafka-topics.ts, run by the Helm chart as a Job). Safe to run again: it only converges.
import kafkajs, { type Admin, type ITopicMetadata, type KafkaConfig } from 'kafkajs';

// kafkajs is CommonJS and Node cannot see these names as ESM named exports.
const { ConfigResourceTypes, ConfigSource, Kafka, logLevel } = kafkajs;

export interface TopicSpec {
  name: string;
  /** Upper bound on consumers of one group working in parallel; per-subject order holds within one. */
  partitions: number;
  retentionMs: number;
  /** Default: the broker's default.replication.factor. */
  replicationFactor?: number;
}

export interface TopicResult {
  name: string;
  /** What this run did: created it, changed it (partitions added, retention set), or nothing. */
  action: 'created' | 'updated' | 'unchanged';
  changes: string[];
}

/**
 * Creates missing topics; raises the partition count of an existing one that has fewer (Kafka never
 * lowers it, and adding partitions moves keys, so ordering restarts for the moved subjects) and
 * sets its retention when it differs, keeping its other topic-level settings.
 */
export async function provisionTopics(
  brokers: string[],
  topics: TopicSpec[],
  kafka: Partial<KafkaConfig> = {},
): Promise<TopicResult[]> {
  const admin = new Kafka({ clientId: 'todo-topics', brokers, logLevel: logLevel.WARN, ...kafka }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor ?? -1,
          configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }],
        })),
      });
      await waitForLeaders(
        admin,
        missing.map((t) => t.name),
      );
    }
    const present = topics.filter((t) => existing.has(t.name));
    const metadata = present.length
      ? (await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) })).topics
      : [];
    const results: TopicResult[] = missing.map((t) => ({
      name: t.name,
      action: 'created',
      changes: [`${t.partitions} partitions, retention.ms=${t.retentionMs}`],
    }));
    for (const spec of present) {
      const changes = await converge(
        admin,
        spec,
        metadata.find((m) => m.name === spec.name),
      );
      results.push({ name: spec.name, action: changes.length ? 'updated' : 'unchanged', changes });
    }
    return topics.map((t) => results.find((r) => r.name === t.name)!);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Until every partition of the new topics has a leader. kafkajs's own wait (`waitForLeaders`) retries
 * only "leader not available", while a KRaft broker first answers "does not host this
 * topic-partition" for a topic it has just created; both mean "not yet" here.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const ready =
        found.length === topics.length && found.every((t) => t.partitions.every((p) => p.leader >= 0));
      if (ready) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline)
      throw new Error(`Kafka topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function converge(admin: Admin, spec: TopicSpec, metadata: ITopicMetadata | undefined) {
  const changes: string[] = [];
  const partitions = metadata?.partitions.length ?? 0;
  if (partitions < spec.partitions) {
    await admin.createPartitions({ topicPartitions: [{ topic: spec.name, count: spec.partitions }] });
    changes.push(`partitions ${partitions} -> ${spec.partitions}`);
  }
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: spec.name }],
  });
  const entries = described.resources[0]?.configEntries ?? [];
  const retention = entries.find((e) => e.configName === 'retention.ms')?.configValue;
  if (retention !== String(spec.retentionMs)) {
    // AlterConfigs replaces a topic's whole override set: send the other overrides back unchanged.
    const overrides = entries
      .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && e.configName !== 'retention.ms')
      .filter((e) => e.configValue !== null && !e.isSensitive)
      .map((e) => ({ name: e.configName, value: e.configValue }));
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: spec.name,
          configEntries: [...overrides, { name: 'retention.ms', value: String(spec.retentionMs) }],
        },
      ],
    });
    changes.push(`retention.ms ${retention ?? 'unset'} -> ${spec.retentionMs}`);
  }
  return changes;
}
