// 15. Shared lists between two people (issue 13): the invitations inbox (accept, decline, axe light and
// dark); two people on one list: invite and accept in the share dialog and inbox, both edit it offline
// and see the same list once back, a third person sees nothing, the assignee, the owner removes a member.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type ApiClient, signUp as apiSignUp } from '../tests/support/client.ts';
import { axeViolations } from './support/axe.ts';
import {
  apiAs,
  devicesPerTest,
  listTitles,
  newEmail,
  PASSWORD,
  showAll,
  signUp,
  waitSynced,
  type DeviceOptions,
} from './support/browser.ts';

const devices = devicesPerTest();
const { baseUrl } = devices;

async function open(options: DeviceOptions = {}) {
  const device = await devices.open(baseUrl, { width: 1280, height: 900, ...options });
  // The full list, whatever view a device starts on.
  await device.page.goto('/signin');
  await device.page.evaluate(() => {
    localStorage.setItem('todo:view', 'all');
    // The app's own write functions on window, for what has no screen of its own yet.
    localStorage.setItem('todo:debug', '1');
  });
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

async function signUpAs(page: Page, name: string): Promise<string> {
  const email = newEmail();
  await page.goto('/signup');
  await page.getByLabel('Name (optional)').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('textbox', { name: 'New todo' }).waitFor();
  await showAll(page); // the shared todos have no dates: All, not Today, shows them
  return email;
}

/** The header's sharing dialog, then the share dialog of one list. */
async function openShareDialog(page: Page, name: string) {
  await page.getByRole('button', { name: /^Sharing/ }).click();
  const sharing = page.getByRole('dialog', { name: 'Sharing' });
  await sharing.getByRole('button', { name: new RegExp(`^(Share|Members) “${name}”$`) }).click();
  const dialog = page.getByRole('dialog', { name: `Share “${name}”` });
  await dialog.waitFor();
  return dialog;
}

interface Actions {
  mutation(type: string, payload: unknown): unknown;
  commit(...mutations: unknown[]): Promise<void>;
}

/** A mutation through the app's own write path (pwa/src/app/debug.ts): stored, shown, queued; offline too. */
async function write(page: Page, type: string, payload: unknown) {
  await page.evaluate(
    async ({ type, payload }) => {
      const { actions } = (window as unknown as { todoDebug: { actions: Actions } }).todoDebug;
      await actions.commit(actions.mutation(type, payload));
    },
    { type, payload },
  );
}

describe('shared lists', () => {
  it('an invitation waits in the inbox; accepting brings the list, declining drops it (axe light and dark)', async () => {
    const owner = await apiSignUp(baseUrl, { name: 'Ana Owner' });
    const household = await listWithTodos(owner.client, 'Household', ['Buy oat milk', 'Descale the kettle']);
    const garage = await listWithTodos(owner.client, 'Garage', ['Sort the screws']);

    const { page } = await open();
    const email = await signUp(page);
    await showAll(page);
    await waitSynced(page);
    for (const listId of [household, garage])
      expect((await owner.client.post(`/api/lists/${listId}/invitations`, { email })).status).toBe(201);

    // Coming back to the app asks the server again; the badge says how many wait.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const entry = page.getByRole('button', { name: 'Sharing: 2 invitations waiting' });
    await entry.waitFor();
    await entry.click();
    const inbox = page.getByRole('dialog', { name: 'Sharing' });
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
    await page.getByRole('button', { name: 'Sharing', exact: true }).waitFor();

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
    await page.getByRole('button', { name: 'Sharing: 1 invitation waiting' }).click();
    const inbox = page.getByRole('dialog', { name: 'Sharing' });
    await inbox.getByText(/invites you to “Trip”/).waitFor();
    await context.setOffline(true);
    await inbox
      .getByText('You are offline. Invitations and members need a connection', { exact: false })
      .waitFor();
    await expect(inbox.getByRole('button', { name: 'Accept “Trip”' }).isDisabled()).resolves.toBe(true);
    await expectAxeClean(page);
    await context.setOffline(false);
    await expect.poll(() => inbox.getByRole('button', { name: 'Accept “Trip”' }).isEnabled()).toBe(true);
  });
});

/** What a device holds of a list: its todos in manual order, with their state and checklists. */
async function localList(page: Page, listId: string) {
  return page.evaluate((listId) => {
    interface Todo {
      id: string;
      title: string;
      status: string;
      listId: string;
      position: string;
      subtasks: { title: string; done: boolean; position: string }[];
    }
    const w = window as unknown as {
      todoDebug: { services(): { mirror: { getSnapshot(): { todos: Map<string, Todo> } } } };
    };
    const todos = [...w.todoDebug.services().mirror.getSnapshot().todos.values()].filter(
      (t) => t.listId === listId,
    );
    const byKey = (a: { position: string; id?: string }, b: { position: string; id?: string }) =>
      a.position < b.position ? -1 : a.position > b.position ? 1 : (a.id ?? '') < (b.id ?? '') ? -1 : 1;
    return todos.sort(byKey).map((t) => ({
      title: t.title,
      status: t.status,
      subtasks: [...t.subtasks].sort(byKey).map((s) => `${s.done ? '☑' : '☐'} ${s.title}`),
    }));
  }, listId);
}

/** The same, as the server has it for this person. */
async function serverList(api: ApiClient, listId: string) {
  const res = await api.get(`/api/todos?list=${listId}&limit=200`);
  expect(res.status).toBe(200);
  type Item = { id: string; position: string };
  const byKey = (a: Item, b: Item) =>
    a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : 1;
  const items = res.body.items as (Item & {
    title: string;
    status: string;
    subtasks: (Item & { title: string; done: boolean })[];
  })[];
  return items.sort(byKey).map((t) => ({
    title: t.title,
    status: t.status,
    subtasks: [...t.subtasks].sort(byKey).map((s) => `${s.done ? '☑' : '☐'} ${s.title}`),
  }));
}

describe('two people on one list', () => {
  it('shared and accepted, both edit it offline and agree within a second; a third sees nothing; assigned; removed', async () => {
    const ana = await open();
    const ben = await open({ width: 390, height: 844 });
    await signUpAs(ana.page, 'Ana Ortiz');
    const benEmail = await signUpAs(ben.page, 'Ben Okafor');
    const anaApi = await apiAs(ana.context, baseUrl);
    const titles = ['Hoover the hall', 'Take out the bins', 'Water the plants', 'Buy bin bags'];
    const listId = await listWithTodos(anaApi, 'Flat chores', titles);
    const ids = Object.fromEntries(
      ((await anaApi.get(`/api/todos?list=${listId}`)).body.items as { id: string; title: string }[]).map(
        (t) => [t.title, t.id],
      ),
    );

    // Ana shares it from the list's page (its header's Share); Ben accepts in his inbox.
    await ana.page
      .getByRole('navigation', { name: 'Views and lists' })
      .getByRole('link', { name: /^Flat chores/ })
      .click();
    await ana.page.getByRole('heading', { name: 'Flat chores' }).waitFor();
    await ana.page.getByRole('button', { name: 'Share', exact: true }).click();
    const share = ana.page.getByRole('dialog', { name: 'Share “Flat chores”' });
    await share.getByLabel('Email').fill(benEmail);
    await share.getByRole('button', { name: 'Invite' }).click();
    await share.getByText(`Invited ${benEmail}.`, { exact: false }).waitFor();
    await expectAxeClean(ana.page);
    await share.getByRole('button', { name: 'Close' }).click();
    await share.waitFor({ state: 'detached' });
    await ben.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await ben.page.getByRole('button', { name: 'Sharing: 1 invitation waiting' }).click();
    await ben.page.getByRole('button', { name: 'Accept “Flat chores”' }).click();
    await ben.page
      .getByRole('dialog', { name: 'Sharing' })
      .getByRole('button', { name: 'Close' })
      .first()
      .click();
    await expect.poll(async () => (await localList(ben.page, listId)).length, { timeout: 5000 }).toBe(4);
    await ana.page.getByRole('button', { name: 'Shared with 1' }).waitFor(); // Ben is a member now
    await waitSynced(ana.page);
    await waitSynced(ben.page);

    // Both offline: Ana breaks a todo into subtasks; Ben moves one to the top and ticks another.
    await ana.context.setOffline(true);
    await ben.context.setOffline(true);
    for (const [i, title] of ['Under the sofa', 'Behind the door'].entries())
      await write(ana.page, 'subtask.add', {
        todoId: ids['Hoover the hall'],
        subtask: { id: randomUUID(), title, position: `a${i}` },
      });
    await write(ben.page, 'todo.update', { id: ids['Buy bin bags'], fields: { position: 'Zz' } });
    await ben.page.getByRole('checkbox', { name: 'Mark “Take out the bins” as done' }).click();

    // Back online: both show the same list as the server, within a second.
    const expected = [
      { title: 'Buy bin bags', status: 'open', subtasks: [] },
      { title: 'Hoover the hall', status: 'open', subtasks: ['☐ Under the sofa', '☐ Behind the door'] },
      { title: 'Take out the bins', status: 'done', subtasks: [] },
      { title: 'Water the plants', status: 'open', subtasks: [] },
    ];
    const back = performance.now();
    await Promise.all([ana.context.setOffline(false), ben.context.setOffline(false)]);
    await Promise.all(
      [ana.page, ben.page].map((page) =>
        expect.poll(() => localList(page, listId), { timeout: 5000, interval: 25 }).toEqual(expected),
      ),
    );
    const took = performance.now() - back;
    expect(took, `both showed the same list after ${Math.round(took)} ms`).toBeLessThan(1000);
    expect(await serverList(anaApi, listId)).toEqual(expected);
    const benApi = await apiAs(ben.context, baseUrl);
    expect(await serverList(benApi, listId)).toEqual(expected);
    // On screen too (the open todos): the ticked one has gone from both, the others are there.
    for (const page of [ana.page, ben.page]) {
      await page.getByRole('link', { name: /Take out the bins/ }).waitFor({ state: 'detached' });
      for (const title of ['Buy bin bags', 'Hoover the hall', 'Water the plants'])
        await page.getByRole('link', { name: new RegExp(title) }).waitFor();
    }

    // The third person: nothing of the list on screen, and 404 from the API for it and all in it.
    const cy = await open();
    await signUpAs(cy.page, 'Cy Stranger');
    await waitSynced(cy.page);
    await cy.page.getByRole('button', { name: 'Sharing', exact: true }).waitFor();
    for (const title of titles) await expect(cy.page.getByText(title).count()).resolves.toBe(0);
    await expect(cy.page.getByText('Flat chores').count()).resolves.toBe(0);
    const cyApi = await apiAs(cy.context, baseUrl);
    const todoId = ids['Hoover the hall']!;
    const attempts = [
      cyApi.get(`/api/todos/${todoId}`),
      cyApi.patch(`/api/todos/${todoId}`, { title: 'Mine' }),
      cyApi.post(`/api/todos/${todoId}/subtasks`, { title: 'Sneaky' }),
      cyApi.patch(`/api/lists/${listId}`, { name: 'Mine' }),
      cyApi.delete(`/api/lists/${listId}?todos=delete`),
      cyApi.post(`/api/lists/${listId}/invitations`, { email: newEmail() }),
      cyApi.delete(`/api/lists/${listId}/members/${(await anaApi.get('/api/auth/me')).body.user.id}`),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status, res.text).toBe(404);
    expect((await cyApi.get('/api/lists')).body.items.map((l: { name: string }) => l.name)).toEqual([
      'Inbox',
    ]);
    expect((await cyApi.get(`/api/todos?list=${listId}`)).body.items).toEqual([]);
    const pulled = await cyApi.get('/api/sync/pull?cursor=0&limit=5000');
    expect(JSON.stringify(pulled.body)).not.toContain(listId);

    // Ben sees who did what, and who is in the list (only the owner invites or removes).
    await ben.page.goto('/activity');
    await ben.page
      .getByText(/\(by Ana Ortiz\)/)
      .first()
      .waitFor();
    await ben.page.goto('/');
    const members = await openShareDialog(ben.page, 'Flat chores');
    await members.getByText('Ana Ortiz').waitFor();
    await members.getByText('Ben Okafor (you)').waitFor();
    await expect(members.getByLabel('Email').count()).resolves.toBe(0);
    await expect(members.getByRole('button', { name: /^Remove/ }).count()).resolves.toBe(0);
    await expect(members.getByRole('button', { name: 'Leave' }).isEnabled()).resolves.toBe(true);
    await expectAxeClean(ben.page);
    await members.getByRole('button', { name: 'Close' }).click();
    await ben.page.getByRole('dialog', { name: 'Sharing' }).getByRole('button', { name: 'Close' }).click();

    // Ana gives Ben the hoovering in her editor: both rows name him.
    await ana.page.getByRole('link', { name: /Hoover the hall/ }).click();
    const assignee = ana.page.getByLabel('Assignee');
    await expect
      .poll(() => assignee.locator('option').allTextContents())
      .toEqual(['Nobody', 'Ana Ortiz (you)', 'Ben Okafor']);
    await assignee.selectOption({ label: 'Ben Okafor' });
    await expectAxeClean(ana.page);
    for (const page of [ana.page, ben.page])
      await page
        .getByRole('link', { name: /Hoover the hall/ })
        .getByRole('img', { name: 'Assigned to Ben Okafor' })
        .waitFor();
    await expect(ben.page.getByRole('img', { name: /^Assigned to/ }).count()).resolves.toBe(1);
    const benId = (await benApi.get('/api/auth/me')).body.user.id;
    expect((await anaApi.get(`/api/todos/${ids['Hoover the hall']}`)).body.assigneeId).toBe(benId);

    // Ana removes Ben: the list goes from his device, and his assignment with him.
    const shared = await openShareDialog(ana.page, 'Flat chores');
    ana.page.once('dialog', (d) => void d.accept());
    await shared.getByRole('button', { name: 'Remove Ben Okafor' }).click();
    await ana.page.getByText('Removed Ben Okafor from “Flat chores”').waitFor();
    await shared.getByRole('listitem').filter({ hasText: 'Ben Okafor' }).waitFor({ state: 'detached' });
    await shared.getByRole('button', { name: 'Close' }).click();
    await ana.page.getByRole('dialog', { name: 'Sharing' }).getByText('Only you', { exact: true }).waitFor();
    // Ben's device is poked (the list's tombstone is in his log), so it goes without waiting for a timer.
    await expect.poll(async () => (await localList(ben.page, listId)).length, { timeout: 5000 }).toBe(0);
    for (const title of titles)
      await ben.page.getByRole('link', { name: new RegExp(title) }).waitFor({ state: 'detached' });
    await ana.page.getByRole('img', { name: /^Assigned to/ }).waitFor({ state: 'detached' });
    expect((await anaApi.get(`/api/todos/${ids['Hoover the hall']}`)).body.assigneeId).toBeNull();
    await ben.page.getByRole('button', { name: 'Sharing' }).click();
    await ben.page
      .getByRole('dialog', { name: 'Sharing' })
      .getByText('Flat chores')
      .waitFor({ state: 'detached' });
    for (const d of [ana, ben, cy]) expect(d.problems).toEqual([]);
  });
});
