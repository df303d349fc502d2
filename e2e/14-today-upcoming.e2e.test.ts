// 14. Today and Upcoming (issue 15): Today shows overdue todos from earlier days grouped by day, with one
// tap to reschedule them all to today, then what is due today; Upcoming shows the next 14 days, empty
// ones too, and a keyboard move changes the due date on the server. Phone and desktop, light and dark
// (axe), and offline from local data.
import type { Todo } from '@todo/contracts';
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { apiAs, devicePerTest, serverTodos, signUp, waitSynced } from './support/browser.ts';

const { baseUrl, open } = devicePerTest();
const ZONE = 'America/New_York'; // the device's, so the person's
const today = () => Temporal.Now.plainDateISO(ZONE);
/** An all-day todo's due time on a date, as the API takes it. */
const allDay = (d: Temporal.PlainDate) => ({
  dueAt: `${d.toString()}T12:00:00Z`,
  allDay: true,
  timeZone: ZONE,
});

async function seed(page: Page) {
  const api = await apiAs(page.context(), baseUrl);
  const t = today();
  const make = async (title: string, fields: object) => {
    const res = await api.post('/api/todos', { title, ...fields });
    expect(res.status, res.text).toBe(201);
    return res.body as Todo;
  };
  await make('File taxes', allDay(t.subtract({ days: 3 })));
  await make('Call the bank', allDay(t.subtract({ days: 1 })));
  await make('Pack for the trip', allDay(t.add({ days: 2 })));
  await make('No date at all', {});
  await make('Water plants', allDay(t));
  // Today opens first: a todo due today shows there. It is made last: once it shows, the device has
  // pulled every todo made before it (the change log comes in order), so what Today leaves out is left out.
  await page.getByRole('link', { name: /Water plants/ }).waitFor();
  await waitSynced(page);
  return api;
}

const group = (page: Page, name: string) => page.getByRole('list', { name, exact: true });

describe('Today and Upcoming', () => {
  it.each([
    { colorScheme: 'light' as const, width: 390, height: 844 },
    { colorScheme: 'dark' as const, width: 1280, height: 800 },
  ])('Today groups overdue todos by day and reschedules them all ($colorScheme, $width px)', async (o) => {
    const { page, context, problems } = await open(o);
    await signUp(page);
    const api = await seed(page);
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await page.getByRole('heading', { name: 'Overdue' }).waitFor();
    const threeDaysAgo = today().subtract({ days: 3 });
    const label = threeDaysAgo.toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
    await expect(
      group(page, `Overdue from ${label}`).locator('.todo-title').allTextContents(),
    ).resolves.toEqual(['File taxes']);
    await expect(
      group(page, 'Overdue from Yesterday').locator('.todo-title').allTextContents(),
    ).resolves.toEqual(['Call the bank']);
    await expect(group(page, 'Due today').locator('.todo-title').allTextContents()).resolves.toEqual([
      'Water plants',
    ]);
    expect(await page.getByText('Pack for the trip').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Offline: the view is local data, and the reschedule is queued.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Reschedule all to today' }).click();
    await page.getByRole('heading', { name: 'Overdue' }).waitFor({ state: 'detached' });
    const dueToday = await group(page, 'Due today').locator('.todo-title').allTextContents();
    expect(dueToday.sort()).toEqual(['Call the bank', 'File taxes', 'Water plants']);
    await context.setOffline(false);
    await waitSynced(page, new Date().toISOString(), 30_000);
    const onServer = await serverTodos(api);
    const due = (title: string) => onServer.find((t) => t.title === title)!.dueAt;
    for (const title of ['File taxes', 'Call the bank'])
      expect(Temporal.Instant.from(due(title)!).toZonedDateTimeISO(ZONE).toPlainDate().equals(today())).toBe(
        true,
      );
    expect(problems).toEqual([]);
  });

  it.each([
    { colorScheme: 'light' as const, width: 1280, height: 800 },
    { colorScheme: 'dark' as const, width: 390, height: 844 },
  ])(
    'Upcoming shows 14 days with empty ones, and Alt+↓ moves a todo a day ($colorScheme, $width px)',
    async (o) => {
      const { page, problems } = await open(o);
      await signUp(page);
      const api = await seed(page);
      await page.getByRole('button', { name: 'Upcoming', exact: true }).click();
      const sections = page.locator('.day-view .day-group');
      await expect.poll(() => sections.count()).toBe(14);
      await expect(page.locator('.day-heading').first().textContent()).resolves.toBe('Today');
      expect(await page.getByText('Nothing planned').count()).toBeGreaterThanOrEqual(11);
      expect(await axeViolations(page)).toEqual([]);

      const row = page.getByRole('link', { name: /Pack for the trip/ });
      await row.focus();
      await page.keyboard.press('Alt+ArrowDown');
      const threeDays = today().add({ days: 3 });
      const label = threeDays.toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric' });
      await group(page, label).getByText('Pack for the trip').waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
        .toContain('Pack for the trip');
      await waitSynced(page, new Date().toISOString());
      const moved = (await serverTodos(api)).find((t) => t.title === 'Pack for the trip')!;
      expect(
        Temporal.Instant.from(moved.dueAt!).toZonedDateTimeISO(ZONE).toPlainDate().equals(threeDays),
      ).toBe(true);
      expect(problems).toEqual([]);
    },
  );

  it('keys on a selected row schedule it, set its priority and open it (desktop)', async () => {
    const { page, problems } = await open({ width: 1280, height: 800 });
    await signUp(page);
    const api = await seed(page);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    const row = page.getByRole('link', { name: /No date at all/ });
    await row.focus();
    await page.keyboard.press('m');
    await page.keyboard.press('1');
    await page.getByText('Priority urgent: “No date at all”').waitFor();
    await waitSynced(page, new Date().toISOString());
    const todo = (await serverTodos(api)).find((t) => t.title === 'No date at all')!;
    expect(todo.priority).toBe('urgent');
    expect(todo.allDay).toBe(true);
    const tomorrow = today().add({ days: 1 });
    expect(Temporal.Instant.from(todo.dueAt!).toZonedDateTimeISO(ZONE).toPlainDate().equals(tomorrow)).toBe(
      true,
    );
    await row.focus();
    await page.keyboard.press('e');
    await page.waitForURL(`${baseUrl}/todos/${todo.id}`);
    expect(problems).toEqual([]);
  });
});
