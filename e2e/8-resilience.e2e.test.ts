// Beyond the six scenarios: the app keeps working when the browser drops its IndexedDB connection, one
// tab syncs for all (the others follow through IndexedDB), and signing out clears this person's data.
import { describe, expect, it } from 'vitest';
import {
  apiAs,
  listTitles,
  devicePerTest,
  quickAdd,
  serverTodos,
  signUp,
  waitForServiceWorker,
  waitSynced,
  showAll,
} from './support/browser.ts';

const { baseUrl, open } = devicePerTest();

describe('resilience', () => {
  it('reopens IndexedDB when the browser closes the connection under the app', async () => {
    const device = await open();
    const { page, context } = device;
    await page.goto('/signin');
    await page.evaluate(() => localStorage.setItem('todo:debug', '1'));
    await signUp(page);
    await showAll(page);
    await quickAdd(page, 'Before the drop');
    await waitSynced(page);
    await page.evaluate(() => {
      const debug = (window as unknown as { todoDebug: { services(): { db: { backendDB(): IDBDatabase } } } })
        .todoDebug;
      debug.services().db.backendDB().close();
    });
    await quickAdd(page, 'After the drop');
    await page.getByRole('link', { name: /After the drop/ }).waitFor();
    await waitSynced(page, new Date().toISOString());
    await page.reload();
    await expect.poll(() => listTitles(page)).toEqual(['After the drop', 'Before the drop']);
    const api = await apiAs(context, baseUrl);
    expect((await serverTodos(api)).map((t) => t.title).sort()).toEqual([
      'After the drop',
      'Before the drop',
    ]);
    expect(device.problems).toEqual([]);
  });

  it('lets one tab sync while another tab of the same browser follows through IndexedDB', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    const second = await context.newPage();
    await second.goto('/');
    await second.getByRole('textbox', { name: 'New todo' }).waitFor();
    // Written in the second tab (not the one holding the sync lock): both tabs show it, the server has it.
    await quickAdd(second, 'From the second tab');
    await page.getByRole('link', { name: /From the second tab/ }).waitFor({ timeout: 3000 });
    await waitSynced(page, new Date().toISOString());
    const api = await apiAs(context, baseUrl);
    await expect
      .poll(async () => (await serverTodos(api)).map((t) => t.title))
      .toEqual(['From the second tab']);
    // Exactly one tab leads (holds the leader lock, and with it the stream); the other waits its turn.
    // (An open stream never shows in resource timing, which lists finished requests only.)
    const locks = await page.evaluate(async () => {
      const state = await navigator.locks.query();
      const named = (list: LockInfo[] | undefined) =>
        (list ?? []).filter((l) => l.name === 'todo-sync-leader');
      return { held: named(state.held).length, pending: named(state.pending).length };
    });
    expect(locks).toEqual({ held: 1, pending: 1 });
  });

  it('Background Sync: the service worker sends what was written offline once the app is closed', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    await waitForServiceWorker(page);
    const api = await apiAs(context, baseUrl);
    await context.setOffline(true);
    await quickAdd(page, 'Sent by the service worker');
    await page.getByRole('link', { name: /Sent by the service worker/ }).waitFor();
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const reg = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
            sync?: { getTags(): Promise<string[]> };
          };
          return (await reg.sync?.getTags()) ?? [];
        }),
      )
      .toEqual(['todo-outbox']);
    await page.close(); // no page left to sync: only the service worker can
    await context.setOffline(false);
    await expect
      .poll(async () => (await serverTodos(api)).map((t) => t.title), { timeout: 30_000 })
      .toEqual(['Sent by the service worker']);
  });

  it('signing out clears this person’s data from the device', async () => {
    const device = await open();
    const { page } = device;
    await signUp(page);
    await showAll(page);
    await quickAdd(page, 'Private thing @secret');
    await waitSynced(page);
    await page.locator('details.account summary').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const left = await page.evaluate(
      () =>
        new Promise<Record<string, number>>((resolve, reject) => {
          const open = indexedDB.open('todo');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['todoChunks', 'tags', 'outbox', 'meta'], 'readonly');
            const counts: Record<string, number> = {};
            for (const name of ['tags', 'outbox']) {
              const req = tx.objectStore(name).count();
              req.onsuccess = () => (counts[name] = req.result);
            }
            // Todos are stored in chunks of many (pwa/src/db/todo-chunks.ts): count those inside.
            const chunks = tx.objectStore('todoChunks').getAll();
            chunks.onsuccess = () =>
              (counts.todos = (chunks.result as { todos: unknown[] }[]).reduce(
                (n, c) => n + c.todos.length,
                0,
              ));
            const user = tx.objectStore('meta').get('user');
            user.onsuccess = () => (counts.user = user.result ? 1 : 0);
            tx.oncomplete = () => resolve(counts);
          };
        }),
    );
    expect(left).toEqual({ todos: 0, tags: 0, outbox: 0, user: 0 });
  });
});
