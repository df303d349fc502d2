// Starts the embedded stack (`node dist/embedded.mjs`, as `npm start` does) on a free port with a fresh
// DATA_DIR (and its own build of the PWA), waits for its "open http://localhost:PORT" line, stops it
// with SIGTERM.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtEntry } from '../../scripts/lib/services-build.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Stack {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

const VITE = path.join(ROOT, 'node_modules/vite/bin/vite.js');

/**
 * Builds the PWA for production into a private directory: a build someone else starts meanwhile
 * (pwa/dist is shared) can then not take files away from under a running test.
 */
export function buildPwa(): string {
  const outDir = mkdtempSync(path.join(tmpdir(), 'todo-e2e-pwa-'));
  // Vitest sets NODE_ENV=test, which would give Vite a development build (no service worker).
  execFileSync(process.execPath, [VITE, 'build', '--config', 'pwa/vite.config.ts', '--outDir', outDir], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outDir;
}

/** `pwaDir`: the built PWA to serve (removed on stop); pwa/dist otherwise. */
export async function startStack(options: { pwaDir?: string } = {}): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-e2e-data-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Every test signs up its own person from this one address: more than the default 10 a minute.
    REGISTRATIONS_PER_MINUTE: '10000',
  };
  delete env.DATABASE_URL;
  if (options.pwaDir) env.PWA_DIR = options.pwaDir;
  // STACK_CPU_PROF=dir: the stack writes a CPU profile there when it stops (for the benchmarks).
  const profile = process.env.STACK_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.STACK_CPU_PROF}`]
    : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, await builtEntry('embedded')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (options.pwaDir) rmSync(options.pwaDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /open (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code}:\n${output}`));
    });
  });
}
