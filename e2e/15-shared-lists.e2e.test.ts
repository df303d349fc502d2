// 15. Shared lists between two people (issue 13): the invitations inbox (accept, decline, axe light and
// dark), the share dialog (members, invite, remove, leave; axe), and two people editing one list
// offline who both see the same list once back, while a third person sees nothing of it.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type ApiClient, signUp as apiSignUp } from '../tests/support/client.ts';
import { axeViolations } from './support/axe.ts';
import { apiAs, listTitles, openDevice, signUp, waitSynced, type Device } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const devices: Device[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
});

async function open(options: Parameters<typeof openDevice>[1] = {}) {
  const device = await openDevice(baseUrl, { width: 1280, height: 900, ...options });
  devices.push(device);
  // The full list, whatever view a device starts on.
  await device.page.goto('/signin');
  await device.page.evaluate(() => localStorage.setItem('todo:view', 'all'));
  return device;
}

/** A list with todos, made by someone through the API. */
async function listWithTodos(owner: ApiClient, name: string, titles: string[]): Promise<string> {
  const list = await owner.post('/api/lists', { name });
  expect(list.status).toBe(201);
  for (const title of titles) {
    const res = await owner.post('/api/todos', { title, listId: list.body.id });
    expect(res.status).toBe(201);
  }
  return list.body.id as string;
}

async function expectAxeClean(page: Page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), colorScheme).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('shared lists', () => {
  it('an invitation waits in the inbox; accepting brings the list, declining drops it (axe light and dark)', async () => {
    const owner = await apiSignUp(baseUrl, { name: 'Ana Owner' });
    const household = await listWithTodos(owner.client, 'Household', ['Buy oat milk', 'Descale the kettle']);
    const garage = await listWithTodos(owner.client, 'Garage', ['Sort the screws']);

    const { page } = await open();
    const email = await signUp(page);
    await waitSynced(page);
    for (const listId of [household, garage])
      expect((await owner.client.post(`/api/lists/${listId}/invitations`, { email })).status).toBe(201);

    // Coming back to the app asks the server again; the badge says how many wait.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const entry = page.getByRole('button', { name: 'Invitations: 2 waiting' });
    await entry.waitFor();
    await entry.click();
    const inbox = page.getByRole('dialog', { name: 'Invitations' });
    await inbox.getByText(/Ana Owner invites you to “Household” as editor/).waitFor();
    await inbox.getByText(/invites you to “Garage”/).waitFor();
    await expectAxeClean(page);

    await inbox.getByRole('button', { name: 'Decline “Garage”' }).click();
    await inbox.getByText(/“Garage”/).waitFor({ state: 'detached' });
    await inbox.getByRole('button', { name: 'Accept “Household”' }).click();
    await page.getByText('You joined “Household”.', { exact: false }).waitFor();
    await inbox.getByText('No invitations.', { exact: false }).waitFor();
    await inbox.getByRole('button', { name: 'Close' }).click();
    await expect(inbox.isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Invitations', exact: true }).waitFor();

    // The list's todos arrive by sync; the declined one's never do.
    await page.getByRole('link', { name: /Descale the kettle/ }).waitFor({ timeout: 5000 });
    expect((await listTitles(page)).sort()).toEqual(['Buy oat milk', 'Descale the kettle']);
    const api = await apiAs(page.context(), baseUrl);
    const lists = (await api.get('/api/lists')).body.items as { id: string; name: string }[];
    expect(lists.map((l) => l.name).sort()).toEqual(['Household', 'Inbox']);
    expect((await api.patch(`/api/lists/${garage}`, { name: 'Mine now' })).status).toBe(404);
    expect((await api.get(`/api/todos?list=${garage}`)).body.items).toEqual([]);
    expect((await api.get('/api/invitations')).body.items).toEqual([]);
  });

  it('offline, the inbox says invitations need a connection', async () => {
    const owner = await apiSignUp(baseUrl);
    const listId = await listWithTodos(owner.client, 'Trip', []);
    const { page, context } = await open({ width: 390, height: 844 });
    const email = await signUp(page);
    expect((await owner.client.post(`/api/lists/${listId}/invitations`, { email })).status).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: 'Invitations: 1 waiting' }).click();
    const inbox = page.getByRole('dialog', { name: 'Invitations' });
    await inbox.getByText(/invites you to “Trip”/).waitFor();
    await context.setOffline(true);
    await inbox.getByText('You are offline. Invitations need a connection', { exact: false }).waitFor();
    await expect(inbox.getByRole('button', { name: 'Accept “Trip”' }).isDisabled()).resolves.toBe(true);
    await expectAxeClean(page);
    await context.setOffline(false);
    await expect.poll(() => inbox.getByRole('button', { name: 'Accept “Trip”' }).isEnabled()).toBe(true);
  });
});
