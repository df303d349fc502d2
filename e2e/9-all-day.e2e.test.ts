// 9. All-day todos: quick add ("pay rent tomorrow") and the editor ("All day") make a todo due on a date,
// listed by its date alone with an "On the day at 09:00" reminder. The server has allDay, the start of
// that date in the person's zone, and exactly one reminder at the default time: the one the app made and
// the one the server adds are one. A timed todo made all-day gets it once too; an all-day todo is overdue
// only once its date has ended; a reminder notification shows its date without a midnight time; axe on
// the all-day editor.
import type { ReminderPushPayload, Todo } from '@todo/contracts';
import { defaultReminderId } from '@todo/todo-rules';
import type { Page, Worker } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../tests/support/client.ts';
import { axeViolations } from './support/axe.ts';
import {
  apiAs,
  devicePerTest,
  quickAdd,
  signUp,
  waitForServiceWorker,
  waitSynced,
  showAll,
} from './support/browser.ts';
import { notifyingWorker, push } from './support/notifications.ts';

const { baseUrl, open } = devicePerTest();
const ZONE = 'America/New_York'; // the device's, so the person's (sign-up takes the browser's zone)

const date = (days: number) => Temporal.Now.plainDateISO(ZONE).add({ days });
/** The instant `time` (HH:MM) on today + `days` in New York, as the API writes instants. */
const at = (days: number, time = '00:00') =>
  new Date(
    date(days).toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from(time) })
      .epochMilliseconds,
  ).toISOString();

const idOf = async (page: Page, title: RegExp) =>
  (await page.getByRole('link', { name: title }).getAttribute('href'))!.split('/').pop()!;
const dueText = (page: Page, title: RegExp) =>
  page.getByRole('link', { name: title }).locator('.due').textContent();
const serverTodo = async (api: ApiClient, id: string) => (await api.get<Todo>(`/api/todos/${id}`)).body;

/** The one reminder the server should have: on the due date at `time`, with the id derived from the todo. */
const defaultReminder = (id: string, days: number, time = '09:00') => [
  { id: defaultReminderId(id), remindAt: at(days, time), offsetMinutes: null, timeOfDay: time, sentAt: null },
];

/** Refused changes show as warning banners: none of these should be refused. */
const warnings = (page: Page) => page.locator('.banner-warning').allTextContents();

