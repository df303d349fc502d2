// The services as separate processes with events over Kafka (EVENT_BUS=kafka, no Dapr), on this
// suite's own PostgreSQL cluster and Kafka broker, with the push emulator: the topology in which the
// broker or the worker alone can be stopped or killed while the rest keeps running.
import { randomBytes } from 'node:crypto';
import { TOPICS } from '@todo/contracts';
import { deadLetterTopic, provisionTopics } from '@todo/platform';
import webpush from 'web-push';
import { freePort, ProcessGroup, startService, type Service } from '../../support/dapr-processes.ts';
import { startPushService, type PushService } from '../../support/push-service.ts';
import { startKafka, type KafkaBroker } from './kafka.ts';
import { startPostgres, type PostgresCluster } from './postgres.ts';

export interface KafkaSystem {
  group: ProcessGroup;
  kafka: KafkaBroker;
  postgres: PostgresCluster;
  push: PushService;
  databaseUrl: string;
  vapidPublicKey: string;
  bff: Service;
  core: Service;
  worker: Service;
  /** Starts a worker again (after one was killed), with the same settings. */
  startWorker(): Promise<Service>;
  close(): Promise<void>;
}

export async function startKafkaSystem(): Promise<KafkaSystem> {
  const group = new ProcessGroup();
  const postgres = await startPostgres();
  const push = await startPushService();
  try {
    postgres.createDatabase('todo');
    const databaseUrl = postgres.url('todo');
    const kafka = await startKafka(group);
    await provisionTopics(
      [kafka.brokers],
      Object.values(TOPICS).flatMap((name) => [
        { name, partitions: 3, retentionMs: 86_400_000 },
        { name: deadLetterTopic(name), partitions: 3, retentionMs: 86_400_000 },
      ]),
    );
    const vapid = webpush.generateVAPIDKeys();
    const common = {
      INTERNAL_TOKEN: randomBytes(24).toString('base64url'),
      DATABASE_URL: databaseUrl,
      EVENT_BUS: 'kafka',
      KAFKA_BROKERS: kafka.brokers,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
    };
    let workers = 0;
    // The same port each time: the bff calls the worker there (push subscriptions, activity).
    const workerPort = String(await freePort());
    const startWorker = () =>
      startService(
        group,
        'worker',
        {
          ...common,
          VAPID_PUBLIC_KEY: vapid.publicKey,
          VAPID_PRIVATE_KEY: vapid.privateKey,
          VAPID_SUBJECT: 'mailto:ops@todo.test',
          NODE_EXTRA_CA_CERTS: push.certFile,
          PUSH_ENDPOINT_ALLOW: 'localhost,127.0.0.1',
          PORT: workerPort,
        },
        `worker-${++workers}`,
      );
    const worker = await startWorker();
    const core = await startService(group, 'core-service', { ...common, REMINDER_TICK_MS: '500' });
    const bff = await startService(group, 'bff', {
      ...common,
      CORE_URL: core.url,
      WORKER_URL: worker.url,
      POD_NAME: `chaos-${randomBytes(3).toString('hex')}`,
      REGISTRATIONS_PER_MINUTE: '1000',
    });
    return {
      group,
      kafka,
      postgres,
      push,
      databaseUrl,
      vapidPublicKey: vapid.publicKey,
      bff,
      core,
      worker,
      startWorker,
      async close() {
        await group.close();
        await push.close();
        postgres.destroy();
      },
    };
  } catch (err) {
    const logs = group.tail();
    await group.close();
    await push.close();
    postgres.destroy();
    throw new Error(`${(err as Error).message}\n${logs}`);
  }
}
