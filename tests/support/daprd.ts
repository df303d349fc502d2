// Real Dapr sidecars for stack tests: start a daprd (DAPRD_PATH, built by scripts/daprd.sh) on free
// ports with a resources folder, wait until it is healthy, stop it; and bare RESP commands to the
// Redis behind the components (REDIS_URL), so a test can look at what Dapr stored.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DAPR_DIR = fileURLToPath(new URL('../../dapr', import.meta.url));
const LOG_DIR = path.join(os.tmpdir(), 'todo-daprd-tests');

export function daprdPath(): string {
  const file = process.env.DAPRD_PATH;
  if (!file)
    throw new Error('DAPRD_PATH is not set: build daprd with scripts/daprd.sh and export what it prints');
  accessSync(file, constants.X_OK);
  return file;
}

/** REDIS_URL as the components read it: REDIS_HOST (host:port) and REDIS_PASSWORD through envRef. */
export function redisEnv(): { REDIS_HOST: string; REDIS_PASSWORD: string } {
  const raw = process.env.REDIS_URL;
  if (!raw) throw new Error('REDIS_URL is not set: start Redis with scripts/stack-services.sh');
  const url = new URL(raw);
  return {
    REDIS_HOST: `${url.hostname}:${url.port || 6379}`,
    REDIS_PASSWORD: decodeURIComponent(url.password),
  };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface SidecarOptions {
  appId: string;
  resourcesPath: string;
  /** daprd --config (a Configuration file). */
  config?: string;
  appPort?: number;
  /** Added to the environment daprd sees (APP_API_TOKEN, DAPR_API_TOKEN, SECRETS_FILE, POD_NAME...). */
  env?: Record<string, string>;
  /**
   * daprd's working directory; default a fresh temporary one, so files the configuration names
   * relative to it (the SQLite name-resolution file) are this sidecar's alone and never the
   * repository's, which a local `dapr run` shares.
   */
  cwd?: string;
}

export interface Sidecar {
  appId: string;
  httpPort: number;
  metricsPort: number;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts daprd and resolves once /v1.0/healthz answers 204 (components loaded, app channel up). */
export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  mkdirSync(LOG_DIR, { recursive: true });
  const httpPort = await freePort();
  const metricsPort = await freePort();
  const logFile = path.join(LOG_DIR, `${options.appId}-${httpPort}.log`);
  const out = openSync(logFile, 'w');
  const args = [
    ['--app-id', options.appId],
    ['--dapr-http-port', httpPort],
    ['--dapr-grpc-port', await freePort()],
    ['--dapr-internal-grpc-port', await freePort()],
    ['--metrics-port', metricsPort],
    ['--dapr-listen-addresses', '127.0.0.1'],
    ['--resources-path', options.resourcesPath],
    ['--dapr-graceful-shutdown-seconds', 1],
    ...(options.config ? [['--config', options.config]] : []),
    ...(options.appPort ? [['--app-port', options.appPort]] : []),
  ].flat();
  const child = spawn(daprdPath(), args.map(String), {
    cwd: options.cwd ?? mkdtempSync(path.join(os.tmpdir(), 'daprd-cwd-')),
    env: { ...process.env, ...redisEnv(), ...options.env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const late = new Promise<'late'>((r) => setTimeout(() => r('late'), 5000));
    if ((await Promise.race([exited, late])) === 'late') child.kill('SIGKILL');
    await exited;
  };
  const sidecar = { appId: options.appId, httpPort, metricsPort, logFile, stop };
  for (const deadline = Date.now() + 30_000; ;) {
    const status = await fetch(`http://127.0.0.1:${httpPort}/v1.0/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 204) return sidecar;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(
        `daprd ${options.appId} did not become healthy (exit ${child.exitCode}); ${logFile}:\n${tail}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Reply = string | number | null | Reply[];

/** One Redis command with a bare RESP socket (no client library needed); resolves with its reply. */
export async function redis(...command: string[]): Promise<Reply> {
  const { REDIS_HOST, REDIS_PASSWORD } = redisEnv();
  const [host, port] = REDIS_HOST.split(':');
  const encode = (args: string[]) =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const socket = net.connect({ host: host!, port: Number(port) });
  try {
    const replies = await new Promise<Reply[]>((resolve, reject) => {
      let buffer = '';
      const wanted = REDIS_PASSWORD ? 2 : 1;
      socket.on('data', (chunk) => {
        buffer += chunk.toString();
        const parsed: Reply[] = [];
        let rest = buffer;
        while (parsed.length < wanted) {
          const one = parseReply(rest);
          if (!one) return;
          parsed.push(one.value);
          rest = one.rest;
        }
        resolve(parsed);
      });
      socket.once('error', reject);
      socket.write((REDIS_PASSWORD ? encode(['AUTH', REDIS_PASSWORD]) : '') + encode(command));
    });
    return replies[replies.length - 1]!;
  } finally {
    socket.destroy();
  }
}

function parseReply(text: string): { value: Reply; rest: string } | undefined {
  const end = text.indexOf('\r\n');
  if (end < 0) return undefined;
  const kind = text[0];
  const line = text.slice(1, end);
  const rest = text.slice(end + 2);
  if (kind === '+') return { value: line, rest };
  if (kind === '-') throw new Error(`redis: ${line}`);
  if (kind === ':') return { value: Number(line), rest };
  if (kind === '$') {
    const length = Number(line);
    if (length < 0) return { value: null, rest };
    if (Buffer.byteLength(rest) < length + 2) return undefined;
    return { value: rest.slice(0, length), rest: rest.slice(length + 2) };
  }
  if (kind === '*') {
    const items: Reply[] = [];
    let remaining = rest;
    for (let i = 0; i < Number(line); i++) {
      const item = parseReply(remaining);
      if (!item) return undefined;
      items.push(item.value);
      remaining = item.rest;
    }
    return { value: items, rest: remaining };
  }
  throw new Error(`redis: unexpected reply ${text.slice(0, 20)}`);
}