describe('an all-day todo', () => {
  it('comes from quick add with a date and no time, listed by its date, reminded once on the day', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    const input = page.getByRole('textbox', { name: 'New todo' });
    await input.fill('Pay rent tomorrow');
    await expect.poll(() => page.locator('.preview-due').textContent()).toBe('due Tomorrow (all day)');
    await input.press('Enter');
    await expect.poll(() => dueText(page, /Pay rent/)).toBe('Due Tomorrow');
    const id = await idOf(page, /Pay rent/);
    await waitSynced(page);

    const api = await apiAs(context, baseUrl);
    const todo = await serverTodo(api, id);
    expect(todo).toMatchObject({ allDay: true, dueAt: at(1), timeZone: ZONE });
    expect(todo.reminders).toEqual(defaultReminder(id, 1));

    await page.getByRole('link', { name: /Pay rent/ }).click();
    const editor = page.locator('section.editor');
    await expect(editor.getByRole('checkbox', { name: 'All day' }).isChecked()).resolves.toBe(true);
    await expect(editor.getByLabel('Time', { exact: true }).count()).resolves.toBe(0);
    await expect(editor.locator('.reminder-item > .reminder-text').allTextContents()).resolves.toEqual([
      'On the day at 09:00',
    ]);
    expect(await warnings(page)).toEqual([]);
    expect(device.problems).toEqual([]);
  });

  it('comes from the editor, at the person’s own default time, offering times on the day', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    const api = await apiAs(context, baseUrl);
    expect((await api.patch('/api/settings', { defaultReminderTime: '07:30' })).status).toBe(200);
    await page.reload();
    await page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const req = indexedDB.open('todo');
          req.onsuccess = () => {
            const get = req.result.transaction('meta').objectStore('meta').get('settings');
            get.onsuccess = () => {
              resolve(get.result?.value?.defaultReminderTime === '07:30');
              req.result.close();
            };
          };
        }),
    );

    await page.getByRole('button', { name: 'More options' }).click();
    const editor = page.locator('section.editor');
    await editor.getByLabel('Title').fill('Dentist');
    await editor.getByLabel('Date', { exact: true }).fill(date(3).toString());
    await editor.getByRole('checkbox', { name: 'All day' }).check();
    await expect(editor.getByLabel('Time', { exact: true }).count()).resolves.toBe(0);
    const reminders = editor.locator('.reminder-item > .reminder-text');
    await expect.poll(() => reminders.allTextContents()).toEqual(['On the day at 07:30']);
    // Minutes before a time make no sense without one: times on the day instead.
    const remindMe = editor.getByLabel('Remind me');
    await expect(remindMe.locator('option').allTextContents()).resolves.toEqual([
      'On the day at…',
      'At a date and time…',
    ]);
    await editor.getByLabel('Reminder time').fill('18:00');
    await editor.getByRole('button', { name: 'Add reminder' }).click();
    await expect
      .poll(() => reminders.allTextContents())
      .toEqual(['On the day at 07:30', 'On the day at 18:00']);
    expect(await axeViolations(page)).toEqual([]);
    await editor.getByRole('button', { name: 'Add todo' }).click();

    const day = new Intl.DateTimeFormat('en-US', {
      timeZone: 'UTC',
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      ...(date(3).year === date(0).year ? {} : { year: 'numeric' }),
    }).format(Date.UTC(date(3).year, date(3).month - 1, date(3).day, 12));
    await expect.poll(() => dueText(page, /Dentist/)).toBe(`Due ${day}`);
    const id = await idOf(page, /Dentist/);
    await waitSynced(page);
    const todo = await serverTodo(api, id);
    expect(todo).toMatchObject({ allDay: true, dueAt: at(3) });
    expect(todo.reminders.map((r) => [r.timeOfDay, r.remindAt])).toEqual([
      ['07:30', at(3, '07:30')],
      ['18:00', at(3, '18:00')],
    ]);
    expect(todo.reminders[0]!.id).toBe(defaultReminderId(id));
    expect(await warnings(page)).toEqual([]);
    expect(device.problems).toEqual([]);
  });

  it('made from a timed one in the editor, gets the default reminder once, shown before the server answers', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    await quickAdd(page, 'Call mom tomorrow 5pm');
    await expect.poll(() => dueText(page, /Call mom/)).toMatch(/^Due Tomorrow \d/);
    const id = await idOf(page, /Call mom/);
    await waitSynced(page);

    await context.setOffline(true);
    await page.getByRole('link', { name: /Call mom/ }).click();
    const editor = page.locator('section.editor');
    await editor.getByRole('checkbox', { name: 'All day' }).check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dueText(page, /Call mom/)).toBe('Due Tomorrow');
    await page.getByRole('link', { name: /Call mom/ }).click();
    const reminders = editor.locator('.reminder-item > .reminder-text');
    await expect.poll(() => reminders.allTextContents()).toEqual(['On the day at 09:00']);
    await context.setOffline(false);
    await waitSynced(page, new Date().toISOString());

    const api = await apiAs(context, baseUrl);
    const todo = await serverTodo(api, id);
    expect(todo).toMatchObject({ allDay: true, dueAt: at(1) });
    expect(todo.reminders).toEqual(defaultReminder(id, 1));
    await expect.poll(() => reminders.allTextContents()).toEqual(['On the day at 09:00']);
    expect(await warnings(page)).toEqual([]);
  });

  it('is overdue only once its date has ended; today it is due "Today"', async () => {
    const device = await open({ width: 1280, height: 900 });
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    const api = await apiAs(context, baseUrl);
    for (const [title, days] of [
      ['Yesterday thing', -1],
      ['Today thing', 0],
    ] as const) {
      const res = await api.post('/api/todos', { title, dueAt: at(days, '12:00'), allDay: true });
      expect(res.status, res.text).toBe(201);
    }
    await page.reload();
    await expect.poll(() => dueText(page, /Yesterday thing/)).toBe('Overdue · Yesterday');
    await expect(dueText(page, /Today thing/)).resolves.toBe('Due Today');
    const overdue = page.locator('.todo-row.is-overdue .todo-title');
    await expect(overdue.allTextContents()).resolves.toEqual(['Yesterday thing']);
    const serverOverdue = (await api.get('/api/todos?due=overdue')).body.items.map((t: Todo) => t.title);
    expect(serverOverdue).toEqual(['Yesterday thing']);
  });

  it('reminds with its date and no midnight time in the notification', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    await waitForServiceWorker(page);
    const sw = await notifyingWorker(context, baseUrl);
    await quickAdd(page, 'Pay rent tomorrow');
    await expect.poll(() => dueText(page, /Pay rent/)).toBe('Due Tomorrow');
    const todoId = await idOf(page, /Pay rent/);
    const base = {
      type: 'reminder' as const,
      todoId,
      title: 'Pay rent',
      dueAt: at(1),
      remindAt: at(1, '09:00'),
    };
    const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
    const day = weekday.format(Date.UTC(date(1).year, date(1).month - 1, date(1).day, 12));
    // The worker says so and writes the date alone.
    const said = { ...base, reminderId: defaultReminderId(todoId), body: `Due ${day}`, allDay: true };
    await expect(shownBody(sw, said)).resolves.toBe(`Due ${day}`);
    // A worker that does not say allDay wrote midnight: the todo stored here tells, so the date alone.
    const old = { ...base, reminderId: uuidv7Like(), body: `Due ${day}, 12:00 AM EST` };
    await expect(shownBody(sw, old)).resolves.toBe(`Due ${day}`);
    expect(device.problems).toEqual([]);
  });
});

/**
 * Delivers a push to the service worker and returns the body of the notification it shows. The payload
 * may be an older worker's, without `allDay`.
 */
const shownBody = async (sw: Worker, payload: Omit<ReminderPushPayload, 'allDay'> & { allDay?: boolean }) =>
  (await push(sw, payload as ReminderPushPayload)).body;

const uuidv7Like = () => `0190a0b0-0000-7000-8000-${String(Date.now()).slice(-12).padStart(12, '0')}`;
