// The PWA's figures with 10,000 todos, in Debian's Chromium against a private embedded stack, printed as
// JSON: local write → list (p95), offline search (p95), pulling 10,000 changes, pushing 10,000 queued
// mutations, and the gzip size of the initial JS. Run: node --import tsx bench/pwa-figures.ts
// (BENCH_TODOS=n for another count). The PWA is built for the run into a directory of its own.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { openDevice, signIn, signUp, waitSynced, type Device } from '../e2e/support/browser.ts';
import { buildPwa, startStack } from '../e2e/support/stack.ts';

const N = Number(process.env.BENCH_TODOS ?? 10_000);

/** What the app puts on window with localStorage `todo:debug` = 1 (pwa/src/app/debug.ts). */
interface DebugWindow {
  todoDebug: {
    actions: {
      mutation(type: string, payload: unknown): unknown;
      commit(...mutations: unknown[]): Promise<void>;
      createTodo(input: { title: string; timeZone: string }): Promise<string>;
    };
    engine(): { lastCycle: Record<string, number> | null } | null;
  };
  netWaitMs: { push: number; pull: number };
}
const GOALS = {
  localWriteP95Ms: 16,
  offlineSearchP95Ms: 30,
  pull10kMs: 1000,
  push10kMs: 3000,
  initialJsGzipKb: 150,
};

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
const round = (x: number) => Math.round(x * 10) / 10;

function initialJsGzip(dist: string): { kb: number; files: Record<string, number> } {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const urls = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]!);
  const files: Record<string, number> = {};
  for (const url of urls) files[url] = gzipSync(readFileSync(path.join(dist, url)), { level: 9 }).length;
  const total = Object.values(files).reduce((a, b) => a + b, 0);
  return {
    kb: round(total / 1024),
    files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, round(v / 1024)])),
  };
}

async function withDebug(device: Device) {
  // Time spent waiting for the server's answers to pushes and pulls, to tell client time from server time.
  await device.context.addInitScript(`(() => {
    const wait = (globalThis.netWaitMs = { push: 0, pull: 0 });
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const started = performance.now();
      try {
        return await original(input, init);
      } finally {
        const url = String(input);
        if (url.includes('/api/sync/push')) wait.push += performance.now() - started;
        if (url.includes('/api/sync/pull')) wait.pull += performance.now() - started;
      }
    };
  })();`);
  await device.page.goto('/signin');
  await device.page.evaluate(() => localStorage.setItem('todo:debug', '1'));
  await device.page.reload();
}

const WORDS = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  'kilo',
  'lima',
];

/** Queues N creates offline, in transactions of 500, through the app's own write path. */
async function seedOffline(page: Page, n: number) {
  await page.evaluate(
    async ({ n, words }) => {
      const d = (window as unknown as DebugWindow).todoDebug;
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const priorities = ['low', 'medium', 'high', 'urgent'];
      for (let start = 0; start < n; start += 500) {
        const batch = [];
        for (let i = start; i < Math.min(n, start + 500); i++) {
          batch.push(
            d.actions.mutation('todo.create', {
              id: crypto.randomUUID(),
              title: `${words[i % words.length]} ${words[(i * 7) % words.length]} task ${i}`,
              description: `note ${words[(i * 3) % words.length]} number ${i}`,
              priority: priorities[i % 4],
              dueAt: i % 3 === 0 ? null : new Date(Date.now() + ((i % 40) - 10) * 86_400_000).toISOString(),
              timeZone: tz,
              tagIds: [],
              reminders: [],
            }),
          );
        }
        await d.actions.commit(...batch);
      }
    },
    { n, words: WORDS },
  );
}

async function waitForCycle(page: Page, field: 'pushed' | 'pulled', atLeast: number, timeout = 600_000) {
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') console.error(`[page] ${m.text()}`);
  });
  await page.waitForFunction(
    ([field, atLeast]) => {
      const w = window as unknown as DebugWindow & { matchedCycle?: Record<string, number> };
      const stats = w.todoDebug.engine()?.lastCycle;
      if (!stats || stats[field]! < atLeast) return false;
      w.matchedCycle = stats; // the next cycle may replace lastCycle before we read it
      return true;
    },
    [field, atLeast] as const,
    { timeout, polling: 20 },
  );
  return page.evaluate(() => (window as unknown as { matchedCycle: Record<string, number> }).matchedCycle);
}

