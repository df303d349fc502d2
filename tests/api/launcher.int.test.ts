// `npm start` as a newcomer runs it: the launcher starts every service, says where to open the app,
// stops cleanly on SIGTERM, and a second start finds every todo again (PGlite files under DATA_DIR,
// or the PostgreSQL server of DATABASE_URL in the stack run).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtEntry } from '../../scripts/lib/services-build.ts';
import { ApiClient, signUp } from '../support/client.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-launcher-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Launched {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** `pglite`: PGlite under DATA_DIR even in the stack run (a suite about PGlite's own files). */
async function launch(dir = dataDir, { pglite = false } = {}): Promise<Launched> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dir,
    LOG_LEVEL: 'info',
  };
  if (pglite || process.env.TEST_TARGET !== 'stack') delete env.DATABASE_URL;
  const child = spawn(process.execPath, [await builtEntry('embedded')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`launcher not ready in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The log line and the console line travel separately: wait for both.
      const match = /open (http:\/\/localhost:\d+)/.exec(output);
      if (match && /"readyInMs":\d+/.test(output)) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`launcher exited with ${code}:\n${output}`)));
  });
}

function stop(launched: Launched): Promise<number | string | null> {
  return new Promise((resolve) => {
    launched.child.once('exit', (code, signal) => resolve(code ?? signal));
    launched.child.kill('SIGTERM');
  });
}

// Each test starts the launcher (PGlite and all) two or three times: slow on a busy machine.
describe('the embedded launcher', { timeout: 120_000 }, () => {
  it('starts, stops cleanly, and finds the data again after a restart', async () => {
    const first = await launch();
    const ready = /"readyInMs":(\d+),"rssMb":(\d+)/.exec(first.output());
    expect(ready, first.output()).not.toBeNull();
    const { client, email } = await signUp(first.url);
    const todo = (await client.post('/api/todos', { title: 'Survives a restart', priority: 'high' })).body;
    const tag = (await client.post('/api/tags', { name: 'durable' })).body;
    expect(await stop(first)).toBe(0);

    const second = await launch();
    try {
      // The session outlives the restart: nobody is signed out by it.
      const api = new ApiClient(second.url);
      api.cookie = client.cookie;
      const me = await api.get('/api/auth/me');
      expect(me.status, me.text).toBe(200);
      expect(me.body.user.email).toBe(email);
      const again = await api.get(`/api/todos/${todo.id}`);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(todo);
      expect((await api.get('/api/tags')).body.items).toEqual([tag]);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });
});

/** Every folder and file under `dir` with its permission bits, e.g. ['pglite/base 700', …]. */
function modes(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    const stat = lstatSync(file);
    const line = `${prefix}${name} ${(stat.mode & 0o777).toString(8)}`;
    return stat.isDirectory() ? [line, ...modes(file, `${prefix}${name}/`)] : [line];
  });
}

describe('the data directory', { timeout: 120_000 }, () => {
  it('is private to its owner: folders 0700, files 0600, PGlite’s included, older ones tightened', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'todo-modes-'));
    try {
      // What an older version left: open folders and a readable session file.
      chmodSync(dir, 0o755);
      mkdirSync(path.join(dir, 'secrets'), { mode: 0o755 });
      writeFileSync(path.join(dir, 'state.json'), '[]', { mode: 0o644 });
      chmodSync(path.join(dir, 'state.json'), 0o644);
      const launched = await launch(dir, { pglite: true });
      try {
        await signUp(launched.url);
      } finally {
        expect(await stop(launched)).toBe(0);
      }
      expect((lstatSync(dir).mode & 0o777).toString(8)).toBe('700');
      const all = modes(dir);
      expect(all.some((m) => m.startsWith('pglite/base/'))).toBe(true);
      const open = all.filter((m) => !/ (700|600|400)$/.test(m));
      expect(open).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is opened by one launcher at a time: a second refuses, naming the first; a dead one’s lock is taken over', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'todo-lock-'));
    try {
      const first = await launch(dir);
      const refused = await launch(dir).then(
        async (second) => {
          await stop(second);
          return 'started';
        },
        (err: Error) => err.message,
      );
      expect(refused).toContain(`in use by process ${first.child.pid}`);
      expect(refused).toContain('DATA_DIR=');
      expect(refused).toMatch(/exited with 1/);
      // The first is killed outright: its lock stays behind, stale.
      await new Promise<void>((resolve) => {
        first.child.once('exit', () => resolve());
        first.child.kill('SIGKILL');
      });
      const third = await launch(dir);
      // It works on the data the killed one left.
      await signUp(third.url);
      expect(await stop(third), third.output()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
