// Real processes for the Dapr stack tests: a Redis of the run's own, sentry (the sidecars' certificate
// authority, so access control knows who calls), and services each beside its own daprd, started from
// the files in dapr/local with only addresses changed (ports, the name-resolution file, Redis). Every
// process logs to a file of the run; `tail()` prints them when a test fails, and `close()` stops them
// all, killing what does not stop in time, so a failed run leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from './dapr-files.ts';
import { waitFor } from './wait.ts';

export interface Proc {
  name: string;
  logFile: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: a crash, nothing finishes. */
  kill(): Promise<void>;
}

/** A port nothing listens on now (the OS's choice), for a process that takes a fixed port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** daprd (DAPRD_PATH), all a sidecar without mTLS needs. */
export function daprdPath(): string {
  const daprd = process.env.DAPRD_PATH;
  if (!daprd)
    throw new Error('DAPRD_PATH is not set: build daprd with scripts/daprd.sh and export what it prints');
  accessSync(daprd, constants.X_OK);
  return daprd;
}

export const daprBinaries = () => {
  const daprd = process.env.DAPRD_PATH;
  const sentry = process.env.DAPR_SENTRY_PATH;
  if (!daprd || !sentry)
    throw new Error(
      'the Dapr stack tests need DAPRD_PATH and DAPR_SENTRY_PATH (scripts/daprd.sh build prints them)',
    );
  return { daprd, sentry, cli: process.env.DAPR_CLI_PATH };
};

export class ProcessGroup {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'dapr-topology-'));
  private readonly procs: Proc[] = [];

  constructor() {
    mkdirSync(path.join(this.dir, 'logs'));
  }

  spawn(name: string, command: string, args: string[], env: Record<string, string>, cwd = ROOT): Proc {
    const logFile = path.join(this.dir, 'logs', `${name}.log`);
    const log = createWriteStream(logFile);
    // Its own process group, so stopping it reaches whatever it started (npx, tsx, daprd's children).
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      child.once('exit', () => resolve());
    });
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // already gone
      }
    };
    const proc: Proc = {
      name,
      logFile,
      child,
      exited,
      async stop(graceMs = 10_000) {
        if (child.exitCode !== null || child.signalCode !== null) return;
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
      async kill() {
        signal('SIGKILL');
        await exited;
      },
    };
    this.procs.push(proc);
    return proc;
  }

  /** The last lines of every log, for a failed run. */
  tail(lines = 40, which: (proc: Proc) => boolean = () => true): string {
    return this.procs
      .filter(which)
      .map((p) => {
        let text = '';
        try {
          text = readFileSync(p.logFile, 'utf8');
        } catch {
          // never written
        }
        return `--- ${p.name} (${p.logFile})\n${text.split('\n').slice(-lines).join('\n')}`;
      })
      .join('\n');
  }

  /** Stops everything (apps before their sidecars, as they were started in reverse), then the files. */
  async close(keepFiles = false): Promise<void> {
    for (const proc of [...this.procs].reverse()) await proc.stop(5_000);
    if (!keepFiles) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Whether `url` answers 2xx within 2 s; a refused or hung connection is a no. */
export async function httpOk(url: string, init: RequestInit = {}): Promise<boolean> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** A process died before it was ready (a port taken in the meantime, a bad setting: see its log). */
export class ExitedEarly extends Error {
  override name = 'ExitedEarly';
}

/** Waits until `url` answers 2xx, failing early (with the log) when the process has died. */
export async function waitForHttp(url: string, proc: Proc, timeoutMs = 60_000, init: RequestInit = {}) {
  let dead = false;
  void proc.exited.then(() => (dead = true));
  await waitFor(async () => dead || (await httpOk(url, init)), {
    timeoutMs,
    everyMs: 250,
    what: `${proc.name} at ${url}`,
  });
  if (dead) throw new ExitedEarly(`${proc.name} exited before answering at ${url}; log: ${proc.logFile}`);
}

/** A Redis of this run's own: no other run's streams, consumer groups or sessions in it. */
export async function startRedis(group: ProcessGroup) {
  const port = await freePort();
  const dir = path.join(group.dir, 'redis');
  mkdirSync(dir);
  const proc = group.spawn(
    'redis',
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no'],
    { PATH: process.env.PATH ?? '' },
  );
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = createConnection(port, '127.0.0.1');
        socket.once('connect', () => (socket.end(), resolve(true)));
        socket.once('error', () => resolve(false));
      }),
    { timeoutMs: 10_000, what: 'redis-server' },
  );
  return { host: `127.0.0.1:${port}`, url: `redis://127.0.0.1:${port}`, proc };
}

