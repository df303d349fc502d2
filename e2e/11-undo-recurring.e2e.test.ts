// 11. Undo after completing a recurring todo (issue 15, bug 1): the toast's Undo restores the state
// before, so the next occurrence the completion made goes away on this device, on the server and on
// the person's other device, online and offline, for daily and weekly repeats.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  devicesPerTest,
  apiAs,
  quickAdd,
  serverTodos,
  signIn,
  signUp,
  waitSynced,
  showAll,
  syncCursor,
} from './support/browser.ts';

const { baseUrl, secondBaseUrl, open } = devicesPerTest();

/** The ids of the open rows: a completion shows the next occurrence (another todo), Undo the original again. */
const openIds = (page: Page) =>
  page.$$eval('.todo-list .todo-row:not(.is-done) a[data-row-link]', (links) =>
    links.map((a) => (a as HTMLAnchorElement).pathname.split('/').pop()!),
  );

async function completeAndUndo(page: Page, title: string, id: string): Promise<void> {
  await page
    .getByRole('checkbox', { name: `Mark “${title}” as done` })
    .first()
    .click();
  // The completion shows the next occurrence at once: one open row, another todo.
  await expect.poll(() => openIds(page)).toSatisfy((ids: string[]) => ids.length === 1 && ids[0] !== id);
  await page.getByRole('button', { name: 'Undo' }).click();
  // Undo takes it back here at once: the original alone is open again.
  await expect.poll(() => openIds(page)).toEqual([id]);
}

/** Waits until `other` has pulled every change `synced` has (so what it shows is what the server has). */
async function caughtUp(other: Page, synced: Page): Promise<void> {
  const cursor = await syncCursor(synced);
  await expect.poll(() => syncCursor(other)).toBeGreaterThanOrEqual(cursor);
}

describe('Undo after completing a recurring todo', () => {
  it.each([
    { typed: 'Take vitamins every day 8am', title: 'Take vitamins' },
    { typed: 'Water plants every monday', title: 'Water plants' },
  ])('$title: one open occurrence remains, here, on the server and on the other device', async (c) => {
    const phone = await open(baseUrl);
    const desktop = await open(secondBaseUrl, { width: 1280, height: 800 });
    const email = await signUp(phone.page);
    await showAll(phone.page);
    await signIn(desktop.page, email);
    await showAll(desktop.page);
    await quickAdd(phone.page, c.typed);
    await waitSynced(phone.page);
    await desktop.page.getByRole('link', { name: new RegExp(c.title) }).waitFor();
    const api = await apiAs(phone.context, baseUrl);
    const [original] = await serverTodos(api);
    expect(original!.recurrence).not.toBeNull();

    await completeAndUndo(phone.page, c.title, original!.id);
    await waitSynced(phone.page, new Date().toISOString());
    const after = await serverTodos(api);
    expect(after.map((t) => [t.id, t.status, t.dueAt])).toEqual([[original!.id, 'open', original!.dueAt]]);
    await caughtUp(desktop.page, phone.page);
    await expect.poll(() => openIds(desktop.page)).toEqual([original!.id]);
    await expect.poll(() => desktop.page.locator('.todo-row').count()).toBe(1);

    // Offline on the desktop this time: the undo shows at once, and the server agrees once it is back.
    await desktop.context.setOffline(true);
    await completeAndUndo(desktop.page, c.title, original!.id);
    expect(await desktop.page.locator('.todo-row').count()).toBe(1);
    await desktop.context.setOffline(false);
    await waitSynced(desktop.page, new Date().toISOString(), 30_000);
    expect((await serverTodos(api)).map((t) => [t.id, t.status])).toEqual([[original!.id, 'open']]);
    await caughtUp(phone.page, desktop.page);
    await expect.poll(() => openIds(phone.page)).toEqual([original!.id]);
    await expect.poll(() => phone.page.locator('.todo-row').count()).toBe(1);
    expect(phone.problems).toEqual([]);
    expect(desktop.problems).toEqual([]);
  });
});
