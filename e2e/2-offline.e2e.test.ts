// 2. Offline: create, edit, complete, delete; reload while still offline (the service worker serves the
// app) and see the same state; back online, the server has exactly those changes.
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

describe('working offline', () => {
  it('keeps every change through an offline reload and sends exactly those changes when back online', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    await waitForServiceWorker(page);
    for (const title of ['Delete me', 'Complete me', 'Edit me']) await quickAdd(page, title);
    await page.getByRole('link', { name: 'Edit me' }).waitFor();
    await waitSynced(page);
    const api = await apiAs(context, baseUrl);
    const before = await serverTodos(api);
    expect(before.map((t) => t.title).sort()).toEqual(['Complete me', 'Delete me', 'Edit me']);

    await context.setOffline(true);
    await page.locator('.sync-status[data-state="offline"]').waitFor();

    await quickAdd(page, 'Made offline !high');
    await page.getByRole('link', { name: /Made offline/ }).waitFor();

    await page.getByRole('link', { name: /Edit me/ }).click();
    const editor = page.locator('section.editor');
    await editor.getByLabel('Title').fill('Edited offline');
    await editor.locator('label.segment', { hasText: 'Urgent' }).click();
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: /Edited offline/ }).waitFor();

    await page.getByRole('checkbox', { name: 'Mark “Complete me” as done' }).click();
    await expect.poll(() => listTitles(page)).not.toContain('Complete me');

    await page.getByRole('link', { name: /Delete me/ }).click();
    await editor.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(`${baseUrl}/`);

    const expectedOpen = ['Made offline', 'Edited offline'];
    await expect.poll(() => listTitles(page)).toEqual(expectedOpen);
    await page.locator('.sync-status[data-pending="4"]').waitFor();

    // Still offline: the service worker serves the app, IndexedDB has the state.
    await page.reload();
    await page.getByRole('link', { name: /Made offline/ }).waitFor();
    expect(await listTitles(page)).toEqual(expectedOpen);
    await expect(page.locator('.sync-status').getAttribute('data-state')).resolves.toBe('offline');
    // The count of waiting changes is its own query: it may show a moment after the list.
    await page.locator('.sync-status[data-pending="4"]').waitFor();
    // Nothing reached the server meanwhile.
    expect((await serverTodos(api)).map((t) => [t.title, t.status]).sort()).toEqual(
      before.map((t) => [t.title, t.status]).sort(),
    );

    await context.setOffline(false);
    await waitSynced(page);
    const after = await serverTodos(api);
    const byTitle = new Map(after.map((t) => [t.title, t]));
    expect([...byTitle.keys()].sort()).toEqual(['Complete me', 'Edited offline', 'Made offline']);
    expect(byTitle.get('Made offline')).toMatchObject({ status: 'open', priority: 'high' });
    expect(byTitle.get('Edited offline')).toMatchObject({ status: 'open', priority: 'urgent' });
    expect(byTitle.get('Edited offline')!.id).toBe(before.find((t) => t.title === 'Edit me')!.id);
    expect(byTitle.get('Complete me')).toMatchObject({ status: 'done' });
    expect((await api.get(`/api/todos/${before.find((t) => t.title === 'Delete me')!.id}`)).status).toBe(404);
    // The list still shows the same, now from the server's state.
    expect(await listTitles(page)).toEqual(expectedOpen);
    expect(device.problems).toEqual([]);
  });
});
