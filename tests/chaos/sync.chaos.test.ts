// Sync under chaos: one person on 2 devices × 2 tabs (Chromium contexts against `npm start`) makes
// CHAOS_MUTATIONS (2,000) random changes through the app's own write path while the network drops
// (context.setOffline), pushes are duplicated or lose their answer, the bff answers 503 on /api/sync,
// and tabs are closed in the middle of a push. At the end every tab equals the server (a checksum
// over the todos), every todo created is there unless deleted, and nothing was applied twice (one
// todo.created entry per todo in the activity history, no todo nobody made).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openDevice, serverTodos, signIn, signUp, type Device } from '../../e2e/support/browser.ts';
import { startStack, type Stack } from '../../e2e/support/stack.ts';
import { activity, tally } from './support/ledger.ts';

const MUTATIONS = Number(process.env.CHAOS_MUTATIONS ?? 2000);
const BATCH = 20;

interface Op {
  kind: 'intend' | 'create' | 'update' | 'complete' | 'reopen' | 'intend-delete' | 'delete' | 'priority';
  id: string;
}
interface TodoLike {
  id: string;
  title: string;
  status: string;
  priority: string;
  description: string;
}
/** What the app puts on window with localStorage `todo:debug` = 1 (pwa/src/app/debug.ts). */
interface DebugWindow {
  todoDebug: {
    actions: {
      createTodo(input: { id: string; title: string; timeZone: string }): Promise<string>;
      updateTodo(id: string, fields: Record<string, unknown>): Promise<void>;
      completeTodo(id: string): Promise<void>;
      reopenTodo(id: string): Promise<void>;
      deleteTodo(id: string): Promise<void>;
    };
    services(): { mirror: { getSnapshot(): { todos: ReadonlyMap<string, TodoLike> } } };
    syncNow(): Promise<void> | undefined;
  };
}

let stack: Stack;
const devices: Device[] = [];

beforeAll(async () => {
  // The PWA npm test built; built here when this suite runs alone.
  if (!existsSync('pwa/dist/index.html')) execFileSync('npm', ['run', 'build:pwa'], { stdio: 'ignore' });
  stack = await startStack();
});
afterAll(async () => {
  for (const d of devices) await d.close().catch(() => undefined);
  await stack?.stop();
});

/** A fingerprint of todos as the person sees them: id, title, status, priority, description. */
function checksum(todos: TodoLike[]): string {
  const rows = todos
    .map((t) => [t.id, t.title, t.status, t.priority, t.description ?? ''].join('\u0001'))
    .sort();
  return createHash('sha256').update(rows.join('\n')).digest('hex');
}

async function openTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('textbox', { name: 'New todo' }).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => 'todoDebug' in window, undefined, { timeout: 30_000 });
  return page;
}

/**
 * Runs `count` random changes in one tab through the app's actions. Each is reported to the test as
 * it is made (window.chaosRecord): a create's id before it is committed ("intend": it may exist) and
 * after ("create": it must), so a tab closed mid-batch loses no record.
 */
function mutate(page: Page, count: number, tag: string): Promise<void> {
  return page.evaluate(
    async ({ count, tag }) => {
      const w = window as unknown as DebugWindow & { chaosRecord(op: Op): Promise<void> };
      const d = w.todoDebug;
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const pick = () => {
        const ids = [...d.services().mirror.getSnapshot().todos.keys()];
        return ids[Math.floor(Math.random() * ids.length)];
      };
      for (let i = 0; i < count; i++) {
        const roll = Math.random();
        const id = pick();
        if (!id || roll < 0.35) {
          const fresh = crypto.randomUUID();
          await w.chaosRecord({ kind: 'intend', id: fresh });
          await d.actions.createTodo({ id: fresh, title: `${tag} ${i}`, timeZone: tz });
          await w.chaosRecord({ kind: 'create', id: fresh });
        } else if (roll < 0.6) {
          await d.actions.updateTodo(id, { title: `${tag} ${i} edited` });
          await w.chaosRecord({ kind: 'update', id });
        } else if (roll < 0.7) {
          await d.actions.updateTodo(id, { priority: ['low', 'medium', 'high', 'urgent'][i % 4] });
          await w.chaosRecord({ kind: 'priority', id });
        } else if (roll < 0.82) {
          await d.actions.completeTodo(id);
          await w.chaosRecord({ kind: 'complete', id });
        } else if (roll < 0.92) {
          await d.actions.reopenTodo(id);
          await w.chaosRecord({ kind: 'reopen', id });
        } else {
          await w.chaosRecord({ kind: 'intend-delete', id });
          await d.actions.deleteTodo(id);
          await w.chaosRecord({ kind: 'delete', id });
        }
      }
    },
    { count, tag },
  );
}

