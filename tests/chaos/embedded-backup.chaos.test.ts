// `npm run backup` of the embedded default's DATA_DIR: taken from a running `npm start` while a person
// writes (the app makes the copy), and from a stopped one; each restored into a new DATA_DIR that
// `npm start` runs on, with the person still signed in and every write acknowledged before the
// backup began; a restore never overwrites a data directory that holds a database.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { waitFor } from '../support/wait.ts';
import { kill, launch, type Launched } from './support/launcher.ts';
import { allTodos, newLedger, writeUntil } from './support/ledger.ts';

const root = mkdtempSync(path.join(tmpdir(), 'todo-chaos-backup-'));
const dir = (name: string) => path.join(root, name);
const launched: Launched[] = [];
afterAll(async () => {
  for (const l of launched) await kill(l);
  rmSync(root, { recursive: true, force: true });
});

function npm(args: string[], dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const child = spawn('npm', ['run', '--silent', ...args], { env, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function start(dataDir: string) {
  const l = await launch(dataDir);
  launched.push(l);
  return l;
}

describe('npm run backup of the embedded data directory', { timeout: 600_000 }, () => {
  it('is consistent while npm start runs and writes, and when it is stopped; restores run', async () => {
    const app = await start(dir('data'));
    const { client } = await signUp(app.url);
    const ledger = newLedger();
    let stop = false;
    const writers = [0, 1, 2].map((w) => writeUntil(client, ledger, () => stop, { prefix: `b${w}` }));
    await waitFor(() => ledger.created.size >= 20, {
      timeoutMs: 60_000,
      what: '20 writes before the backup',
    });
    const beforeLive = new Map(ledger.created);
    const live = await npm(['backup', '--', dir('live')], dir('data'));
    stop = true;
    await Promise.all(writers);
    expect(live.code, live.output).toBe(0);
    expect(beforeLive.size).toBeGreaterThanOrEqual(20);
    // Sessions reach state.json shortly after a change; a clean stop writes them out.
    expect(await kill(app, 'SIGTERM')).toBe(0);

    const stopped = await npm(['backup', '--', dir('stopped')], dir('data'));
    expect(stopped.code, stopped.output).toBe(0);
    // A restore never writes over a database.
    const over = await npm(['restore', '--', dir('live')], dir('data'));
    expect(over.code).toBe(1);
    expect(over.output).toContain('holds a database already');

    for (const [name, expected, exact] of [
      ['live', beforeLive, false],
      ['stopped', ledger.created, true],
    ] as const) {
      const restore = await npm(['restore', '--', dir(name)], dir(`restored-${name}`));
      expect(restore.code, restore.output).toBe(0);
      const restored = await start(dir(`restored-${name}`));
      // The same session cookie opens the restored copy: nobody is signed out by a restore.
      const api = new ApiClient(restored.url);
      api.cookie = client.cookie;
      const todos = new Map((await allTodos(api)).map((t) => [t.id, t]));
      expect(
        [...expected.keys()].filter((id) => !todos.has(id)),
        name,
      ).toEqual([]);
      for (const [id, title] of expected) expect(todos.get(id)!.title).toBe(title);
      const unknown = [...todos.keys()].filter((id) => !ledger.created.has(id) && !ledger.unanswered.has(id));
      expect(unknown, name).toEqual([]);
      if (exact)
        expect(todos.size).toBe(
          ledger.created.size + [...ledger.unanswered].filter((id) => todos.has(id)).length,
        );
      expect((await api.post('/api/todos', { title: `after restoring ${name}` })).status).toBe(201);
      expect(await kill(restored, 'SIGTERM')).toBe(0);
    }
  });
});
