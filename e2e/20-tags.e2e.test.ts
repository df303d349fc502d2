// 20. Tags a person manages (issue 15): from settings and from the editor's tag field, a tag is
// recoloured from the palette, renamed (unique names, as the server has it) and deleted after saying
// how many todos carry it; all of it offline, reaching the server once back. Search finds a todo by its
// tag's name. Phone and desktop, light and dark (axe on the list and the dialog).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { apiAs, devicePerTest, listTitles, showAll, signUp, waitSynced } from './support/browser.ts';
import type { ApiClient } from '../tests/support/client.ts';

const { baseUrl, open } = devicePerTest();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function seed(api: ApiClient) {
  // #2563eb: a colour of the old palette (the priority Medium's blue); it shows as the nearest tag colour.
  const plumbing = (await api.post('/api/tags', { name: 'plumbing', color: '#2563eb' })).body.id as string;
  const garden = (await api.post('/api/tags', { name: 'garden' })).body.id as string;
  await api.post('/api/todos', { title: 'Fix the sink', tagIds: [plumbing] });
  await api.post('/api/todos', { title: 'Bleed the radiators', tagIds: [plumbing] });
  await api.post('/api/todos', { title: 'Mow the lawn', tagIds: [garden] });
  await api.post('/api/todos', { title: 'Call mum' });
  return { plumbing, garden };
}

const serverTags = async (api: ApiClient) =>
  ((await api.get('/api/tags')).body.items as { name: string; color: string }[])
    .map(({ name, color }) => ({ name, color }))
    .sort((a, b) => a.name.localeCompare(b.name));

async function todoTags(api: ApiClient, title: string): Promise<string[]> {
  const res = await api.get(`/api/todos/search?q=${encodeURIComponent(title)}`);
  const todo = (res.body.items as { title: string; tags: { name: string }[] }[]).find(
    (t) => t.title === title,
  );
  return todo!.tags.map((t) => t.name);
}

async function openSettings(page: Page) {
  await page.goto('/settings');
  await page.getByRole('heading', { name: 'Tags' }).waitFor();
}

describe('tags a person manages', () => {
  it.each([
    ['phone', 'light', PHONE],
    ['desktop', 'dark', DESKTOP],
  ] as const)(
    'from settings: recolour, rename and delete offline, then the server has it (%s, %s)',
    async (_, colorScheme, size) => {
      const { page, context, problems } = await open({ ...size, colorScheme });
      await signUp(page);
      const api = await apiAs(context, baseUrl);
      await seed(api);
      await openSettings(page);
      const section = page.locator('section.tags-settings');
      // The seeded todos reach the device by its pull; then the count is polled from here:
      // locator.waitFor() started as the section first rendered missed it for 30 s in CI (desktop),
      // although it showed 40 ms later when polled (unexplained, see the closing note).
      await waitSynced(page);
      await expect.poll(() => section.getByText('On 2 todos').isVisible(), { timeout: 30_000 }).toBe(true);
      await expect
        .poll(() => section.locator('.chip-name').allTextContents())
        .toEqual(['garden', 'plumbing']);
      expect(await axeViolations(page)).toEqual([]);

      await context.setOffline(true);
      await section.getByRole('button', { name: 'Edit tag plumbing' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit tag' });
      await dialog.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // Names are unique per person, whatever the case.
      await dialog.getByLabel('Name').fill('Garden');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByText('Tag “garden” already exists.').waitFor();
      expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
      await dialog.getByLabel('Name').fill('Pipes');
      await dialog.getByRole('radio', { name: 'Purple' }).check();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await section.getByRole('button', { name: 'Edit tag Pipes' }).waitFor();
      expect(await section.locator('.chip', { hasText: 'Pipes' }).getAttribute('class')).toContain('tag-c4');

      // Deleting says how many todos carry the tag, and asks first.
      await section.getByRole('button', { name: 'Edit tag garden' }).click();
      await dialog.getByRole('button', { name: 'Delete…' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete “garden”?' });
      await confirm.getByText('It is on 1 todo. Deleting it takes it off them; the todos stay.').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await confirm.getByRole('button', { name: 'Keep it' }).click();
      await dialog.getByRole('button', { name: 'Delete…' }).click();
      await confirm.getByRole('button', { name: 'Delete tag' }).click();
      await confirm.waitFor({ state: 'detached' });
      // The dialog closes once the delete is stored; the list shows it on its next render, a moment later.
      await expect.poll(() => section.locator('.chip-name').allTextContents()).toEqual(['Pipes']);

      await context.setOffline(false);
      await waitSynced(page);
      expect(await serverTags(api)).toEqual([{ name: 'Pipes', color: '#a21caf' }]);
      expect(await todoTags(api, 'Mow the lawn')).toEqual([]);
      expect(await todoTags(api, 'Fix the sink')).toEqual(['Pipes']);
      expect(problems).toEqual([]);
    },
  );

  it.each([
    ['phone', 'dark', PHONE],
    ['desktop', 'light', DESKTOP],
  ] as const)(
    'from the editor’s tag field, a tag is renamed and recoloured (%s, %s)',
    async (_, colorScheme, size) => {
      const { page, context } = await open({ ...size, colorScheme });
      await signUp(page);
      const api = await apiAs(context, baseUrl);
      await seed(api);
      await showAll(page);
      await page.getByRole('link', { name: /Fix the sink/ }).click();
      const editor = page.locator('section.editor');
      await editor.getByRole('button', { name: 'Edit tag plumbing' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit tag' });
      await dialog.getByText('On 2 todos.').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByLabel('Name').fill('Plumbing jobs');
      await dialog.getByRole('radio', { name: 'Teal' }).check();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await editor.getByRole('button', { name: 'Edit tag Plumbing jobs' }).waitFor();
      await waitSynced(page);
      expect(await serverTags(api)).toEqual([
        { name: 'garden', color: expect.stringMatching(/^#/) as unknown as string },
        { name: 'Plumbing jobs', color: '#0f766e' },
      ]);
      // Deleting from the editor takes the tag off this todo's chips at once, and off every todo.
      await editor.getByRole('button', { name: 'Edit tag Plumbing jobs' }).click();
      await dialog.getByRole('button', { name: 'Delete…' }).click();
      await page
        .getByRole('dialog', { name: 'Delete “Plumbing jobs”?' })
        .getByText('It is on 2 todos.')
        .waitFor();
      await page.getByRole('button', { name: 'Delete tag' }).click();
      await expect.poll(() => editor.locator('ul.chips .chip').count()).toBe(0);
      await waitSynced(page);
      expect((await serverTags(api)).map((t) => t.name)).toEqual(['garden']);
      expect(await todoTags(api, 'Fix the sink')).toEqual([]);
    },
  );

  it('search finds a todo by its tag’s name, offline too (desktop)', async () => {
    const { page, context } = await open(DESKTOP);
    await signUp(page);
    await seed(await apiAs(context, baseUrl));
    await showAll(page);
    await page.getByRole('link', { name: /Mow the lawn/ }).waitFor();
    await page.locator('.todo-row .chip', { hasText: 'plumbing' }).first().waitFor();
    await context.setOffline(true);
    await page.getByLabel('Search todos').fill('plumb');
    await expect
      .poll(() => listTitles(page).then((t) => t.sort()))
      .toEqual(['Bleed the radiators', 'Fix the sink']);
    await page.getByLabel('Search todos').fill('fix plumb');
    await expect.poll(() => listTitles(page)).toEqual(['Fix the sink']);
    await context.setOffline(false);
  });
});
