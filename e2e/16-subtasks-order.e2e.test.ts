// 16. Subtasks and manual order (issue 13): a checklist typed by keyboard offline survives a reload and
// reaches the server; completing a recurring todo offline makes the next occurrence's checklist unticked
// with the server's ids (a tick on it offline is kept); a keyboard move in manual order reaches the server
// and a second device, a drag with the mouse (desktop) or a finger (phone) made offline reaches the server
// once back online. Phone and desktop, light and dark (axe).
import type { Todo } from '@todo/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import {
  apiAs,
  devicesPerTest,
  goOffline,
  keyboardMove,
  listTitles,
  queuedChanges,
  serverTodos,
  showAll,
  signIn,
  signUp,
  waitForServiceWorker,
  waitSynced,
} from './support/browser.ts';

const { baseUrl, secondBaseUrl, open } = devicesPerTest();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
interface Point {
  x: number;
  y: number;
}

/** The checklist as the editor shows it: "[x] title" per subtask, in order. */
async function checklist(page: Page): Promise<string[]> {
  return page.$$eval('.subtask-item', (items) =>
    items.map((li) => {
      const done = (li.querySelector('input[type=checkbox]') as HTMLInputElement).checked;
      return `${done ? '[x]' : '[ ]'} ${(li.querySelector('.subtask-title') as HTMLInputElement).value}`;
    }),
  );
}

/** Presses the keys one after another, as a person types them. */
async function press(page: Page, ...keys: string[]): Promise<void> {
  for (const key of keys) await page.keyboard.press(key);
}

const serverChecklist = (todo: Todo) => todo.subtasks.map((s) => `${s.done ? '[x]' : '[ ]'} ${s.title}`);

/** The Inbox's page in manual order: todos are dragged within one list (from the sidebar, a drawer on phones). */
async function showInboxManual(page: Page): Promise<void> {
  const drawer = page.getByRole('button', { name: 'Lists', exact: true });
  if (await drawer.isVisible()) await drawer.click();
  await page
    .getByRole('navigation', { name: 'Views and lists' })
    .getByRole('link', { name: /^Inbox/ })
    .click();
  await page.getByRole('heading', { name: 'Inbox' }).waitFor();
  await page.getByLabel('Sort').selectOption({ label: 'Manual (drag to reorder)' });
}

