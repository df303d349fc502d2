// The system on Dapr with several replicas of every service, each a process of its own beside its own
// daprd, as a cluster runs it: sentry for mTLS, a Redis of the run's own (state, and pub/sub unless
// Kafka is asked for), a scratch PostgreSQL database, and the push emulator. Secrets (internal token,
// database URL, VAPID keys) reach the services only through the Dapr secret store's file.
import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';
import type { ApiClient } from './client.ts';
import { ROOT } from './dapr-files.ts';
import {
  ExitedEarly,
  freePort,
  ProcessGroup,
  startRedis,
  startSentry,
  startService,
  startSidecar,
  writeRunFile,
  type Proc,
  type Sentry,
  type Service,
  type Sidecar,
} from './dapr-processes.ts';
import { startPushService, type PushService } from './push-service.ts';
import { scratchDatabase } from './stack.ts';

export type AppId = 'bff' | 'core-service' | 'worker';

export interface Replica {
  appId: AppId;
  name: string;
  app: Service;
  sidecar: Sidecar;
}

export interface Topology {
  group: ProcessGroup;
  /** The run's own redis-server (state, and pub/sub unless Kafka is asked for): a chaos test stops it. */
  redis: { host: string; url: string; proc: Proc };
  sentry: Sentry;
  push: PushService;
  database: Awaited<ReturnType<typeof scratchDatabase>>;
  vapidPublicKey: string;
  /** What the sidecars send the apps, and the apps the sidecars. */
  tokens: { app: string; dapr: string; internal: string };
  replicas: Record<AppId, Replica[]>;
  /** The env every sidecar of this topology gets (for a sidecar a test starts itself). */
  sidecarEnv: Record<string, string>;
  close(): Promise<void>;
}

export interface TopologyOptions {
  replicas?: number;
  /** The pub/sub components: dapr/local's Redis Streams, or Kafka at KAFKA_BROKERS. */
  pubsub?: 'redis' | 'kafka';
  /** The built PWA the bffs serve (default pwa/dist). */
  pwaDir?: string;
  /** More environment for every app (e.g. OTEL_EXPORTER_OTLP_ENDPOINT, LOG_LEVEL). */
  appEnv?: Record<string, string>;
  /** Run the services' built bundles, as the images do, instead of their sources through tsx. */
  built?: boolean;
  /** Options for every app's node (e.g. --cpu-prof, which NODE_OPTIONS may not carry). */
  nodeArgs?: string[];
}

const token = () => randomBytes(24).toString('base64url');

