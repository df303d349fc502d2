// 15. Lists (issue 13): made and ordered in the sidebar (a drawer on phones), chosen in quick add with #list and a tag
// with @tag, a todo moved to another list in the editor, lists deleted with each choice for their todos,
// all offline and then synced; the server has the lists, the todos' lists and tags. Axe clean on the
// sidebar or drawer and the list dialog, light and dark. An archived list's todos leave Today and All and
// stay on its page (no quick add there), and come back when it is unarchived.
import type { List, Todo } from '@todo/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import {
  apiAs,
  devicePerTest,
  keyboardMove,
  listTitles,
  quickAdd,
  serverTodos,
  signUp,
  waitForServiceWorker,
  waitSynced,
} from './support/browser.ts';

const { baseUrl, open } = devicePerTest();

/** The sidebar's links and buttons: on a phone, in the drawer its button opens. */
async function sidebar(page: Page, phone: boolean) {
  if (phone) await page.getByRole('button', { name: 'Lists' }).click();
  const nav = page.getByRole('navigation', { name: 'Views and lists' });
  await nav.waitFor();
  return nav;
}

async function goToList(page: Page, phone: boolean, name: string) {
  const nav = await sidebar(page, phone);
  await nav.getByRole('link', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('heading', { name }).waitFor();
}

async function newList(page: Page, phone: boolean, name: string, colour: string) {
  const nav = await sidebar(page, phone);
  await nav.getByRole('button', { name: '+ New list' }).click();
  const dialog = page.getByRole('dialog', { name: 'New list' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('radio', { name: colour }).check();
  return dialog;
}

async function deleteList(page: Page, phone: boolean, name: string, choice: RegExp) {
  await goToList(page, phone, name);
  await page.getByRole('button', { name: 'List settings' }).click();
  const dialog = page.getByRole('dialog', { name: `List settings: ${name}` });
  await dialog.getByRole('button', { name: 'Delete list…' }).click();
  await dialog.getByRole('radio', { name: choice }).check();
  await dialog.getByRole('button', { name: 'Delete list' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('lists', () => {
  it.each([
    { colorScheme: 'light' as const, width: 390, height: 844, phone: true },
    { colorScheme: 'dark' as const, width: 1280, height: 800, phone: false },
  ])(
    'made, chosen with #list, moved to in the editor and deleted both ways, offline ($colorScheme, $width px)',
    async ({ phone, ...options }) => {
      const device = await open(options);
      const { page, context } = device;
      await signUp(page);
      await waitForServiceWorker(page);
      await waitSynced(page);
      const api = await apiAs(context, baseUrl);
      await context.setOffline(true);
      await page.locator('.sync-status[data-state="offline"]').waitFor();

      // The sidebar (the drawer on a phone) and the new list's dialog pass axe.
      const nav = await sidebar(page, phone);
      await nav.getByRole('link', { name: /^Inbox/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      if (phone) await page.keyboard.press('Escape');
      const dialog = await newList(page, phone, 'Groceries', 'Green');
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Create list' }).click();
      await page.getByRole('heading', { name: 'Groceries' }).waitFor();
      await (
        await newList(page, phone, 'Errands', 'Amber')
      )
        .getByRole('button', { name: 'Create list' })
        .click();
      await page.getByRole('heading', { name: 'Errands' }).waitFor();

      // The person orders their lists by the handles (here by keyboard); the Inbox stays first.
      const lists = await sidebar(page, phone);
      await lists.getByRole('button', { name: 'Move “Errands”' }).focus();
      await page.keyboard.press('Space');
      await page.locator('.sidebar-row.is-dragging').waitFor();
      // Picked up once announced (an arrow before that, on a loaded machine, was lost).
      await page.locator('[id^="DndLiveRegion"]', { hasText: '“Errands”' }).waitFor({ state: 'attached' });
      await keyboardMove(page, 'ArrowUp', '“Errands” is now at position 1 of 2.');
      await page.keyboard.press('Space');
      await page.getByText('“Errands” dropped at position 1 of 2.').waitFor({ state: 'attached' });
      await expect
        .poll(() => lists.locator('.sidebar-name').allTextContents())
        .toEqual(['Today', 'Upcoming', 'All', 'Inbox', 'Errands', 'Groceries']);
      expect(await axeViolations(page)).toEqual([]);
      if (phone) await page.keyboard.press('Escape');

      // In a list, quick add adds to it; #list chooses another by the start of its name, @tag tags it.
      await goToList(page, phone, 'Groceries');
      await quickAdd(page, 'Oat milk @dairy');
      await quickAdd(page, 'Bread');
      const input = page.getByRole('textbox', { name: 'New todo' });
      await input.fill('Stamps #err @post');
      await page.getByText('in Errands').waitFor();
      await input.press('Enter');
      await input.fill('Seeds #garden');
      await page.getByText('no list “garden”: kept in the title').waitFor();
      await input.fill('');
      await expect.poll(async () => (await listTitles(page)).sort()).toEqual(['Bread', 'Oat milk']);
      await goToList(page, phone, 'Errands');
      await expect.poll(() => listTitles(page)).toEqual(['Stamps']);

      // The editor's List picker moves a todo: one edit.
      await goToList(page, phone, 'Groceries');
      await page.getByRole('link', { name: /Oat milk/ }).click();
      const editor = page.locator('section.editor');
      await editor.getByLabel('List', { exact: true }).selectOption({ label: 'Errands' });
      await editor.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => listTitles(page)).toEqual(['Bread']);

      // A view mixes lists: each row names its list.
      await (await sidebar(page, phone)).getByRole('link', { name: 'All' }).click();
      await page.getByRole('link', { name: /Oat milk.*List: Errands/ }).waitFor();
      await page.getByRole('link', { name: /Bread.*List: Groceries/ }).waitFor();

      await context.setOffline(false);
      await waitSynced(page);
      const stored = ((await api.get('/api/lists')).body as { items: List[] }).items;
      const byName = new Map(stored.map((l) => [l.name, l]));
      expect([...byName.keys()].sort()).toEqual(['Errands', 'Groceries', 'Inbox']);
      expect(byName.get('Groceries')!.color).toBe('#16a34a');
      expect(byName.get('Errands')!.position < byName.get('Groceries')!.position).toBe(true);
      const todos = new Map((await serverTodos(api)).map((t: Todo) => [t.title, t]));
      expect(todos.get('Oat milk')!.listId).toBe(byName.get('Errands')!.id);
      expect(todos.get('Stamps')!.listId).toBe(byName.get('Errands')!.id);
      expect(todos.get('Bread')!.listId).toBe(byName.get('Groceries')!.id);
      expect(todos.get('Oat milk')!.tags.map((t) => t.name)).toEqual(['dairy']);
      expect(todos.get('Stamps')!.tags.map((t) => t.name)).toEqual(['post']);

      // Offline again: Errands goes with its todos moved to the Inbox, Groceries with its todos.
      await context.setOffline(true);
      await page.locator('.sync-status[data-state="offline"]').waitFor();
      await deleteList(page, phone, 'Errands', /Move its todos to the Inbox/);
      await deleteList(page, phone, 'Groceries', /Delete its todos too/);
      await goToList(page, phone, 'Inbox');
      await expect.poll(async () => (await listTitles(page)).sort()).toEqual(['Oat milk', 'Stamps']);

      await context.setOffline(false);
      await waitSynced(page);
      const after = ((await api.get('/api/lists')).body as { items: List[] }).items;
      expect(after.map((l) => l.name)).toEqual(['Inbox']);
      const left = await serverTodos(api);
      expect(left.map((t) => [t.title, t.listId]).sort()).toEqual([
        ['Oat milk', after[0]!.id],
        ['Stamps', after[0]!.id],
      ]);

      // A list that is gone (here a link to one that never was) shows the views, not an empty page.
      await page.goto(new URL('/lists/0190a0b0-0000-7000-8000-00000000dead', page.url()).href);
      await page.waitForURL((url) => url.pathname === '/');
      expect(device.problems).toEqual([]);
    },
  );

  it('an archived list’s todos leave Today and All, stay on its page, and come back on unarchive', async () => {
    const device = await open({ width: 1280, height: 800 });
    const { page, context } = device;
    await signUp(page);
    await waitSynced(page);
    const api = await apiAs(context, baseUrl);
    await (await newList(page, false, 'Trip', 'Green')).getByRole('button', { name: 'Create list' }).click();
    await page.getByRole('heading', { name: 'Trip' }).waitFor();
    await quickAdd(page, 'Book the ferry yesterday');
    await quickAdd(page, 'Pack the tent');
    await goToList(page, false, 'Inbox');
    await quickAdd(page, 'Buy bread yesterday');
    const nav = await sidebar(page, false);
    const view = async (name: string) => {
      await nav.getByRole('link', { name, exact: true }).click();
      return expect.poll(async () => (await listTitles(page)).sort());
    };
    await (await view('Today')).toEqual(['Book the ferry', 'Buy bread']);

    await goToList(page, false, 'Trip');
    await page.getByRole('button', { name: 'List settings' }).click();
    await page
      .getByRole('dialog', { name: 'List settings: Trip' })
      .getByRole('button', { name: 'Archive', exact: true })
      .click();
    // Its own page still shows its todos; quick add gives way to a note with Unarchive.
    await page.getByText('This list is archived').waitFor();
    expect(await page.getByRole('textbox', { name: 'New todo' }).count()).toBe(0);
    await expect
      .poll(async () => (await listTitles(page)).sort())
      .toEqual(['Book the ferry', 'Pack the tent']);
    await (await view('Today')).toEqual(['Buy bread']);
    await (await view('All')).toEqual(['Buy bread']);
    await page.getByRole('searchbox', { name: 'Search todos' }).fill('the');
    await page.getByText('Nothing matches “the”.').waitFor();
    await page.getByRole('searchbox', { name: 'Search todos' }).fill('');
    // The server agrees: without `list` it leaves the archived list's todos out.
    await waitSynced(page);
    const trip = ((await api.get('/api/lists')).body as { items: List[] }).items.find(
      (l) => l.name === 'Trip',
    )!;
    expect(trip.archived).toBe(true);
    expect((await serverTodos(api)).map((t) => t.title)).toEqual(['Buy bread']);

    await nav.getByText('Archived lists (1)').click();
    await nav.getByRole('link', { name: /^Trip/ }).click();
    await page.getByRole('button', { name: 'Unarchive' }).click();
    await page.getByRole('textbox', { name: 'New todo' }).waitFor();
    await (await view('Today')).toEqual(['Book the ferry', 'Buy bread']);
    await (await view('All')).toEqual(['Book the ferry', 'Buy bread', 'Pack the tent']);
    await waitSynced(page);
    expect((await serverTodos(api)).map((t) => t.title).sort()).toEqual([
      'Book the ferry',
      'Buy bread',
      'Pack the tent',
    ]);
    expect(device.problems).toEqual([]);
  });
});
