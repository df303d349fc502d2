// `kill -9` of `npm start` while a person writes, ten times in a row: after the last restart every
// acknowledged create and completion is there, the activity history holds each of their events once,
// and every acknowledged reminder reached the person's push subscription (once).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startPushService, type PushService } from '../support/push-service.ts';
import { waitFor } from '../support/wait.ts';
import { kill, launch, type Launched } from './support/launcher.ts';
import { allTodos, lastFailure, newLedger, tally, writeUntil, historyOf } from './support/ledger.ts';

const ROUNDS = 10;
const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-chaos-kill-'));
let push: PushService;
let env: Record<string, string>;
let running: Launched | undefined;

beforeAll(async () => {
  push = await startPushService();
  // The worker inside npm start trusts the emulator's certificate and may post to it on loopback.
  env = { NODE_EXTRA_CA_CERTS: push.certFile, PUSH_ENDPOINT_ALLOW: 'localhost,127.0.0.1' };
});
afterAll(async () => {
  if (running) await kill(running);
  await push?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// Eleven starts of npm start (PGlite and all): slow on a busy machine.
describe('npm start killed with SIGKILL during writes', { timeout: 900_000 }, () => {
  it(`loses no acknowledged write and no event over ${ROUNDS} kills`, async () => {
    running = await launch(dataDir, env);
    const { client } = await signUp(running.url);
    const key = (await client.get('/api/push/vapid-public-key')).body.key as string;
    const { subscription, clientHash } = await push.subscribe(key);
    expect((await client.post('/api/push/subscriptions', subscription)).status).toBe(201);
    // The session is written to DATA_DIR shortly after a change: let it reach the disk before a kill.
    await new Promise((r) => setTimeout(r, 500));

    const ledger = newLedger();
    for (let round = 0; round < ROUNDS; round++) {
      if (!running) running = await launch(dataDir, env);
      const api = new ApiClient(running.url);
      api.cookie = client.cookie;
      let stop = false;
      const failures = { count: 0 };
      const writers = [0, 1, 2].map((w) =>
        writeUntil(api, ledger, () => stop, { prefix: `r${round}w${w}`, persist: true, failures }),
      );
      // Killed at a random moment once this round has had a few writes acknowledged (5 to 20, then up
      // to 300 ms more), however slowly a busy machine answers.
      const target = ledger.created.size + ledger.completed.size + 5 + Math.floor(Math.random() * 16);
      await waitFor(() => ledger.created.size + ledger.completed.size >= target, {
        timeoutMs: 120_000,
        what: `round ${round + 1}'s writes`,
      });
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      await kill(running, 'SIGKILL');
      running = undefined;
      stop = true;
      await Promise.all(writers);
      console.log(
        `round ${round + 1}: ${ledger.created.size} creates and ${ledger.completed.size} completions ` +
          `acknowledged so far, ${failures.count} requests failed or cut off this round (last: ${lastFailure})`,
      );
    }

    running = await launch(dataDir, env);
    const api = new ApiClient(running.url);
    api.cookie = client.cookie;
    expect(ledger.created.size + ledger.completed.size).toBeGreaterThanOrEqual(ROUNDS * 5);

    // Every acknowledged write is there.
    const todos = new Map((await allTodos(api)).map((t) => [t.id, t]));
    const missing = [...ledger.created.keys()].filter((id) => !todos.has(id));
    expect(missing).toEqual([]);
    for (const [id, title] of ledger.created) expect(todos.get(id)!.title).toBe(title);
    const notDone = [...ledger.completed].filter((id) => todos.get(id)!.status !== 'done');
    expect(notDone).toEqual([]);
    // Nothing appeared that nobody sent: each todo is an acknowledged create or one cut off mid-way.
    const unknown = [...todos.keys()].filter((id) => !ledger.created.has(id) && !ledger.unanswered.has(id));
    expect(unknown).toEqual([]);

    // Every resulting event reached the activity history, once.
    await historyOf(api, todos.keys(), ledger.completed);

    // Every acknowledged reminder reached the subscription. A reminder the last killed process had
    // claimed stays leased to it until the next start frees it (PGlite: no other process can be
    // sending it), or at the latest for the dispatcher's 30 s lease.
    const pushed = await waitFor(
      async () => {
        const messages = (await push.messages(clientHash)).map((m) => JSON.parse(m) as { todoId: string });
        const ids = new Set(messages.map((m) => m.todoId));
        return [...ledger.reminded].every((id) => ids.has(id)) ? messages : undefined;
      },
      { timeoutMs: 180_000, everyMs: 1000, what: 'a push for every acknowledged reminder' },
    );
    // Once each, except a send in flight at a kill: the push service may have taken it before the
    // process could record it, and Web Push has no idempotency key, so it goes again after the lease
    // (as in worker-kill.chaos.test.ts; the repeat has the same topic and tag, so the device replaces
    // it). At most twice each, and at most the dispatcher's 16 in flight per kill.
    const pushedTwice = [...tally(pushed.map((m) => m.todoId))].filter(([, n]) => n > 1);
    expect(pushedTwice.every(([, n]) => n === 2)).toBe(true);
    expect(pushedTwice.length).toBeLessThanOrEqual(16 * ROUNDS);
  });
});
