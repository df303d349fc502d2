// The EventBus contract against real Dapr sidecars (DAPRD_PATH; scripts/daprd.sh builds one) with the
// Redis Streams pub/sub of dapr/test/ on REDIS_URL. Each consumer is an app (createHttpApp with
// the adapter's routes) and its own daprd; a crash kills both. Missing DAPRD_PATH or REDIS_URL fails.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, listen, type RunningServer } from '../http/server.ts';
import { createLogger } from '../logger.ts';
import { DaprEventBus, DaprPublishError } from './dapr-event-bus.ts';
import { eventBusContract } from './event-bus.contract.ts';
import { deadLetterTopic } from './event-bus.ts';
import { ROOT } from '../../../../tests/support/dapr-files.ts';
import {
  daprdPath,
  freePort,
  ProcessGroup,
  startSidecar as startDaprd,
  type Sidecar,
} from '../../../../tests/support/dapr-processes.ts';
import { redis, redisEnv } from '../../../../tests/support/redis.ts';

const RESOURCES = path.join(ROOT, 'dapr/test');
const PUBSUB = 'events'; // metadata.name in dapr/test/pubsub.yaml
const MAX_ATTEMPTS = 5; // maxRetries 4 in dapr/test/resiliency.yaml, plus the first delivery
const logger = createLogger('dapr-contract', process.env.TEST_LOG_LEVEL ?? 'silent');
/** Every sidecar of this file, with its log; removed after the file's tests. */
const group = new ProcessGroup();
afterAll(() => group.close());

/**
 * A sidecar on dapr/test's components (no configuration, no mTLS) and the Redis of REDIS_URL, quick
 * to stop; with an app, which already listens, it is ready once its app channel is up.
 */
function startSidecar(appId: string, httpPort: number, appPort?: number): Promise<Sidecar> {
  return startDaprd(group, {
    appId,
    httpPort,
    appPort,
    appListening: appPort !== undefined,
    resourcesPath: RESOURCES,
    configFile: null,
    shutdownSeconds: 1,
    env: redisEnv(),
  });
}

/** Resolves once the sidecar has taken every subscription the app lists on /dapr/subscribe. */
async function subscriptionsActive(sidecar: Sidecar, app: RunningServer): Promise<void> {
  const wanted = ((await (await fetch(`${app.url}/dapr/subscribe`)).json()) as { topic: string }[]).map(
    (s) => s.topic,
  );
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const metadata = (await (await fetch(`http://127.0.0.1:${sidecar.httpPort}/v1.0/metadata`)).json()) as {
      subscriptions?: { topic: string }[];
    };
    const active = new Set((metadata.subscriptions ?? []).map((s) => s.topic));
    if (wanted.every((t) => active.has(t))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`daprd ${sidecar.appId} did not subscribe to ${wanted.join(', ')} within 15 s`);
}

/** Deletes the test's streams (one per topic). */
async function deleteStreams(keys: string[]): Promise<void> {
  if (keys.length > 0) await redis('DEL', ...keys);
}

let publisherSidecar: Sidecar | undefined;

eventBusContract({
  name: 'Dapr sidecar (Redis Streams)',
  maxAttempts: MAX_ATTEMPTS,
  deliveryTimeoutMs: 15_000,
  // A dead sidecar's events are claimed by the next one with its app id once idle for the
  // component's processingTimeout (5 s), checked every redeliverInterval (1 s).
  crashRecovery: {
    timeoutMs: 20_000,
    keepsOrder: {
      notApplicable:
        "Redis Streams hands new entries to the next sidecar at once but reclaims a dead one's pending entries only after processingTimeout",
    },
  },
  async setup() {
    daprdPath();
    redisEnv();
    publisherSidecar = await startSidecar(`contract-publisher-${randomUUID().slice(0, 8)}`, await freePort());
  },
  async teardown() {
    await publisherSidecar?.proc.stop(5_000);
  },
  async session() {
    const publisher = new DaprEventBus({
      pubsubName: PUBSUB,
      daprHttpPort: publisherSidecar!.httpPort,
      logger,
    });
    const running: { sidecar: Sidecar; server: RunningServer; bus: DaprEventBus }[] = [];
    const topics: string[] = [];
    return {
      publisher,
      async topic() {
        const name = `contract-${randomUUID()}`;
        topics.push(name, deadLetterTopic(name), deadLetterTopic(deadLetterTopic(name)));
        return name;
      },
      async consumer(group, subscribe) {
        const httpPort = await freePort();
        const bus = new DaprEventBus({ pubsubName: PUBSUB, daprHttpPort: httpPort, logger });
        await subscribe(bus);
        const app = createHttpApp({ name: group, logger });
        app.use(bus.routes());
        const server = await listen(app, 0, '127.0.0.1');
        // The app id is the consumer group (Redis Streams consumerID defaults to it).
        const sidecar = await startSidecar(group, httpPort, server.port);
        running.push({ sidecar, server, bus });
        await subscriptionsActive(sidecar, server);
        return {
          async crash() {
            await sidecar.proc.kill();
            server.server.closeAllConnections();
            await server.close();
          },
        };
      },
      async close() {
        await Promise.all(running.map(({ sidecar }) => sidecar.proc.stop(5_000)));
        await Promise.all(running.map(({ server, bus }) => Promise.all([server.close(), bus.close()])));
        await publisher.close();
        await deleteStreams(topics);
      },
    };
  },
});

describe('DaprEventBus against a sidecar', () => {
  let sidecar: Sidecar;
  beforeAll(async () => {
    sidecar = await startSidecar(`dapr-bus-${randomUUID().slice(0, 8)}`, await freePort());
  }, 60_000);
  afterAll(() => sidecar?.proc.stop(5_000));

  it('throws when the sidecar refuses to publish, naming the reason', async () => {
    const bus = new DaprEventBus({ pubsubName: 'no-such-pubsub', daprHttpPort: sidecar.httpPort, logger });
    const event = {
      id: 'e1',
      type: 'todo.created',
      source: 'test',
      time: new Date().toISOString(),
      data: {},
    };

    const failure = bus.publish('todo-events', event);

    await expect(failure).rejects.toBeInstanceOf(DaprPublishError);
    await expect(failure).rejects.toThrow(/404.*no-such-pubsub is not found/);
  });

  it('throws when no sidecar answers', async () => {
    const bus = new DaprEventBus({ pubsubName: PUBSUB, daprHttpPort: await freePort(), logger });
    const event = {
      id: 'e2',
      type: 'todo.created',
      source: 'test',
      time: new Date().toISOString(),
      data: {},
    };

    await expect(bus.publish('todo-events', event)).rejects.toThrow(/did not take event e2/);
  });
});
