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
} from './support/browser.ts';

const { baseUrl, secondBaseUrl, open } = devicesPerTest();

const openRows = (page: Page, title: string) =>
  page.locator('.todo-row:not(.is-done)', { has: page.getByRole('link', { name: new RegExp(title) }) });

async function completeAndUndo(page: Page, title: string): Promise<void> {
  await page
    .getByRole('checkbox', { name: `Mark “${title}” as done` })
    .first()
    .click();
  // The completion shows the next occurrence at once (one open row again), then Undo takes it back.
  await expect.poll(() => openRows(page, title).count()).toBe(1);
  await page.getByRole('button', { name: 'Undo' }).click();
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
    await openRows(desktop.page, c.title).waitFor();
    const api = await apiAs(phone.context, baseUrl);
    const [original] = await serverTodos(api);
    expect(original!.recurrence).not.toBeNull();

    await completeAndUndo(phone.page, c.title);
    await waitSynced(phone.page, new Date().toISOString());
    const after = await serverTodos(api);
    expect(after.map((t) => [t.id, t.status, t.dueAt])).toEqual([[original!.id, 'open', original!.dueAt]]);
    expect(await openRows(phone.page, c.title).count()).toBe(1);
    await expect.poll(() => desktop.page.locator('.todo-row').count(), { timeout: 5000 }).toBe(1);
    expect(await openRows(desktop.page, c.title).count()).toBe(1);

    // Offline on the desktop this time: the undo shows at once, and the server agrees once it is back.
    await desktop.context.setOffline(true);
    await completeAndUndo(desktop.page, c.title);
    expect(await desktop.page.locator('.todo-row').count()).toBe(1);
    await desktop.context.setOffline(false);
    await waitSynced(desktop.page, new Date().toISOString(), 30_000);
    expect((await serverTodos(api)).map((t) => [t.id, t.status])).toEqual([[original!.id, 'open']]);
    await expect.poll(() => phone.page.locator('.todo-row').count(), { timeout: 5000 }).toBe(1);
    expect(phone.problems).toEqual([]);
    expect(desktop.problems).toEqual([]);
  });
});