export interface Sentry {
  address: string;
  trustAnchors: string;
}

/** Sentry in self-hosted mode: it makes its root and issuer certificates in the run's folder. */
export async function startSentry(group: ProcessGroup): Promise<Sentry> {
  const { sentry } = daprBinaries();
  const [port, healthz, metrics] = [await freePort(), await freePort(), await freePort()];
  const dir = path.join(group.dir, 'sentry');
  // Sentry watches the credentials folder, so it must exist; it writes the certificates into it.
  mkdirSync(path.join(dir, 'credentials'), { recursive: true });
  const config = path.join(dir, 'config.yaml');
  writeFileSync(
    config,
    stringify({
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Configuration',
      metadata: { name: 'daprsystem' },
      spec: { mtls: { enabled: true, workloadCertTTL: '24h', allowedClockSkew: '15m' } },
    }),
  );
  const proc = group.spawn(
    'sentry',
    sentry,
    [
      '--config',
      config,
      '--issuer-credentials',
      path.join(dir, 'credentials'),
      '--trust-domain',
      'localhost',
      '--listen-address',
      '127.0.0.1',
      '--port',
      String(port),
      '--healthz-listen-address',
      '127.0.0.1',
      '--healthz-port',
      String(healthz),
      '--metrics-port',
      String(metrics),
    ],
    { PATH: process.env.PATH ?? '' },
  );
  await waitForHttp(`http://127.0.0.1:${healthz}/healthz`, proc, 30_000);
  return {
    address: `127.0.0.1:${port}`,
    trustAnchors: readFileSync(path.join(dir, 'credentials', 'ca.crt'), 'utf8'),
  };
}

/**
 * dapr/local/config-<appId>.yaml with only its address changed: the name-resolution file is the run's
 * own, so sidecars of other runs on this machine never answer for these app ids.
 */
export function sidecarConfig(group: ProcessGroup, appId: string): string {
  const file = path.join(group.dir, `config-${appId}.yaml`);
  const config = parse(readFileSync(path.join(ROOT, `dapr/local/config-${appId}.yaml`), 'utf8'));
  config.spec.nameResolution.configuration.connectionString = path.join(group.dir, 'names.db');
  writeFileSync(file, stringify(config));
  return file;
}

export interface Sidecar {
  appId: string;
  httpPort: number;
  metricsPort: number;
  proc: Proc;
  /** The value of a Prometheus counter (summed over its series) whose labels include `labels`. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

export interface SidecarOptions {
  appId: string;
  /** Where the app takes the sidecar's calls; none: no app channel. */
  appPort?: number;
  /**
   * The app already listens on appPort: wait until the sidecar's app channel is up too (/v1.0/healthz),
   * not only its components (/v1.0/healthz/outbound, what an app started after its sidecar needs).
   */
  appListening?: boolean;
  /** The sidecar's HTTP port, when its client must be made before it starts (default: a free one). */
  httpPort?: number;
  /** A folder of component files (default dapr/local). */
  resourcesPath?: string;
  /**
   * The configuration file (default: dapr/local/config-<appId>.yaml, re-addressed); null: none, so
   * daprd's defaults (mDNS name resolution, no access control) for an app id dapr/local does not know.
   */
  configFile?: string | null;
  /** mTLS through this sentry; none: plain connections between sidecars. */
  sentry?: Sentry;
  /** The environment the components read (REDIS_HOST, SECRETS_FILE, ...) and the tokens. */
  env?: Record<string, string>;
  /** daprd --dapr-graceful-shutdown-seconds (default daprd's 5). */
  shutdownSeconds?: number;
  name?: string;
}

/**
 * Starts a sidecar on free ports. A port found free can be taken by another process before daprd
 * binds it (test files run in parallel, each picking ports): a sidecar that exits before it is
 * healthy is started again on new ports, up to three times.
 */
