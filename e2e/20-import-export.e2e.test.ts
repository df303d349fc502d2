// 20. Settings' Import & export (issue 13, portability): one person downloads their export, another
// imports that file and a Todoist CSV file and reads what came in; the calendar feed URL is shown,
// copied, serves a calendar and stops working when revoked. Axe clean, light and dark.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { apiAs, devicePerTest, openDevice, serverTodos, signUp } from './support/browser.ts';

const { baseUrl, open } = devicePerTest();

/** Imports the file the chooser holds and waits for the answer: a status, or an alert when refused. */
async function importAndSee(page: Page, role: 'status' | 'alert', text: string): Promise<void> {
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole(role).filter({ hasText: text }).waitFor();
}

const TODOIST = [
  'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE',
  'task,Buy bread @errand,,4,1,Ada,,2030-05-01,en,America/New_York',
  'task,Sourdough,,1,2,Ada,,,,',
  '',
].join('\r\n');

describe('import and export in settings', () => {
  it.each(['light', 'dark'] as const)('the section is accessible (%s)', async (colorScheme) => {
    const { page, problems } = await open({ colorScheme, width: colorScheme === 'dark' ? 1280 : 390 });
    await signUp(page);
    await page.goto('/settings');
    await page.getByRole('group', { name: 'Import & export' }).waitFor();
    await page.getByRole('button', { name: 'Show feed URL' }).click();
    await page.getByLabel('Calendar feed URL').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('an export downloaded by one person imports into another account, and a Todoist file too', async () => {
    const { page, context } = await open({ width: 1280, height: 800 });
    await signUp(page);
    const api = await apiAs(context, baseUrl);
    const list = (await api.post('/api/lists', { name: 'Garden' })).body;
    await api.post('/api/todos', {
      title: 'Prune the roses',
      listId: list.id,
      subtasks: [{ title: 'Find the shears' }],
    });
    await api.post('/api/todos', { title: 'Mow the lawn', priority: 'high' });
    await page.goto('/settings');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download export' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^todos-\d{4}-\d{2}-\d{2}\.json$/);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(file).todos).toHaveLength(2);
    await page.getByRole('status').filter({ hasText: 'Exported 2 todos and 2 lists.' }).waitFor();

    const other = await openDevice(baseUrl, { width: 1280, height: 800 });
    try {
      await signUp(other.page);
      await other.page.goto('/settings');
      const chooser = other.page.getByLabel('Import a file');
      await chooser.setInputFiles({
        name: 'todos.json',
        mimeType: 'application/json',
        buffer: Buffer.from(file),
      });
      await importAndSee(other.page, 'status', 'Imported 2 todos, 1 list and 0 tags.');
      await chooser.setInputFiles({
        name: 'Shopping.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(TODOIST),
      });
      await importAndSee(other.page, 'status', 'Imported 1 todo, 1 list and 1 tag.');
      // The same file again adds nothing.
      await importAndSee(other.page, 'status', 'Nothing new: everything in this file is already here.');
      const otherApi = await apiAs(other.context, baseUrl);
      const todos = await serverTodos(otherApi);
      expect(todos.map((t) => t.title).sort()).toEqual(['Buy bread', 'Mow the lawn', 'Prune the roses']);
      expect(todos.find((t) => t.title === 'Buy bread')).toMatchObject({ priority: 'urgent', allDay: true });
      const lists = (await otherApi.get('/api/lists')).body.items.map((l: { name: string }) => l.name);
      expect(lists.sort()).toEqual(['Garden', 'Inbox', 'Shopping']);
      // A file that is neither is refused with a sentence, and nothing is written.
      await chooser.setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('hello'),
      });
      await importAndSee(other.page, 'alert', 'neither an export of this app nor a CSV file');
      expect(await serverTodos(otherApi)).toHaveLength(3);
    } finally {
      await other.close();
    }
  });

  it('shows the calendar feed URL, copies it, and revokes it', async () => {
    const { page, context } = await open({ width: 1280, height: 800 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await signUp(page);
    const api = await apiAs(context, baseUrl);
    await api.post('/api/todos', { title: 'Dentist', dueAt: '2030-06-03T13:30:00Z' });
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Show feed URL' }).click();
    const field = page.getByLabel('Calendar feed URL');
    const url = await field.inputValue();
    expect(url).toMatch(/\/api\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('status').filter({ hasText: 'Feed URL copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    // No cookie: the URL alone is the credential.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('SUMMARY:Dentist');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'The feed URL no longer works.' }).waitFor();
    expect((await fetch(url)).status).toBe(404);
    await page.getByRole('button', { name: 'Show feed URL' }).click();
    expect(await page.getByLabel('Calendar feed URL').inputValue()).not.toBe(url);
  });
});