describe('subtasks', () => {
  it.each([
    { colorScheme: 'light' as const, ...PHONE },
    { colorScheme: 'dark' as const, ...DESKTOP },
  ])(
    'are added by keyboard offline, ticked, kept through a reload and synced; the next occurrence starts unticked ($colorScheme, $width px)',
    async (o) => {
      const { page, context, problems } = await open(baseUrl, o);
      await signUp(page);
      await waitForServiceWorker(page);
      const api = await apiAs(context, baseUrl);
      const made = await api.post('/api/todos', {
        title: 'Weekly review',
        dueAt: '2099-12-01T14:00:00Z',
        recurrence: { type: 'weekly' },
      });
      expect(made.status, made.text).toBe(201);
      const todo = made.body as Todo;
      await showAll(page);
      await page.getByRole('link', { name: /Weekly review/ }).waitFor();
      await waitSynced(page);

      await goOffline(page);
      await page.getByRole('link', { name: /Weekly review/ }).click();
      const editor = page.locator('section.editor');
      const add = editor.getByRole('textbox', { name: 'Add a subtask' });
      await add.focus();
      for (const title of ['Inbox zero', 'Plan the week', 'Water plnts', 'Oops']) {
        await page.keyboard.type(title);
        await page.keyboard.press('Enter');
      }
      // Still in the add field: up to the last title, empty it, Backspace removes it.
      await expect.poll(() => checklist(page)).toHaveLength(4);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
        .toBe('Add a subtask');
      await page.keyboard.press('ArrowUp');
      for (let i = 0; i < 'Oops'.length; i++) await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      // The focus is on "Water plnts" now: fix its title in place, then move it first.
      await expect
        .poll(() => checklist(page))
        .toEqual(['[ ] Inbox zero', '[ ] Plan the week', '[ ] Water plnts']);
      await press(page, 'End', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft');
      await page.keyboard.type('a');
      await press(page, 'Alt+ArrowUp', 'Alt+ArrowUp');
      await expect
        .poll(() => checklist(page))
        .toEqual(['[ ] Water plants', '[ ] Inbox zero', '[ ] Plan the week']);
      await expect
        .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement).value))
        .toBe('Water plants');
      await editor.getByRole('checkbox', { name: 'Done: Inbox zero' }).check();
      expect(await axeViolations(page)).toEqual([]);

      // The row says how far along it is.
      const row = page.locator('.todo-row', { hasText: 'Weekly review' });
      await row.getByText('1 of 3 subtasks done').waitFor({ state: 'attached' });
      await expect(row.locator('.subtask-progress').innerText()).resolves.toContain('1/3');

      // Offline reload: all of it is on the device.
      await page.reload();
      await page.getByRole('textbox', { name: 'Add a subtask' }).waitFor();
      await expect
        .poll(() => checklist(page))
        .toEqual(['[ ] Water plants', '[x] Inbox zero', '[ ] Plan the week']);
      expect((await api.get(`/api/todos/${todo.id}`)).body.subtasks).toEqual([]);

      await context.setOffline(false);
      await waitSynced(page, new Date().toISOString(), 30_000);
      const synced = (await api.get(`/api/todos/${todo.id}`)).body as Todo;
      expect(serverChecklist(synced)).toEqual(['[ ] Water plants', '[x] Inbox zero', '[ ] Plan the week']);

      // Completing it offline: the next occurrence shows at once with the checklist unticked, and a tick
      // on it made offline too reaches the server (the ids are those the server makes).
      await goOffline(page);
      await page.getByRole('button', { name: 'Mark done' }).click();
      await page.getByRole('button', { name: 'Back to the list' }).click();
      const next = page.locator('.todo-row:not(.is-done)', { hasText: 'Weekly review' });
      await next.getByText('0 of 3 subtasks done').waitFor({ state: 'attached' });
      await next.getByRole('link').click();
      await expect
        .poll(() => checklist(page))
        .toEqual(['[ ] Water plants', '[ ] Inbox zero', '[ ] Plan the week']);
      await editor.getByRole('checkbox', { name: 'Done: Plan the week' }).check();
      await context.setOffline(false);
      await waitSynced(page, new Date().toISOString(), 30_000);
      const all = await serverTodos(api);
      expect(all).toHaveLength(2);
      const done = all.find((t) => t.id === todo.id)!;
      const upcoming = all.find((t) => t.id !== todo.id)!;
      expect(done.status).toBe('done');
      expect(serverChecklist(done)).toEqual(['[ ] Water plants', '[x] Inbox zero', '[ ] Plan the week']);
      expect(serverChecklist(upcoming)).toEqual(['[ ] Water plants', '[ ] Inbox zero', '[x] Plan the week']);
      expect(problems).toEqual([]);
    },
  );
});

