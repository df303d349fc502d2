// PostgreSQL under load, on a cluster of this suite's own: restarted (a crash, then a start), the
// services say they are not ready meanwhile, recover by themselves, and lose no acknowledged write;
// `npm run backup` (pg_dump) taken while people write restores into a fresh database that the app
// runs on, with every write acknowledged before the dump began.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';
import { waitFor } from '../support/wait.ts';
import { allTodos, newLedger, writeUntil, type Ledger } from './support/ledger.ts';
import { startPostgres, type PostgresCluster } from './support/postgres.ts';

let cluster: PostgresCluster;
let stack: TestStack;
const stacks: TestStack[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'todo-chaos-dump-'));

/** A stack on the cluster: its own migrated database (startStack's scratch database on DATABASE_URL). */
async function stackOn(url: string, ownDatabase: boolean) {
  process.env.TEST_TARGET = 'stack';
  process.env.DATABASE_URL = url;
  const started = await startStack({}, { ownDatabase });
  stacks.push(started);
  return started;
}

beforeAll(async () => {
  cluster = await startPostgres();
  stack = await stackOn(cluster.url(), true);
});
afterAll(async () => {
  for (const s of stacks.reverse()) await s.close().catch(() => undefined);
  cluster?.destroy();
  rmSync(scratch, { recursive: true, force: true });
});

const ready = async (url: string) => (await fetch(`${url}/readyz`).catch(() => undefined))?.status ?? 0;

async function load(client: ApiClient, ledger: Ledger, during: () => Promise<void>, prefix: string) {
  let stop = false;
  const failures = { count: 0 };
  const writers = [0, 1, 2].map((w) =>
    writeUntil(client, ledger, () => stop, { prefix: `${prefix}${w}`, persist: true, failures }),
  );
  try {
    await during();
  } finally {
    stop = true;
    await Promise.all(writers);
  }
  return failures.count;
}

function npm(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', ...args], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`npm ${args.join(' ')}: ${code}\n${output}`)),
    );
  });
}

describe('PostgreSQL restarted under load', () => {
  it('makes the services not ready, and they recover by themselves with every acknowledged write', async () => {
    const { client } = await signUp(stack.url);
    const ledger = newLedger();
    const notReady = { bff: false, core: false };
    const failures = await load(
      client,
      ledger,
      async () => {
        await waitFor(() => ledger.created.size >= 10, {
          timeoutMs: 60_000,
          what: 'writes before the restart',
        });
        const before = ledger.created.size;
        cluster.stop('immediate');
        await waitFor(
          async () => {
            notReady.core ||= (await ready(stack.coreUrl)) === 503;
            notReady.bff ||= (await ready(stack.url)) === 503;
            return notReady.core && notReady.bff;
          },
          { timeoutMs: 20_000, everyMs: 200, what: 'the services to report not ready' },
        );
        // Down for a few seconds while the writers keep trying.
        await new Promise((r) => setTimeout(r, 3000));
        cluster.start();
        // Recovered by themselves: ready again, and writes acknowledged again.
        await waitFor(async () => (await ready(stack.coreUrl)) === 200 && (await ready(stack.url)) === 200, {
          timeoutMs: 60_000,
          everyMs: 250,
          what: 'the services to be ready again',
        });
        const recovered = ledger.created.size;
        await waitFor(() => ledger.created.size > recovered + 10, {
          timeoutMs: 30_000,
          what: 'writes acknowledged after the restart',
        });
        expect(recovered).toBeGreaterThan(before - 1);
      },
      'pg',
    );
    expect(notReady).toEqual({ bff: true, core: true });
    expect(failures).toBeGreaterThan(0);

    const todos = new Map((await allTodos(client)).map((t) => [t.id, t]));
    expect([...ledger.created.keys()].filter((id) => !todos.has(id))).toEqual([]);
    for (const [id, title] of ledger.created) expect(todos.get(id)!.title).toBe(title);
    expect([...ledger.completed].filter((id) => todos.get(id)!.status !== 'done')).toEqual([]);
  });
});

describe('npm run backup on PostgreSQL (pg_dump) during load', () => {
  it('restores into a fresh database the app runs on, with every write acknowledged before the dump', async () => {
    const { client, email } = await signUp(stack.url);
    const ledger = newLedger();
    const name = (await stack.database.knex.raw('SELECT current_database() AS name')).rows[0].name as string;
    const source = cluster.url(name);
    const dump = path.join(scratch, 'todo.dump');
    let before = new Map<string, string>();
    await load(
      client,
      ledger,
      async () => {
        await waitFor(() => ledger.created.size >= 20, {
          timeoutMs: 60_000,
          what: '20 writes before the dump',
        });
        before = new Map(ledger.created);
        await npm(['backup', '--', dump], { DATABASE_URL: source });
        await new Promise((r) => setTimeout(r, 500));
      },
      'dump',
    );
    expect(before.size).toBeGreaterThanOrEqual(20);

    cluster.createDatabase('todo_restored');
    await npm(['restore', '--', dump], { DATABASE_URL: cluster.url('todo_restored') });
    const restored = await stackOn(cluster.url('todo_restored'), false);
    expect(await ready(restored.url)).toBe(200);
    const api = new ApiClient(restored.url);
    expect((await api.post('/api/auth/login', { email, password: 'correct horse battery' })).status).toBe(
      200,
    );
    const todos = new Map((await allTodos(api)).map((t) => [t.id, t]));
    // Everything acknowledged before the dump began, as it was; nothing that nobody sent.
    expect([...before.keys()].filter((id) => !todos.has(id))).toEqual([]);
    for (const [id, title] of before) expect(todos.get(id)!.title).toBe(title);
    expect([...todos.keys()].filter((id) => !ledger.created.has(id) && !ledger.unanswered.has(id))).toEqual(
      [],
    );
    // The restored database takes writes (its sequences and constraints came back too).
    expect((await api.post('/api/todos', { title: 'after the restore' })).status).toBe(201);
  });
});