async function localWrites(page: Page, count: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const d = (window as unknown as DebugWindow).todoDebug;
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const list = document.querySelector('.todo-list')!;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const title = `Fresh write ${i} ${Math.random().toString(36).slice(2, 7)}`;
      const seen = new Promise<number>((resolve) => {
        const check = () => {
          const first = list.querySelector('.todo-title');
          if (first?.textContent === title) {
            mo.disconnect();
            resolve(performance.now());
          }
        };
        const mo = new MutationObserver(check);
        mo.observe(list, { childList: true, subtree: true, characterData: true });
      });
      const started = performance.now();
      await d.actions.createTodo({ title, timeZone: tz });
      times.push((await seen) - started);
      await new Promise((r) => setTimeout(r, 30));
    }
    return times;
  }, count);
}

async function searches(page: Page, queries: string[]): Promise<number[]> {
  return page.evaluate(async (queries) => {
    const input = document.querySelector<HTMLInputElement>('#search-input')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const times: number[] = [];
    for (const q of queries) {
      const shown = () =>
        document
          .querySelector('.todo-list, .empty')
          ?.closest('.list-pane')
          ?.querySelector('[data-query]')
          ?.getAttribute('data-query') ?? '';
      const started = performance.now();
      setValue.call(input, q);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // React renders a discrete input event at once; wait for the DOM to carry the query either way.
      while (!shown().includes(JSON.stringify(q).slice(1, -1)) && !document.querySelector('.empty')) {
        await new Promise((r) => requestAnimationFrame(r));
      }
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    return times;
  }, queries);
}

async function main() {
  const pwaDir = buildPwa();
  const js = initialJsGzip(pwaDir);
  const stack = await startStack({ pwaDir });
  const devices: Device[] = [];
  try {
    const a = await openDevice(stack.url, { width: 1280, height: 900 });
    devices.push(a);
    await withDebug(a);
    const email = await signUp(a.page);
    await waitSynced(a.page);

    // Pushing N queued mutations: made offline, sent when the connection returns.
    await a.context.setOffline(true);
    const seedStarted = performance.now();
    await seedOffline(a.page, N);
    const seedMs = performance.now() - seedStarted;
    await a.page.evaluate(() => {
      (window as unknown as DebugWindow).todoDebug.engine()!.lastCycle = null;
      (window as unknown as DebugWindow).netWaitMs.push = 0;
    });
    await a.context.setOffline(false);
    const push = await waitForCycle(a.page, 'pushed', N);
    const pushWaitMs = await a.page.evaluate(() => (window as unknown as DebugWindow).netWaitMs.push);

    // Pulling N changes: a second device signs in.
    const b = await openDevice(stack.url, { width: 1280, height: 900 });
    devices.push(b);
    await withDebug(b);
    await signIn(b.page, email);
    const pull = await waitForCycle(b.page, 'pulled', N);
    const pullWaitMs = await b.page.evaluate(() => (window as unknown as DebugWindow).netWaitMs.pull);
    await b.page.waitForFunction(
      (n) => document.querySelector('.count')?.textContent?.startsWith(String(n)),
      N,
      {
        timeout: 60_000,
      },
    );

    // Local writes with N todos in the list (newest first, so a new todo shows at the top).
    await waitSynced(a.page);
    const writes = (await localWrites(a.page, 65)).slice(5);

    // Offline search over the N todos.
    await a.context.setOffline(true);
    const queries: string[] = [];
    for (let i = 0; i < 65; i++) {
      const w = WORDS[i % WORDS.length]!;
      queries.push(i % 3 === 0 ? w.slice(0, 2) : i % 3 === 1 ? `${w.slice(0, 3)} ta` : `${w} ${i}`);
    }
    const searchTimes = (await searches(a.page, queries)).slice(5);
    if (process.env.BENCH_VERBOSE)
      console.error(
        queries
          .slice(5)
          .map((q, i) => `${q}:${Math.round(searchTimes[i]!)}`)
          .join(' '),
      );
    await a.context.setOffline(false);

    const figures = {
      todos: N,
      localWriteP95Ms: round(p95(writes)),
      localWriteMedianMs: round([...writes].sort((x, y) => x - y)[Math.floor(writes.length / 2)]!),
      offlineSearchP95Ms: round(p95(searchTimes)),
      offlineSearchMedianMs: round(
        [...searchTimes].sort((x, y) => x - y)[Math.floor(searchTimes.length / 2)]!,
      ),
      pull10kMs: Math.round(pull.pullMs),
      pull10kServerWaitMs: Math.round(pullWaitMs),
      push10kMs: Math.round(push.pushMs),
      push10kServerWaitMs: Math.round(pushWaitMs),
      // The same cycle then pulls the N changes back, each rebased over its acknowledged mutation.
      ownPullBack10kMs: Math.round(push.pullMs),
      queue10kOfflineMs: Math.round(seedMs),
      initialJsGzipKb: js.kb,
      initialJsFiles: js.files,
      goals: GOALS,
    };
    console.log(JSON.stringify(figures));
  } finally {
    for (const d of devices) await d.close();
    await stack.stop();
  }
}

await main();