describe('sync under chaos', { timeout: 900_000 }, () => {
  it(`converges after ${MUTATIONS} changes on 2 devices × 2 tabs with drops, duplicates, 503s and closed tabs`, async () => {
    const stats = { offline: 0, injected503: 0, duplicated: 0, lostAnswer: 0, tabsClosed: 0 };
    // Device 1 signs up, device 2 signs in as the same person; both with the debug hooks on.
    for (let i = 0; i < 2; i++) {
      const device = await openDevice(stack.url);
      devices.push(device);
      await device.context.addInitScript(() => localStorage.setItem('todo:debug', '1'));
    }
    const email = await signUp(devices[0]!.page);
    await signIn(devices[1]!.page, email);

    const ops: Op[] = [];
    for (const device of devices) {
      await device.context.exposeBinding('chaosRecord', (_source, op: Op) => {
        ops.push(op);
      });
    }

    // The chaos on the wire, per device: 503 from the bff, a push applied twice, an answer lost.
    const closing = new Set<Page>();
    for (const device of devices) {
      await device.context.route('**/api/sync/**', async (route: Route) => {
        const isPush = route.request().url().includes('/api/sync/push');
        const roll = Math.random();
        try {
          if (roll < 0.1) {
            stats.injected503++;
            await route.fulfill({
              status: 503,
              contentType: 'application/problem+json',
              body: JSON.stringify({ type: 'dependency-unavailable', title: 'Injected', status: 503 }),
            });
          } else if (isPush && roll < 0.2) {
            // The same push reaches the server twice (a retry racing the original).
            stats.duplicated++;
            await route.fetch();
            await route.fulfill({ response: await route.fetch() });
          } else if (isPush && roll < 0.28) {
            // The server applied it; the answer never arrives, so the client pushes it again.
            stats.lostAnswer++;
            await route.fetch();
            await route.abort('connectionreset');
          } else if (isPush && roll < 0.31) {
            // The tab goes away while its push is in flight.
            let page: Page | undefined;
            try {
              page = route.request().frame().page();
            } catch {
              // a service worker's request: no tab to close
            }
            if (page && !closing.has(page) && device.context.pages().length > 1) {
              closing.add(page);
              stats.tabsClosed++;
              void page.close().catch(() => undefined);
            }
            await route.continue();
          } else {
            await route.continue();
          }
        } catch {
          // the page (or its request) went away under the route: nothing left to answer
          await route.continue().catch(() => undefined);
        }
      });
    }

    const tabs: { device: Device; page: Page }[] = [];
    for (const device of devices) {
      await device.page.goto('/');
      await device.page.waitForFunction(() => 'todoDebug' in window, undefined, { timeout: 30_000 });
      tabs.push({ device, page: device.page }, { device, page: await openTab(device.context) });
    }

    let round = 0;
    const made = () => ops.filter((o) => !o.kind.startsWith('intend')).length;
    while (made() < MUTATIONS) {
      // Now and then a device drops off the network for a while.
      for (const device of devices) {
        const offline = Math.random() < 0.25;
        if (offline) stats.offline++;
        await device.context.setOffline(offline);
      }
      await Promise.all(
        tabs.map(async (tab, i) => {
          if (tab.page.isClosed()) return;
          try {
            await mutate(tab.page, BATCH, `r${round}t${i}`);
          } catch (err) {
            // Closed mid-batch: what it committed before closing is in IndexedDB, the rest never was.
            if (!tab.page.isClosed()) throw err;
          }
        }),
      );
      round++;
      // Every tab syncs now, under whatever the wire does to it this round (a push, a pull, a poke).
      await Promise.all(
        tabs.map((tab) =>
          tab.page
            .evaluate(() => (window as unknown as DebugWindow).todoDebug.syncNow())
            .catch(() => undefined),
        ),
      );
      // Reopen closed tabs: the outbox they left is pushed by another tab of the same browser.
      for (const tab of tabs) {
        if (tab.page.isClosed()) tab.page = await openTab(tab.device.context);
      }
    }
    console.log(
      `${made()} changes in ${round} rounds: ${JSON.stringify(Object.fromEntries(tally(ops.map((o) => o.kind))))}; ` +
        `chaos ${JSON.stringify(stats)}`,
    );

    // Calm: back online, the wire left alone; every tab settles.
    for (const device of devices) {
      await device.context.unrouteAll({ behavior: 'ignoreErrors' });
      await device.context.setOffline(false);
    }
    for (const tab of tabs) {
      await tab.page.evaluate(() => (window as unknown as DebugWindow).todoDebug.syncNow());
    }
    // Every tab converges on the server: the same checksum over the todos (the server's is read again
    // each time, as the last queued changes arrive).
    const api = await apiAs(devices[0]!.context, stack.url);
    let server: TodoLike[] = [];
    let sums: string[] = [];
    await expect
      .poll(
        async () => {
          server = (await serverTodos(api)) as unknown as TodoLike[];
          sums = await Promise.all(
            tabs.map(async (tab) =>
              checksum(
                (await tab.page.evaluate(() => [
                  ...(window as unknown as DebugWindow).todoDebug
                    .services()
                    .mirror.getSnapshot()
                    .todos.values(),
                ])) as TodoLike[],
              ),
            ),
          );
          return sums.every((sum) => sum === checksum(server));
        },
        { timeout: 300_000, interval: 2000 },
      )
      .toBe(true);

    // Nothing lost: every todo made is on the server unless someone deleted it.
    const ids = (kind: Op['kind']) => new Set(ops.filter((o) => o.kind === kind).map((o) => o.id));
    const created = ids('create');
    const mayExist = ids('intend');
    const mayBeDeleted = ids('intend-delete');
    const onServer = new Set(server.map((t) => t.id));
    expect([...created].filter((id) => !mayBeDeleted.has(id) && !onServer.has(id))).toEqual([]);
    // Nothing made up: no todo that no tab set out to create.
    expect([...onServer].filter((id) => !mayExist.has(id))).toEqual([]);
    // Nothing applied twice: one todo.created entry in the activity history for each todo.
    const history = await expect
      .poll(
        async () => {
          const items = await activity(api);
          const seen = new Set(items.filter((e) => e.type === 'todo.created').map((e) => e.todoId));
          return [...created].every((id) => seen.has(id)) ? items : undefined;
        },
        { timeout: 120_000, interval: 2000 },
      )
      .toBeTruthy()
      .then(() => activity(api));
    const createdEntries = tally(history.filter((e) => e.type === 'todo.created').map((e) => e.todoId));
    expect([...createdEntries].filter(([, n]) => n > 1)).toEqual([]);
  });
});