export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('the Dapr stack tests need DATABASE_URL (scripts/stack-services.sh)');
  const count = options.replicas ?? 2;
  const group = new ProcessGroup();
  const opened: { close(): Promise<void> }[] = [];
  try {
    const redis = await startRedis(group);
    const sentry = await startSentry(group);
    const database = await scratchDatabase(url, 2);
    opened.push({ close: () => database.dispose() });
    const push = await startPushService();
    opened.push(push);
    const vapid = webpush.generateVAPIDKeys();
    const tokens = { app: token(), dapr: token(), internal: token() };
    const secretsFile = writeRunFile(
      group,
      'secrets.json',
      JSON.stringify({
        'internal-token': tokens.internal,
        'database-url': database.url,
        'vapid-public-key': vapid.publicKey,
        'vapid-private-key': vapid.privateKey,
      }),
    );
    const resourcesPath = options.pubsub === 'kafka' ? kafkaResources(group) : path.join(ROOT, 'dapr/local');
    const sidecarEnv: Record<string, string> = {
      REDIS_HOST: redis.host,
      SECRETS_FILE: secretsFile,
      APP_API_TOKEN: tokens.app,
      DAPR_API_TOKEN: tokens.dapr,
      ...(process.env.KAFKA_BROKERS ? { KAFKA_BROKERS: process.env.KAFKA_BROKERS } : {}),
    };
    // Only what is not secret goes in the apps' environment: the rest comes from the secret store.
    const appEnv = {
      EVENT_BUS: 'dapr',
      SECRET_STORE: 'dapr',
      APP_API_TOKEN: tokens.app,
      DAPR_API_TOKEN: tokens.dapr,
      MIGRATE_ON_START: 'false',
      ...options.appEnv,
    };

    // A port found free may be taken before the app binds it (test files start processes in
    // parallel): a replica whose app exits before it is healthy is started again on new ports.
    const start = async (appId: AppId, i: number, extra: Record<string, string>): Promise<Replica> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await startOnce(appId, i, extra, attempt);
        } catch (err) {
          if (attempt >= 3 || !(err instanceof ExitedEarly)) throw err;
        }
      }
    };
    const startOnce = async (
      appId: AppId,
      i: number,
      extra: Record<string, string>,
      attempt: number,
    ): Promise<Replica> => {
      const name = `${appId}-${i + 1}${attempt > 1 ? `-try${attempt}` : ''}`;
      const port = await freePort();
      // The bff takes the sidecar's deliveries on a listener of its own; the others on PORT.
      const sidecarPort = appId === 'bff' ? await freePort() : port;
      const podName = `${name}-${randomBytes(3).toString('hex')}`;
      const sidecar = await startSidecar(group, {
        appId,
        appPort: sidecarPort,
        resourcesPath,
        sentry,
        name: `daprd-${name}`,
        env: { ...sidecarEnv, POD_NAME: podName },
      });
      try {
        const app = await startService(
          group,
          appId,
          {
            ...appEnv,
            ...extra,
            PORT: String(port),
            DAPR_HTTP_PORT: String(sidecar.httpPort),
            ...(appId === 'bff' ? { DAPR_APP_PORT: String(sidecarPort), POD_NAME: podName } : {}),
          },
          name,
          { built: options.built ?? false, nodeArgs: options.nodeArgs ?? [] },
        );
        return { appId, name, app, sidecar };
      } catch (err) {
        await sidecar.proc.stop();
        throw err;
      }
    };
    const each = (appId: AppId, extra: Record<string, string>) =>
      Promise.all(Array.from({ length: count }, (_, i) => start(appId, i, extra)));

    // Workers first, so they subscribe before core-service's relay publishes anything.
    const worker = await each('worker', {
      VAPID_SUBJECT: 'mailto:ops@todo.test',
      // The push emulator's self-signed certificate.
      NODE_EXTRA_CA_CERTS: push.certFile,
      // The emulator listens on loopback, which the worker refuses as a push endpoint unless allowed.
      PUSH_ENDPOINT_ALLOW: 'localhost,127.0.0.1',
    });
    // No timer in core-service: the cron binding (dapr/local/reminder-clock.yaml) ticks.
    const core = await each('core-service', { REMINDER_TICK_MS: '0' });
    const bff = await each('bff', {
      SERVICE_INVOCATION: 'dapr',
      STATE_STORE: 'dapr',
      PWA_DIR: options.pwaDir ?? path.join(ROOT, 'pwa/dist'),
    });
    return {
      group,
      redis,
      sentry,
      push,
      database,
      vapidPublicKey: vapid.publicKey,
      tokens,
      replicas: { bff, 'core-service': core, worker },
      sidecarEnv,
      async close() {
        await group.close();
        for (const o of opened.reverse()) await o.close();
      },
    };
  } catch (err) {
    const logs = group.tail();
    await group.close();
    for (const o of opened.reverse()) await o.close();
    throw new Error(`the Dapr topology did not start: ${(err as Error).message}\n${logs}`);
  }
}

/**
 * dapr/local with the pub/sub components swapped for dapr/local-kafka's (Kafka at KAFKA_BROKERS):
 * a folder of the run holding links to the files, since daprd loads every file of its folder.
 */
function kafkaResources(group: ProcessGroup): string {
  if (!process.env.KAFKA_BROKERS) throw new Error('the Kafka run needs KAFKA_BROKERS (scripts/kafka.sh)');
  const dir = path.join(group.dir, 'resources-kafka');
  const links: [string, string][] = [
    ['dapr/local/statestore.yaml', 'statestore.yaml'],
    ['dapr/local/secretstore.yaml', 'secretstore.yaml'],
    ['dapr/local/reminder-clock.yaml', 'reminder-clock.yaml'],
    ['dapr/local/resiliency.yaml', 'resiliency.yaml'],
    ['dapr/compose/pubsub.yaml', 'pubsub.yaml'],
  ];
  return linkFiles(dir, links);
}

function linkFiles(dir: string, links: [string, string][]): string {
  mkdirSync(dir);
  for (const [from, to] of links) symlinkSync(path.join(ROOT, from), path.join(dir, to));
  return dir;
}

/** The person's activity history entries about one todo. */
export async function activityOf(client: ApiClient, todoId: string) {
  const res = await client.get('/api/activity?limit=200');
  if (res.status !== 200) throw new Error(`GET /api/activity: ${res.status} ${res.text}`);
  return (res.body.items as { type: string; todoId: string }[]).filter((i) => i.todoId === todoId);
}
