// 4. Both devices edit the same todo offline (different fields, and the same field) and complete the same
// recurring todo; back online, both end with the same state by the conflict rule (per field, the last
// write to reach the server wins) and nothing is duplicated.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  apiAs,
  listTitles,
  openDevice,
  quickAdd,
  serverTodos,
  signIn,
  signUp,
  waitSynced,
  type Device,
  showAll,
} from './support/browser.ts';

const baseUrl = inject('baseUrl');
const devices: Device[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
});

async function edit(
  page: Page,
  title: RegExp,
  change: (editor: ReturnType<Page['locator']>) => Promise<void>,
) {
  await page.getByRole('link', { name: title }).click();
  const editor = page.locator('section.editor');
  await change(editor);
  await editor.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

describe('conflicting offline edits on two devices', () => {
  it('converge on both devices by the per-field rule, with one next occurrence of a recurring todo', async () => {
    const a = await openDevice(baseUrl);
    const b = await openDevice(baseUrl);
    devices.push(a, b);
    const email = await signUp(a.page);
    await showAll(a.page);
    await signIn(b.page, email);
    await showAll(b.page);

    await quickAdd(a.page, 'Shared todo !low');
    await a.page.getByRole('button', { name: 'More options' }).click();
    const editor = a.page.locator('section.editor');
    await editor.getByLabel('Title').fill('Water plants');
    await editor.getByLabel('Date', { exact: true }).fill('2030-06-03');
    await editor.getByLabel('Time', { exact: true }).fill('08:00');
    await editor.getByLabel('Repeats').selectOption('daily');
    await editor.getByRole('button', { name: 'Add todo' }).click();
    await waitSynced(a.page);
    await expect.poll(() => listTitles(b.page)).toEqual(['Water plants', 'Shared todo']);
    await waitSynced(b.page);

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await edit(a.page, /Shared todo/, async (e) => {
      await e.getByLabel('Title').fill('Title from A');
      await e.locator('label.segment', { hasText: 'High' }).click();
    });
    await edit(b.page, /Shared todo/, async (e) => {
      await e.getByLabel('Title').fill('Title from B');
      await e.getByLabel('Description').fill('Notes from B');
    });
    for (const d of [a, b])
      await d.page.getByRole('checkbox', { name: 'Mark “Water plants” as done' }).click();
    // A made the series here, so it shows the next occurrence at once, offline.
    await a.page.locator('.todo-row', { hasText: 'Water plants' }).filter({ hasText: 'Jun 4' }).waitFor();
    await expect.poll(() => listTitles(a.page)).toEqual(['Water plants', 'Title from A']);

    // A reaches the server first, then B: for the title, B's write is the last.
    await a.context.setOffline(false);
    await waitSynced(a.page);
    const afterA = new Date().toISOString();
    await b.context.setOffline(false);
    await waitSynced(b.page);
    await waitSynced(a.page, afterA);

    const api = await apiAs(a.context, baseUrl);
    const todos = await serverTodos(api);
    expect(todos.map((t) => [t.title, t.status]).sort()).toEqual([
      ['Title from B', 'open'],
      ['Water plants', 'done'],
      ['Water plants', 'open'],
    ]);
    const shared = todos.find((t) => t.title === 'Title from B');
    expect(shared).toMatchObject({ priority: 'high', description: 'Notes from B' });
    const next = todos.find((t) => t.title === 'Water plants' && t.status === 'open')!;
    expect(next.dueAt).toBe('2030-06-04T12:00:00.000Z'); // 08:00 in New York

    const expected = ['Water plants', 'Title from B'];
    await expect.poll(() => listTitles(a.page)).toEqual(expected);
    await expect.poll(() => listTitles(b.page)).toEqual(expected);
    for (const d of [a, b]) {
      await d.page.getByRole('link', { name: /Title from B/ }).click();
      const e = d.page.locator('section.editor');
      await expect(e.getByLabel('Description').inputValue()).resolves.toBe('Notes from B');
      await expect(e.locator('label.segment.is-checked').textContent()).resolves.toContain('High');
      await e.getByRole('button', { name: 'Cancel' }).click();
    }
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
