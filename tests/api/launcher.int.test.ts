// `npm start` as a newcomer runs it: the launcher starts every service, says where to open the app,
// stops cleanly on SIGTERM, and a second start finds every todo again (PGlite files under DATA_DIR,
// or the PostgreSQL server of DATABASE_URL in the stack run).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-launcher-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Launched {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function launch(): Promise<Launched> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  };
  if (process.env.TEST_TARGET !== 'stack') delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/embedded.ts'], {
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

function stop(launched: Launched): Promise<number | null> {
  return new Promise((resolve) => {
    launched.child.once('exit', (code) => resolve(code));
    launched.child.kill('SIGTERM');
  });
}

describe('the embedded launcher', () => {
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
