// One simulated device: Debian's Chromium with its own fresh profile (a persistent context, so the
// installability check does not report "in-incognito"), and the steps a person takes in the app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Todo, TodoPage } from '@todo/contracts';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, inject } from 'vitest';
import { ApiClient } from '../../tests/support/client.ts';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DeviceOptions {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
  timezoneId?: string;
  /** A touch screen (a phone): touch events, and pointer events of type 'touch' from them. */
  hasTouch?: boolean;
}

export interface Device {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function openDevice(baseUrl: string, options: DeviceOptions = {}): Promise<Device> {
  const dir = mkdtempSync(path.join(tmpdir(), 'todo-e2e-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    baseURL: baseUrl,
    viewport: { width: options.width ?? 390, height: options.height ?? 844 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: options.timezoneId ?? 'America/New_York',
    locale: 'en-US',
    hasTouch: options.hasTouch ?? false,
  });
  // tsx (esbuild) wraps named functions inside page.evaluate callbacks in __name(); give pages a no-op one.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    // Offline on purpose: failed requests are expected then.
    if (m.type() === 'error' && !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(text))
      problems.push(text);
    if (/Content Security Policy/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PASSWORD = 'correct horse battery';

export function newEmail(): string {
  return `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export async function signUp(page: Page, email = newEmail()): Promise<string> {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('textbox', { name: 'New todo' }).waitFor();
  return email;
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'New todo' }).waitFor();
}

/**
 * Opens the full list (All): Today is the app's default view since issue 15. Remembered on the device, so
 * once after signing in is enough, across reloads too.
 */
export async function showAll(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'All', exact: true })
    .click();
}

/** Takes the device offline and waits until the app says so. */
export async function goOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await page.locator('.sync-status[data-state="offline"]').waitFor();
}

/**
 * One step of a keyboard move (a todo or list picked up by its handle): presses `key` until the step is
 * `heard` in the live region. The first arrow after picking up was seen ignored in CI, one run in two
 * (dnd-kit had not measured the places to move to yet), where a person simply presses again; a step
 * that lands is heard within a few milliseconds, so the wait between presses cannot move it twice.
 */
export async function keyboardMove(page: Page, key: string, heard: string, presses = 3): Promise<void> {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(key);
    const ok = await page
      .getByText(heard)
      .waitFor({ state: 'attached', timeout: 2_000 })
      .then(() => true)
      .catch(() => false);
    if (ok) return;
  }
  throw new Error(`${presses} presses of ${key} and "${heard}" was never announced`);
}

/**
 * Waits until this device has nothing queued and has synced since `after` (ISO) — or at all. Not on
 * the status's word alone (it once read "synced" while a change the list showed was still being
 * written): the outbox is read too, in a transaction IndexedDB orders after the app's write (begun
 * before the list showed the change).
 */
export async function waitSynced(page: Page, after = '', timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (since) => {
      const el = document.querySelector('.sync-status');
      if (!el) return false;
      const last = el.getAttribute('data-last-synced') ?? '';
      const shown =
        el.getAttribute('data-state') === 'ok' && el.getAttribute('data-pending') === '0' && last > since;
      if (!shown) return false;
      return new Promise<boolean>((resolve) => {
        const open = indexedDB.open('todo');
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['meta', 'outbox']);
          const acked = tx.objectStore('meta').get('ackedSeq');
          acked.onsuccess = () => {
            const from = (acked.result?.value as number | undefined) ?? 0;
            const queued = tx.objectStore('outbox').count(IDBKeyRange.lowerBound(from, true));
            queued.onsuccess = () => resolve(queued.result === 0);
          };
          tx.oncomplete = () => db.close();
          tx.onerror = () => {
            db.close();
            resolve(false);
          };
        };
      });
    },
    after,
    { timeout },
  );
}

/** The service worker controls the page, so a reload works offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, {
    timeout: 20_000,
  });
}

/** An API client with this device's session cookie, to see what the server has. */
export async function apiAs(context: BrowserContext, baseUrl: string): Promise<ApiClient> {
  const api = new ApiClient(baseUrl);
  const cookie = (await context.cookies(baseUrl)).find((c) => c.name === 'todo_session');
  if (!cookie) throw new Error('no session cookie in this browser');
  api.cookie = `${cookie.name}=${cookie.value}`;
  return api;
}

/** Ids of the todos the list shows, in order. */
export async function listIds(page: Page): Promise<string[]> {
  return page.$$eval('.todo-list a[data-row-link]', (links) =>
    links.map((a) => (a as HTMLAnchorElement).pathname.split('/').pop()!),
  );
}

/**
 * How far this device has pulled the person's changes (the cursor its last pull stored) and how many
 * changes its outbox holds for the server, read in one IndexedDB transaction: it runs after any write
 * already begun, so it sees what the rendered page may not show yet.
 */
async function localSyncState(page: Page): Promise<{ cursor: number; queued: number }> {
  return page.evaluate(
    () =>
      new Promise<{ cursor: number; queued: number }>((resolve, reject) => {
        const open = indexedDB.open('todo');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['meta', 'outbox']);
          const meta = tx.objectStore('meta');
          const cursor = meta.get('cursor');
          const acked = meta.get('ackedSeq');
          acked.onsuccess = () => {
            const from = (acked.result?.value as number | undefined) ?? 0;
            const queued = tx.objectStore('outbox').count(IDBKeyRange.lowerBound(from, true));
            queued.onsuccess = () =>
              resolve({ cursor: (cursor.result?.value as number | undefined) ?? 0, queued: queued.result });
          };
          tx.oncomplete = () => db.close();
          tx.onerror = () => {
            db.close();
            reject(tx.error);
          };
        };
      }),
  );
}

/** The changes this device's outbox holds for the server (see localSyncState). */
export const queuedChanges = async (page: Page) => (await localSyncState(page)).queued;

/** How far this device has pulled the person's changes (see localSyncState). */
export const syncCursor = async (page: Page) => (await localSyncState(page)).cursor;

export async function listTitles(page: Page): Promise<string[]> {
  return page.$$eval('.todo-list .todo-title', (els) => els.map((e) => e.textContent ?? ''));
}

export async function quickAdd(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'New todo' });
  await input.fill(text);
  await input.press('Enter');
}

/** The person's todos on the server (all pages); GET /api/todos leaves archived lists' out. */
export async function serverTodos(api: ApiClient): Promise<Todo[]> {
  const items: Todo[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: TodoPage; text: string } = await api.get(
      `/api/todos?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (res.status !== 200) throw new Error(`GET /api/todos: ${res.status} ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/**
 * The device lifecycle most browser tests share: `const { baseUrl, open } = devicePerTest();` then
 * `const device = await open()` inside a test; whatever was opened is closed after each test.
 */
export function devicePerTest() {
  const baseUrl = inject('baseUrl');
  let current: Device | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return { baseUrl, open: async (options?: DeviceOptions) => (current = await openDevice(baseUrl, options)) };
}

/**
 * devicePerTest for tests with more than one device (two people, or one person's phone and desktop):
 * `const { baseUrl, secondBaseUrl, open } = devicesPerTest();` then `await open(url, options)` per
 * device; all of them are closed after each test.
 */
export function devicesPerTest() {
  const opened: Device[] = [];
  afterEach(async () => {
    for (const device of opened.splice(0)) await device.close();
  });
  return {
    baseUrl: inject('baseUrl'),
    secondBaseUrl: inject('secondBaseUrl'),
    open: async (url: string, options?: DeviceOptions) => {
      const device = await openDevice(url, options);
      opened.push(device);
      return device;
    },
  };
}