export async function startSidecar(group: ProcessGroup, options: SidecarOptions): Promise<Sidecar> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSidecarOnce(group, options, attempt);
    } catch (err) {
      if (attempt < 3 && err instanceof ExitedEarly) continue;
      // The run's folder may be gone by the time the error is read: its last lines go with it.
      throw new Error(
        `${(err as Error).message}\n${group.tail(30, (p) => p.name.startsWith(options.name ?? `daprd-${options.appId}`))}`,
      );
    }
  }
}

async function startSidecarOnce(
  group: ProcessGroup,
  options: SidecarOptions,
  attempt: number,
): Promise<Sidecar> {
  const daprd = daprdPath();
  const [httpPort, grpcPort, internalPort, metricsPort] = [
    options.httpPort ?? (await freePort()),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const configFile =
    options.configFile === undefined ? sidecarConfig(group, options.appId) : options.configFile;
  const args = [
    '--app-id',
    options.appId,
    '--dapr-listen-addresses',
    '127.0.0.1',
    '--dapr-http-port',
    String(httpPort),
    '--dapr-grpc-port',
    String(grpcPort),
    '--dapr-internal-grpc-port',
    String(internalPort),
    '--metrics-port',
    String(metricsPort),
    '--resources-path',
    options.resourcesPath ?? path.join(ROOT, 'dapr/local'),
    // No actors, workflows or jobs: no placement or scheduler service.
    '--placement-host-address',
    '',
    '--scheduler-host-address',
    '',
    '--log-level',
    process.env.DAPR_LOG_LEVEL ?? 'info',
  ];
  if (configFile) args.push('--config', configFile);
  if (options.sentry) args.push('--enable-mtls', '--sentry-address', options.sentry.address);
  if (options.appPort) args.push('--app-port', String(options.appPort));
  if (options.shutdownSeconds !== undefined)
    args.push('--dapr-graceful-shutdown-seconds', String(options.shutdownSeconds));
  const name = `${options.name ?? `daprd-${options.appId}`}${attempt > 1 ? `-try${attempt}` : ''}`;
  // In the run's folder: files a configuration names relative to its working directory (the SQLite
  // name-resolution file) are the run's alone, never the repository's, which a local `dapr run` shares.
  const proc = group.spawn(
    name,
    daprd,
    args,
    {
      PATH: process.env.PATH ?? '',
      ...(options.sentry ? { NAMESPACE: 'default', DAPR_TRUST_ANCHORS: options.sentry.trustAnchors } : {}),
      ...options.env,
    },
    group.dir,
  );
  // Outbound health: the sidecar's components are loaded, whether or not the app is up yet; with
  // the app already listening, the app channel as well.
  const health = options.appListening ? 'healthz' : 'healthz/outbound';
  await waitForHttp(`http://127.0.0.1:${httpPort}/v1.0/${health}`, proc, 60_000);
  return {
    appId: options.appId,
    httpPort,
    metricsPort,
    proc,
    async metric(metricName, labels = {}) {
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      const text = await res.text();
      let sum = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${metricName}{`)) continue;
        const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
        if (matches) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
  };
}

export interface Service {
  port: number;
  url: string;
  proc: Proc;
}

/**
 * One of the three services as its own process: its main.ts through tsx, or (`built`) the bundle the
 * images and `npm start` run (scripts/build-services.ts), which the API bench measures.
 */
export async function startService(
  group: ProcessGroup,
  service: 'bff' | 'core-service' | 'worker',
  env: Record<string, string>,
  name: string = service,
  options: { built?: boolean; nodeArgs?: string[] } = {},
): Promise<Service> {
  const port = Number(env.PORT ?? (await freePort()));
  // The build (esbuild) is loaded only when asked for: the Dapr suites run the sources.
  const entry = options.built
    ? [await (await import('../../scripts/lib/services-build.ts')).builtEntry(service)]
    : ['--import', 'tsx', `${service}/src/main.ts`];
  const args = [...(options.nodeArgs ?? []), ...entry];
  const proc = group.spawn(name, process.execPath, args, {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
    ...env,
    PORT: String(port),
  });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, proc, 90_000);
  return { port, url: `http://127.0.0.1:${port}`, proc };
}

/** A scratch folder of the run for a file the components read (the secret store's JSON). */
export function writeRunFile(group: ProcessGroup, name: string, content: string): string {
  const file = path.join(group.dir, name);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}
