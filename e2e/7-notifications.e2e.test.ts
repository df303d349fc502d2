// 7. Reminders as notifications: the service worker shows a pushed reminder, and its Done and Snooze
// buttons write through the local outbox, so the page shows the change at once and the server gets it
// (right away online, after reconnecting offline, by the worker itself with the app closed); a tap on
// the body opens the todo. The settings screen saves what the server answers back; turning push on asks
// for permission and the server's key, and with a stand-in PushManager (headless Chromium reaches no push
// service) posts, re-posts, replaces and deletes the subscription. Axe on settings, activity and history.
import type { ReminderPushPayload, Todo } from '@todo/contracts';
import type { Page, Request } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ApiClient } from '../tests/support/client.ts';
import { axeViolations } from './support/axe.ts';
import {
  apiAs,
  listTitles,
  openDevice,
  signUp,
  waitForServiceWorker,
  waitSynced,
  type Device,
  type DeviceOptions,
  showAll,
} from './support/browser.ts';
import {
  bindFakeToOldKey,
  fakeEndpoint,
  fakePushManager,
  notifyingWorker,
  push,
  shownCount,
  tap,
} from './support/notifications.ts';

const baseUrl = inject('baseUrl');
let device: Device | undefined;
afterEach(async () => {
  await device?.close();
  device = undefined;
});

const DESKTOP: DeviceOptions = { width: 1280, height: 900 };
const MINUTE = 60_000;

async function start(options: DeviceOptions = DESKTOP) {
  device = await openDevice(baseUrl, options);
  const { page, context } = device;
  await signUp(page);
  await showAll(page);
  await waitForServiceWorker(page);
  const sw = await notifyingWorker(context, baseUrl);
  const api = await apiAs(context, baseUrl);
  return { page, context, sw, api };
}

/** A todo made elsewhere (through the API), once this device shows it. */
async function todoWithReminders(api: ApiClient, page: Page, title: string, remindInMs: number[]) {
  const res = await api.post('/api/todos', {
    title,
    dueAt: new Date(Date.now() + 2 * 60 * MINUTE).toISOString(),
    timeZone: 'America/New_York',
    reminders: remindInMs.map((ms) => ({ remindAt: new Date(Date.now() + ms).toISOString() })),
  });
  expect(res.status, res.text).toBe(201);
  await page.getByRole('link', { name: new RegExp(title) }).waitFor();
  return res.body as Todo;
}

function payloadOf(todo: Todo, reminderId = todo.reminders[0]!.id): ReminderPushPayload {
  return {
    type: 'reminder',
    todoId: todo.id,
    reminderId,
    title: todo.title,
    body: 'Due Tue, Mar 10, 9:00 AM EDT',
    dueAt: todo.dueAt,
    allDay: todo.allDay,
    remindAt: todo.reminders.find((r) => r.id === reminderId)!.remindAt,
  };
}

const serverTodo = async (api: ApiClient, id: string) => (await api.get<Todo>(`/api/todos/${id}`)).body;