describe('manual order', () => {
  async function seed(page: Page): Promise<Todo[]> {
    const api = await apiAs(page.context(), baseUrl);
    const todos: Todo[] = [];
    for (const title of ['Alpha', 'Bravo', 'Charlie', 'Delta']) {
      const res = await api.post('/api/todos', { title });
      expect(res.status, res.text).toBe(201);
      todos.push(res.body as Todo);
    }
    return todos;
  }

  async function serverOrder(page: Page): Promise<string[]> {
    const api = await apiAs(page.context(), baseUrl);
    const res = await api.get('/api/todos?sort=position&order=asc&status=open');
    return (res.body.items as Todo[]).map((t) => t.title);
  }

  it('moves a todo by keyboard: the server and the second device get the new order (phone light, desktop dark)', async () => {
    const a = await open(baseUrl, { colorScheme: 'light', ...PHONE });
    const email = await signUp(a.page);
    await seed(a.page);
    await showInboxManual(a.page);
    await expect.poll(() => listTitles(a.page)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    await waitSynced(a.page);
    const b = await open(secondBaseUrl, { colorScheme: 'dark', ...DESKTOP });
    await signIn(b.page, email);
    await showInboxManual(b.page);
    await expect.poll(() => listTitles(b.page)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);

    const handle = a.page.getByRole('button', { name: 'Move “Delta”' });
    await handle.focus();
    await a.page.keyboard.press('Space');
    await a.page.locator('.todo-row.is-dragging').waitFor();
    // One step at a time, each heard before the next, as a person moving it by keyboard does.
    await keyboardMove(a.page, 'ArrowUp', '“Delta” is now at position 3 of 4.');
    await keyboardMove(a.page, 'ArrowUp', '“Delta” is now at position 2 of 4.');
    await a.page.keyboard.press('Space');
    await a.page.getByText('“Delta” dropped at position 2 of 4.').waitFor({ state: 'attached' });
    await expect.poll(() => listTitles(a.page)).toEqual(['Alpha', 'Delta', 'Bravo', 'Charlie']);
    // The focus stays on the moved todo's handle, for the next move.
    await expect
      .poll(() => a.page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Move “Delta”');
    expect(await axeViolations(a.page)).toEqual([]);

    await waitSynced(a.page, new Date().toISOString());
    expect(await serverOrder(a.page)).toEqual(['Alpha', 'Delta', 'Bravo', 'Charlie']);
    await expect
      .poll(() => listTitles(b.page), { timeout: 2000 })
      .toEqual(['Alpha', 'Delta', 'Bravo', 'Charlie']);
    expect(await axeViolations(b.page)).toEqual([]);

    // Escape puts a picked-up todo back, and nothing is sent.
    await b.page.getByRole('button', { name: 'Move “Alpha”' }).focus();
    await b.page.keyboard.press('Enter');
    await b.page.locator('.todo-row.is-dragging').waitFor();
    await keyboardMove(b.page, 'ArrowDown', '“Alpha” is now at position 2 of 4.');
    await b.page.keyboard.press('Escape');
    await b.page
      .getByText('Moving cancelled: “Alpha” stays at position 1 of 4.')
      .waitFor({ state: 'attached' });
    // Nothing written: the outbox is read in a transaction after any write the cancel began.
    expect(await queuedChanges(b.page)).toBe(0);
    expect(await listTitles(b.page)).toEqual(['Alpha', 'Delta', 'Bravo', 'Charlie']);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  /** A finger's drag as Chromium gets it from a touch screen (Playwright's touchscreen only taps). */
  async function touchDrag(page: Page, from: Point, to: Point): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', p?: Point) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
    await touch('touchStart', from);
    for (let i = 1; i <= 12; i++)
      await touch('touchMove', { x: from.x, y: from.y + ((to.y - from.y) * i) / 12 });
    await touch('touchEnd');
    await cdp.detach();
  }

  it.each([
    { pointer: 'mouse' as const, colorScheme: 'light' as const, ...DESKTOP },
    { pointer: 'touch' as const, colorScheme: 'dark' as const, ...PHONE, hasTouch: true },
  ])(
    'moves a todo by dragging its handle ($pointer, $colorScheme, $width px), offline, and syncs it later',
    async ({ pointer, ...o }) => {
      const { page, context, problems } = await open(baseUrl, o);
      await signUp(page);
      await seed(page);
      await showInboxManual(page);
      await expect.poll(() => listTitles(page)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
      await waitSynced(page);
      await goOffline(page);

      const handle = (await page.getByRole('button', { name: 'Move “Alpha”' }).boundingBox())!;
      const row = (await page.locator('.todo-row', { hasText: 'Charlie' }).boundingBox())!;
      const from = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
      const to = { x: from.x, y: row.y + row.height * 0.75 };
      if (pointer === 'touch') await touchDrag(page, from, to);
      else {
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        await page.mouse.move(from.x, from.y + 10, { steps: 4 });
        await page.mouse.move(to.x, to.y, { steps: 12 });
        await page.mouse.up();
      }
      await expect.poll(() => listTitles(page)).toEqual(['Bravo', 'Charlie', 'Alpha', 'Delta']);
      // The outbox's count is its own live query: it shows the move a moment after the list does.
      await expect.poll(() => page.locator('.sync-status').getAttribute('data-pending')).toBe('1');
      expect(await axeViolations(page)).toEqual([]);

      await context.setOffline(false);
      await waitSynced(page, new Date().toISOString(), 30_000);
      expect(await serverOrder(page)).toEqual(['Bravo', 'Charlie', 'Alpha', 'Delta']);
      expect(problems).toEqual([]);
    },
  );
});
