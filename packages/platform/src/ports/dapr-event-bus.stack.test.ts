// The EventBus contract against real Dapr sidecars (DAPRD_PATH; scripts/daprd.sh builds one) with the
// Redis Streams pub/sub of dapr/test/ on REDIS_URL. Each consumer is an app (createHttpApp with
// the adapter's routes) and its own daprd; a crash kills both. Missing DAPRD_PATH or REDIS_URL fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, listen, type RunningServer } from '../http/server.ts';
import { createLogger } from '../logger.ts';
import { DaprEventBus, DaprPublishError } from './dapr-event-bus.ts';
import { eventBusContract } from './event-bus.contract.ts';
import { deadLetterTopic } from './event-bus.ts';

const RESOURCES = fileURLToPath(new URL('../../../../dapr/test', import.meta.url));
const LOG_DIR = path.join(os.tmpdir(), 'todo-dapr-contract');
const PUBSUB = 'events'; // metadata.name in dapr/test/pubsub.yaml
const MAX_ATTEMPTS = 5; // maxRetries 4 in dapr/test/resiliency.yaml, plus the first delivery
const logger = createLogger('dapr-contract', process.env.TEST_LOG_LEVEL ?? 'silent');

function daprdPath(): string {
  const file = process.env.DAPRD_PATH;
  if (!file)
    throw new Error('DAPRD_PATH is not set: build daprd with scripts/daprd.sh and export what it prints');
  accessSync(file, constants.X_OK);
  return file;
}

/** The component reads REDIS_HOST (host:port) and REDIS_PASSWORD through envRef. */
function redisEnv(): Record<string, string> {
  const raw = process.env.REDIS_URL;
  if (!raw) throw new Error('REDIS_URL is not set: start Redis with scripts/stack-services.sh');
  const url = new URL(raw);
  return {
    REDIS_HOST: `${url.hostname}:${url.port || 6379}`,
    REDIS_PASSWORD: decodeURIComponent(url.password),
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Sidecar {
  appId: string;
  httpPort: number;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
  /** SIGKILL: no acknowledgement leaves it. */
  kill(): Promise<void>;
}

async function startSidecar(appId: string, httpPort: number, appPort?: number): Promise<Sidecar> {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${appId}.log`);
  const out = openSync(logFile, 'w');
  const args = [
    ['--app-id', appId],
    ['--dapr-http-port', httpPort],
    ['--dapr-grpc-port', await freePort()],
    ['--dapr-internal-grpc-port', await freePort()],
    ['--dapr-listen-addresses', '127.0.0.1'],
    ['--enable-metrics=false'],
    ['--resources-path', RESOURCES],
    ['--dapr-graceful-shutdown-seconds', 1],
    ...(appPort ? [['--app-port', appPort]] : []),
  ].flat();
  const child: ChildProcess = spawn(daprdPath(), args.map(String), {
    env: { ...process.env, ...redisEnv() },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs));
    if ((await Promise.race([exited, timer])) === 'late') child.kill('SIGKILL');
    await exited;
  };
  const sidecar = {
    appId,
    httpPort,
    stop: () => signal('SIGTERM', 5_000),
    kill: () => signal('SIGKILL', 5_000),
  };
  const deadline = Date.now() + 30_000;
  // 204 once components are loaded and, with an app port, the app channel is up.
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${httpPort}/v1.0/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 204) return sidecar;
    if (child.exitCode !== null || Date.now() > deadline) {
      await sidecar.kill();
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`daprd ${appId} did not become healthy (exit ${child.exitCode}); ${logFile}:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
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

/** Deletes the test's streams (one per topic) with a bare RESP command: no Redis client needed. */
async function deleteStreams(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const { REDIS_HOST, REDIS_PASSWORD } = redisEnv();
  const [host, port] = REDIS_HOST!.split(':');
  const command = (...args: string[]) =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const socket = net.connect({ host: host!, port: Number(port) });
  await new Promise<void>((resolve, reject) => {
    let replies = '';
    const expected = REDIS_PASSWORD ? 2 : 1;
    socket.on('data', (chunk) => {
      replies += chunk.toString();
      if (replies.split('\r\n').filter(Boolean).length >= expected) resolve();
    });
    socket.once('error', reject);
    socket.write((REDIS_PASSWORD ? command('AUTH', REDIS_PASSWORD) : '') + command('DEL', ...keys));
  }).finally(() => socket.destroy());
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
    await publisherSidecar?.stop();
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
            await sidecar.kill();
            server.server.closeAllConnections();
            await server.close();
          },
        };
      },
      async close() {
        await Promise.all(running.map(({ sidecar }) => sidecar.stop()));
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
  afterAll(() => sidecar?.stop());

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