describe('the Done button of a reminder notification', () => {
  it('completes the todo here at once (no reload) and on the server', async () => {
    const { page, sw, api } = await start();
    const todo = await todoWithReminders(api, page, 'Call the dentist', [60 * MINUTE]);
    await page.getByRole('link', { name: /Call the dentist/ }).click();
    const editor = page.locator('section.editor');
    await editor.getByRole('button', { name: 'Mark done' }).waitFor();

    const shown = await push(sw, payloadOf(todo));
    expect(shown).toEqual({
      title: 'Call the dentist',
      body: 'Due Tue, Mar 10, 9:00 AM EDT',
      tag: todo.reminders[0]!.id,
      data: { todoId: todo.id, reminderId: todo.reminders[0]!.id },
      actions: [
        { action: 'done', title: 'Done' },
        { action: 'snooze', title: 'Snooze 10 min' },
      ],
      requireInteraction: true,
    });
    // The same reminder again (snoozed, say) replaces its notification.
    await push(sw, { ...payloadOf(todo), body: 'Due Tue, Mar 10, 9:10 AM EDT' });
    expect(await shownCount(sw, todo.reminders[0]!.id)).toBe(1);

    await tap(sw, todo.reminders[0]!.id, 'done');
    await editor.getByRole('button', { name: 'Reopen' }).waitFor();
    await expect.poll(() => listTitles(page)).not.toContain('Call the dentist');
    await expect.poll(() => shownCount(sw, todo.reminders[0]!.id)).toBe(0);
    await expect.poll(async () => (await serverTodo(api, todo.id)).status, { timeout: 10_000 }).toBe('done');
    await waitSynced(page);
    expect(device!.problems).toEqual([]);
  });

  it('works offline: done here at once, on the server once the connection returns', async () => {
    const { page, context, sw, api } = await start();
    const todo = await todoWithReminders(api, page, 'Renew the passport', [60 * MINUTE]);
    await waitSynced(page);
    await page.getByRole('link', { name: /Renew the passport/ }).click();
    const editor = page.locator('section.editor');
    await editor.getByRole('button', { name: 'Mark done' }).waitFor();

    await context.setOffline(true);
    await page.locator('.sync-status[data-state="offline"]').waitFor();
    await push(sw, payloadOf(todo));
    await tap(sw, todo.reminders[0]!.id, 'done');
    await editor.getByRole('button', { name: 'Reopen' }).waitFor();
    await page.locator('.sync-status[data-pending="1"]').waitFor();
    await page.waitForTimeout(1000);
    expect((await serverTodo(api, todo.id)).status).toBe('open');

    await context.setOffline(false);
    await expect.poll(async () => (await serverTodo(api, todo.id)).status, { timeout: 15_000 }).toBe('done');
    await waitSynced(page);
    await editor.getByRole('button', { name: 'Reopen' }).waitFor();
    expect(device!.problems).toEqual([]);
  });

  it('with the app closed, the service worker sends it to the server itself', async () => {
    const { page, sw, api } = await start();
    const todo = await todoWithReminders(api, page, 'Take out the bins', [60 * MINUTE]);
    await waitSynced(page);
    await page.close();
    await push(sw, payloadOf(todo));
    await tap(sw, todo.reminders[0]!.id, 'done');
    await expect.poll(async () => (await serverTodo(api, todo.id)).status, { timeout: 10_000 }).toBe('done');
  });
});

