// The processes the API bench measures: `npm start` as one process, or core-service, worker and bff as
// three (the cluster's shape), each on the PostgreSQL server of DATABASE_URL; and their CPU time and
// resident memory read from /proc, so figures can be judged per request on a busy machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtEntry, type Entry } from '../../scripts/lib/services-build.ts';
import webpush from 'web-push';
import { freePort } from '../../tests/support/dapr-processes.ts';
import { startTopology } from '../../tests/support/dapr-topology.ts';

export interface ServerProcess {
  name: string;
  pid: number;
}

export interface RunningServers {
  url: string;
  processes: ServerProcess[];
  /** The database the servers use: DATABASE_URL's, or the Dapr topology's scratch database. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * `dapr`: the three services each beside its own daprd (sentry's mTLS between the sidecars), the bff
 * reaching core-service by service invocation and keeping sessions in the Dapr state store (Redis),
 * events over Dapr pub/sub (Redis Streams): the cluster's shape, as tests/support/dapr-topology.ts
 * starts it for the Dapr suites, with the built bundles.
 */
export type ServerMode = 'embedded' | 'services' | 'dapr';

export interface ServerOptions {
  databaseUrl: string;
  /** Kafka brokers for the services' event bus; without them each process has its own in-process bus. */
  kafkaBrokers?: string | undefined;
  /** A folder for V8 CPU profiles (--cpu-prof), one per process. */
  cpuProfDir?: string | undefined;
  /** More options for node in every service process (V8's heap flags: docs/operations.md). */
  nodeArgs?: string[] | undefined;
  logLevel?: string;
}

/** node's options: those asked for, and a CPU profile in `cpuProfDir` (one file per process). */
const nodeArgsOf = ({ nodeArgs = [], cpuProfDir }: ServerOptions) => [
  ...nodeArgs,
  ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
];

const SIGN_UPS = { REGISTRATIONS_PER_MINUTE: '100000', LOGIN_ATTEMPTS_PER_MINUTE: '100000' };

/** Starts the app in the given shape and resolves once its bff answers /readyz. */
export async function startServers(mode: ServerMode, options: ServerOptions): Promise<RunningServers> {
  if (mode === 'dapr') return startDaprTopology(options);
  const common = {
    LOG_LEVEL: options.logLevel ?? 'warn',
    INTERNAL_TOKEN: randomBytes(24).toString('base64url'),
    DATABASE_URL: options.databaseUrl,
    HOST: '127.0.0.1',
  };
  const children: { name: string; child: ChildProcess }[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-bench-api-'));
  // What `npm start` and the images run: the built files (scripts/build-services.ts).
  const launch = async (name: string, entry: Entry, env: Record<string, string>) => {
    const child = spawn(process.execPath, [...nodeArgsOf(options), await builtEntry(entry)], {
      env: { ...process.env, ...common, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push({ name, child });
  };
  const bffPort = await freePort();
  if (mode === 'embedded') {
    await launch('npm start', 'embedded', { ...SIGN_UPS, PORT: String(bffPort), DATA_DIR: dataDir });
  } else {
    const [corePort, workerPort] = [await freePort(), await freePort()];
    const bus: Record<string, string> = options.kafkaBrokers
      ? { EVENT_BUS: 'kafka', KAFKA_BROKERS: options.kafkaBrokers }
      : { EVENT_BUS: 'inprocess' };
    const vapid = webpush.generateVAPIDKeys();
    await launch('core-service', 'core-service', { ...bus, PORT: String(corePort) });
    await launch('worker', 'worker', {
      ...bus,
      PORT: String(workerPort),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
    });
    await launch('bff', 'bff', {
      ...bus,
      ...SIGN_UPS,
      PORT: String(bffPort),
      CORE_URL: `http://127.0.0.1:${corePort}`,
      WORKER_URL: `http://127.0.0.1:${workerPort}`,
      POD_NAME: `bench-${process.pid}`,
    });
  }
  const url = `http://127.0.0.1:${bffPort}`;
  const stop = async () => {
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, children);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    processes: children.map(({ name, child }) => ({ name, pid: child.pid! })),
    databaseUrl: options.databaseUrl,
    stop,
  };
}

/** Settings that change what the bench measures, which `--mode dapr` passes on to the apps too. */
const TUNING = ['PAGE_CACHE_MB', 'HEAP_GROWING_PERCENT', 'SESSION_CACHE_MS'];

/** One replica of each service with its sidecar; CPU and memory are read of the apps, the sidecars and Redis. */
async function startDaprTopology(options: ServerOptions): Promise<RunningServers> {
  // The topology takes its scratch database on DATABASE_URL's server and Kafka from KAFKA_BROKERS.
  if (options.kafkaBrokers) process.env.KAFKA_BROKERS = options.kafkaBrokers;
  const topology = await startTopology({
    replicas: 1,
    built: true,
    pubsub: options.kafkaBrokers ? 'kafka' : 'redis',
    appEnv: {
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...SIGN_UPS,
      // The apps' environment is the topology's own (their secrets come from the secret store): only the
      // tuning settings are passed on, as the other modes pass the whole environment.
      ...Object.fromEntries(
        TUNING.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
      ),
    },
    nodeArgs: nodeArgsOf(options),
  });
  const processes: ServerProcess[] = [];
  for (const appId of ['core-service', 'worker', 'bff'] as const) {
    const { app, sidecar } = topology.replicas[appId][0]!;
    processes.push({ name: appId, pid: app.proc.child.pid! });
    processes.push({ name: `daprd ${appId}`, pid: sidecar.proc.child.pid! });
  }
  processes.push({ name: 'redis', pid: topology.redis.proc.child.pid! });
  return {
    url: topology.replicas.bff[0]!.app.url,
    processes,
    databaseUrl: topology.database.url,
    stop: () => topology.close(),
  };
}

async function waitReady(url: string, children: { name: string; child: ChildProcess }[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const dead = children.find(({ child }) => child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited with ${dead.child.exitCode} before it was ready`);
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} was not ready within 2 minutes`);
}

/** Resident memory in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

const TICKS_PER_SECOND = 100;

/** User + system CPU time the process has used so far, in ms. */
export function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * Waits until the processes use under 15% of a core together over a second (at most `maxMs`), and
 * returns how long that took. Idle, the three use 60–80 ms a second over Kafka (kafkajs' fetch
 * loops: the worker ~30, the bff ~25), 20–30 without. A seed of 10,000 todos leaves as many events
 * behind it: over Kafka the worker and the bff's stream consumer work them off after the last
 * request, and rows measured meanwhile would count that work against them.
 */
export async function waitIdle(processes: ServerProcess[], maxMs = 120_000): Promise<number> {
  const started = Date.now();
  const total = () => processes.reduce((sum, p) => sum + cpuMs(p.pid), 0);
  let before = total();
  while (Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = total();
    if (now - before < 150) break;
    before = now;
  }
  return Date.now() - started;
}