describe('the Snooze button of a reminder notification', () => {
  it('moves the reminder 10 minutes ahead on the server; the editor snoozes one for an hour', async () => {
    const { page, sw, api } = await start();
    const todo = await todoWithReminders(api, page, 'Water the plants', [1000, 1500]);
    // The clock fires both within a few seconds, and this device hears of it.
    await expect
      .poll(async () => (await serverTodo(api, todo.id)).reminders.every((r) => r.sentAt !== null), {
        timeout: 15_000,
      })
      .toBe(true);
    await page.getByRole('link', { name: /Water the plants/ }).click();
    const editor = page.locator('section.editor');
    await expect.poll(() => editor.getByRole('button', { name: 'Snooze 10 min' }).count()).toBe(2);

    const [first, second] = todo.reminders;
    await push(sw, payloadOf(todo, first!.id));
    const tapped = Date.now();
    await tap(sw, first!.id, 'snooze');
    // Here at once: only the other one still offers a snooze.
    await expect.poll(() => editor.getByRole('button', { name: 'Snooze 10 min' }).count()).toBe(1);
    await expect
      .poll(
        async () => {
          const r = (await serverTodo(api, todo.id)).reminders.find((x) => x.id === first!.id)!;
          return r.sentAt === null && Math.abs(Date.parse(r.remindAt) - (tapped + 10 * MINUTE)) < MINUTE;
        },
        { timeout: 10_000 },
      )
      .toBe(true);

    const clicked = Date.now();
    await editor.getByRole('button', { name: 'Snooze 1 h' }).click();
    await expect.poll(() => editor.getByRole('button', { name: /^Snooze/ }).count()).toBe(0);
    await expect
      .poll(
        async () => {
          const r = (await serverTodo(api, todo.id)).reminders.find((x) => x.id === second!.id)!;
          return r.sentAt === null && Math.abs(Date.parse(r.remindAt) - (clicked + 60 * MINUTE)) < MINUTE;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await waitSynced(page);
    expect(device!.problems).toEqual([]);
  });
});

describe('a tap on the body of a reminder notification', () => {
  it('shows the todo in the open window', async () => {
    const { page, sw, api } = await start();
    const todo = await todoWithReminders(api, page, 'Book the flights', [60 * MINUTE]);
    await push(sw, payloadOf(todo));
    await tap(sw, todo.reminders[0]!.id, '');
    await page.waitForURL(`${baseUrl}/todos/${todo.id}`);
    await expect(page.locator('section.editor').getByLabel('Title').inputValue()).resolves.toBe(
      'Book the flights',
    );
    expect((await serverTodo(api, todo.id)).status).toBe('open');
  });
});

/** The worker writes the history from the event bus, a moment after the change. */
async function historyHas(api: ApiClient, query: string, count: number) {
  await expect
    .poll(async () => (await api.get(`/api/activity?${query}limit=200`)).body.items.length, {
      timeout: 10_000,
    })
    .toBeGreaterThanOrEqual(count);
}

async function openSettings(page: Page) {
  await page.locator('.account summary').click();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.getByRole('switch', { name: 'Email reminders' }).waitFor();
}

describe('the settings screen', () => {
  it('saves the toggles, default time, name and zone as the server answers them; offline it only shows them', async () => {
    device = await openDevice(baseUrl);
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    await waitForServiceWorker(page);
    const api = await apiAs(context, baseUrl);
    await openSettings(page);
    const email = page.getByRole('switch', { name: 'Email reminders' });
    expect(await email.isChecked()).toBe(false);
    await expect(page.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);

    await email.check();
    await page.getByLabel('Default reminder time').fill('07:30');
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Time zone').selectOption('Europe/Lisbon');
    const patch = page.waitForResponse(
      (r) => r.url().endsWith('/api/settings') && r.request().method() === 'PATCH',
    );
    await page.getByRole('button', { name: 'Save' }).click();
    const answer = await patch;
    expect(answer.status()).toBe(200);
    const expected = {
      emailReminders: true,
      defaultReminderTime: '07:30',
      name: 'Ada Lovelace',
      timeZone: 'Europe/Lisbon',
    };
    expect(answer.request().postDataJSON()).toEqual(expected);
    expect(await answer.json()).toMatchObject(expected);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await api.get('/api/settings')).body).toMatchObject(expected);
    // The account follows at once.
    await expect
      .poll(() => page.locator('.account summary').getAttribute('aria-label'))
      .toBe('Account: Ada Lovelace');

    await page.reload();
    await page.getByRole('switch', { name: 'Email reminders' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Email reminders' }).isChecked()).toBe(true);
    await expect(page.getByLabel('Default reminder time').inputValue()).resolves.toBe('07:30');
    await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe('Europe/Lisbon');

    // Offline: the last values, read-only, and saving is off.
    await context.setOffline(true);
    await page.getByText('You are offline. Settings are kept on the server').waitFor();
    expect(await page.getByRole('switch', { name: 'Email reminders' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Ada Lovelace');
    // The default time is what a new reminder at a date and time starts at.
    await page.goto('/todos/new');
    await expect
      .poll(() => page.locator('section.editor').getByLabel('Reminder time').inputValue())
      .toBe('07:30');
    await context.setOffline(false);
    expect(device.problems).toEqual([]);
  });

  it('asks for permission and the server’s key when push is turned on; with no push service it says so', async () => {
    const { page } = await start({ width: 390, height: 844 });
    const requests: string[] = [];
    const log = (r: Request) => {
      if (r.url().includes('/api/push/')) requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
    };
    page.on('request', log);
    await openSettings(page);
    const pushSwitch = page.getByRole('switch', { name: 'Push notifications' });
    await expect.poll(() => pushSwitch.isEnabled()).toBe(true);
    expect(await pushSwitch.isChecked()).toBe(false);
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    await pushSwitch.check();
    const key = page.waitForRequest('**/api/push/vapid-public-key');
    await page.getByRole('button', { name: 'Save' }).click();
    await key;
    await page
      .getByRole('alert')
      .filter({
        hasText: 'Push reminders could not be turned on: the browser’s push service could not be reached',
      })
      .waitFor({ timeout: 30_000 });
    expect(await pushSwitch.isChecked()).toBe(false);
    expect(requests).toEqual(['GET /api/push/vapid-public-key']);
  });

  it('without permission, push stays off and says why', async () => {
    device = await openDevice(baseUrl);
    const { page } = device;
    await signUp(page);
    await showAll(page);
    await waitForServiceWorker(page);
    await openSettings(page);
    const pushSwitch = page.getByRole('switch', { name: 'Push notifications' });
    await expect.poll(() => pushSwitch.isEnabled()).toBe(true);
    await pushSwitch.click();
    await page
      .getByRole('alert')
      .filter({ hasText: /push reminders (stay off|cannot be turned on)/ })
      .waitFor();
    expect(await pushSwitch.isChecked()).toBe(false);
  });

  it('subscribes, re-posts on start, subscribes again for a new server key, and unsubscribes (stand-in push service)', async () => {
    device = await openDevice(baseUrl, DESKTOP);
    const { page, context } = device;
    await fakePushManager(page);
    await signUp(page);
    await showAll(page);
    await waitForServiceWorker(page);
    await context.grantPermissions(['notifications'], { origin: baseUrl });
    const api = await apiAs(context, baseUrl);
    const calls: { method: string; path: string; body: unknown; status: number }[] = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/api/push/subscriptions' || (path === '/api/settings' && r.request().method() !== 'GET'))
        calls.push({
          method: r.request().method(),
          path,
          body: r.request().postDataJSON(),
          status: r.status(),
        });
    });
    const take = () =>
      calls.splice(0).map(({ method, path, body, status }) => ({ method, path, body, status }));

    await openSettings(page);
    const pushSwitch = page.getByRole('switch', { name: 'Push notifications' });
    await expect.poll(() => pushSwitch.isEnabled()).toBe(true);
    await page.getByText('Not set up on this device.').waitFor();
    await pushSwitch.check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Reminders arrive as notifications on this device.').waitFor();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const first = await fakeEndpoint(page);
    expect(first).toMatch(/^https:\/\/push\.example\.test\/e2e\//);
    // The server had push on already: only the subscription was sent.
    expect(take()).toEqual([
      {
        method: 'POST',
        path: '/api/push/subscriptions',
        body: expect.objectContaining({ endpoint: first }),
        status: 201,
      },
    ]);
    expect((await api.get('/api/settings')).body.pushReminders).toBe(true);

    // On start the app tells the server again.
    const reposted = page.waitForResponse((r) => r.url().endsWith('/api/push/subscriptions'));
    await page.reload();
    expect((await reposted).status()).toBe(201);
    await expect
      .poll(() => take().map((c) => `${c.method} ${c.status} ${(c.body as { endpoint: string }).endpoint}`))
      .toEqual([`POST 201 ${first}`]);

    // The server's key changed since: the old subscription goes, a new one is made and sent.
    await bindFakeToOldKey(page);
    await page.reload();
    await expect.poll(() => calls.length).toBe(2);
    const second = await fakeEndpoint(page);
    expect(second).not.toBe(first);
    expect(take()).toEqual([
      { method: 'DELETE', path: '/api/push/subscriptions', body: { endpoint: first }, status: 204 },
      {
        method: 'POST',
        path: '/api/push/subscriptions',
        body: expect.objectContaining({ endpoint: second }),
        status: 201,
      },
    ]);

    // Off: unsubscribed here, forgotten by the server, and push reminders off for the account.
    await openSettings(page);
    await expect.poll(() => pushSwitch.isChecked()).toBe(true);
    await pushSwitch.uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await fakeEndpoint(page)).toBeNull();
    expect(take()).toEqual([
      { method: 'DELETE', path: '/api/push/subscriptions', body: { endpoint: second }, status: 204 },
      { method: 'PATCH', path: '/api/settings', body: { pushReminders: false }, status: 200 },
    ]);
    expect((await api.get('/api/settings')).body.pushReminders).toBe(false);

    // And on again.
    await pushSwitch.check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Reminders arrive as notifications on this device.').waitFor();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const third = await fakeEndpoint(page);
    expect(take()).toEqual([
      {
        method: 'POST',
        path: '/api/push/subscriptions',
        body: expect.objectContaining({ endpoint: third }),
        status: 201,
      },
      { method: 'PATCH', path: '/api/settings', body: { pushReminders: true }, status: 200 },
    ]);
    expect((await api.get('/api/settings')).body.pushReminders).toBe(true);
    expect(device.problems).toEqual([]);
  });
});

describe('the activity screen and the editor’s history', () => {
  it('shows the history newest first, loads more, links to todos, and says when it is offline', async () => {
    const { page, context, api } = await start();
    for (let i = 1; i <= 32; i++)
      expect((await api.post('/api/todos', { title: `Task ${i}` })).status).toBe(201);
    await page.getByRole('link', { name: 'Task 32' }).waitFor();
    await historyHas(api, '', 32);
    await page.locator('.account summary').click();
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    const summaries = () => page.locator('.activity-summary').allTextContents();
    await expect.poll(async () => (await summaries()).length).toBe(30);
    expect((await summaries())[0]).toBe('Created "Task 32"');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(async () => (await summaries()).length).toBe(32);
    expect((await summaries()).at(-1)).toBe('Created "Task 1"');
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Created "Task 7"' }).click();
    const editor = page.locator('section.editor');
    await expect(editor.getByLabel('Title').inputValue()).resolves.toBe('Task 7');
    await editor.getByLabel('Title').fill('Task seven');
    await editor.getByRole('button', { name: 'Save' }).click();
    await waitSynced(page);
    const id = new URL(
      await page.getByRole('link', { name: 'Task seven' }).evaluate((a) => (a as HTMLAnchorElement).href),
    ).pathname
      .split('/')
      .pop()!;
    await historyHas(api, `todoId=${id}&`, 2);
    await page.getByRole('link', { name: 'Task seven' }).click();
    await page.getByText('History', { exact: true }).click();
    const history = editor.getByRole('list', { name: 'History of this todo' });
    await expect
      .poll(() => history.getByRole('listitem').allTextContents(), { timeout: 10_000 })
      .toEqual([
        expect.stringMatching(/^Changed title of "Task seven"/),
        expect.stringMatching(/^Created "Task 7"/),
      ]);

    await context.setOffline(true);
    await page.goto('/activity');
    await page.getByText('You are offline. Your activity is kept on the server').waitFor();
    await context.setOffline(false);
    await expect.poll(async () => (await summaries()).length, { timeout: 10_000 }).toBe(30);
    expect(device!.problems).toEqual([]);
  });
});

const SCREENS: [string, DeviceOptions][] = [
  ['phone, light', { width: 390, height: 844, colorScheme: 'light' }],
  ['desktop, dark', { width: 1280, height: 900, colorScheme: 'dark' }],
];

describe.each(SCREENS)('accessibility (%s)', (_name, options) => {
  it('axe finds no violations on settings, activity, and the editor with a fired reminder and its history', async () => {
    const { page, context, api } = await start(options);
    const report: Record<string, unknown> = {};
    const todo = await todoWithReminders(api, page, 'Water the plants', [1000]);
    await historyHas(api, `todoId=${todo.id}&`, 1);
    await openSettings(page);
    await expect.poll(() => page.getByRole('switch', { name: 'Push notifications' }).isEnabled()).toBe(true);
    report.settings = await axeViolations(page);
    await page.getByRole('switch', { name: 'Email reminders' }).check();
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    report['settings with changes'] = await axeViolations(page);

    await page.goto('/activity');
    await page.locator('.activity-item').first().waitFor();
    report.activity = await axeViolations(page);

    await page.goto(`/todos/${todo.id}`);
    const editor = page.locator('section.editor');
    await editor.getByRole('button', { name: 'Snooze 10 min' }).waitFor({ timeout: 15_000 });
    await page.getByText('History', { exact: true }).click();
    await editor.locator('.history .activity-item').first().waitFor();
    report['editor with history'] = await axeViolations(page);

    await context.setOffline(true);
    await page.goto('/settings');
    await page.getByText('You are offline. Settings are kept on the server').waitFor();
    report['settings offline'] = await axeViolations(page);
    await page.goto('/activity');
    await page.getByText('You are offline.').waitFor();
    report['activity offline'] = await axeViolations(page);
    await context.setOffline(false);

    for (const [screen, violations] of Object.entries(report)) expect(violations, screen).toEqual([]);
    expect(device!.problems).toEqual([]);
  });
});
