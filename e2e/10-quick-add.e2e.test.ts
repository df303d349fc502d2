// 10. Quick add understands repeats (issue 15, bug 2) and a reminder set in the past says it will not go
// off (bug 4): phrases typed into the UI show the repeat in the preview, and the todo the server has
// carries the cleaned title, the first due date of the rule in the person's zone and the rule itself.
import type { Todo } from '@todo/contracts';
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { apiAs, devicePerTest, serverTodos, signUp, showAll } from './support/browser.ts';

const { baseUrl, open } = devicePerTest();
const ZONE = 'America/New_York'; // the device's, so the person's

/** The first date from today (or from tomorrow) in New York that `falls` on. */
function firstDate(falls: (d: Temporal.PlainDate) => boolean, skipToday = false): Temporal.PlainDate {
  let d = Temporal.Now.plainDateISO(ZONE).add({ days: skipToday ? 1 : 0 });
  while (!falls(d)) d = d.add({ days: 1 });
  return d;
}
const instant = (d: Temporal.PlainDate, time = '00:00') =>
  new Date(
    d.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds,
  ).toISOString();
const before9 = () => Temporal.Now.plainTimeISO(ZONE).hour < 9;

interface Phrase {
  typed: string;
  preview: string;
  title: string;
  dueAt: () => string;
  allDay: boolean;
  rrule: string | null;
}

const PHRASES: Phrase[] = [
  {
    typed: 'water plants every mon and thu',
    preview: 'every week on mon, thu',
    title: 'water plants',
    dueAt: () => instant(firstDate((d) => d.dayOfWeek === 1 || d.dayOfWeek === 4)),
    allDay: true,
    rrule: 'FREQ=WEEKLY;BYDAY=MO,TH',
  },
  {
    typed: 'daily standup every weekday 9am',
    preview: 'every week on mon, tue, wed, thu, fri',
    title: 'daily standup',
    dueAt: () =>
      instant(
        firstDate((d) => d.dayOfWeek <= 5, !before9()),
        '09:00',
      ),
    allDay: false,
    rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  },
  {
    typed: 'pay rent every month on the 1st',
    preview: 'every month on the 1st',
    title: 'pay rent',
    dueAt: () => instant(firstDate((d) => d.day === 1)),
    allDay: true,
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
  },
  {
    typed: 'book club every 3rd friday',
    preview: 'every month on 3rd fri',
    title: 'book club',
    dueAt: () => instant(firstDate((d) => d.dayOfWeek === 5 && Math.ceil(d.day / 7) === 3)),
    allDay: true,
    rrule: 'FREQ=MONTHLY;BYDAY=3FR',
  },
  {
    typed: 'send invoice every 2 weeks',
    preview: 'every 2 weeks',
    title: 'send invoice',
    dueAt: () => instant(firstDate(() => true)),
    allDay: true,
    rrule: 'FREQ=WEEKLY;INTERVAL=2',
  },
  {
    typed: 'pay bill on the 15th',
    preview: '',
    title: 'pay bill',
    dueAt: () => instant(firstDate((d) => d.day === 15)),
    allDay: true,
    rrule: null,
  },
];

const repeatPreview = (page: Page) => page.locator('.preview-repeat').allTextContents();

describe('quick add', () => {
  it('makes repeating todos from the phrases a Todoist user types, as the server stores them', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    const input = page.getByRole('textbox', { name: 'New todo' });
    for (const phrase of PHRASES) {
      await input.fill(phrase.typed);
      await expect
        .poll(() => repeatPreview(page), { message: phrase.typed })
        .toEqual(phrase.preview ? [phrase.preview] : []);
      await expect.poll(() => page.locator('.preview-due').count()).toBe(1);
      await input.press('Enter');
    }
    const api = await apiAs(context, baseUrl);
    // The server's copies, not the sync status, which may not yet count the last write as pending.
    await expect.poll(async () => (await serverTodos(api)).length, { timeout: 15_000 }).toBe(PHRASES.length);
    const stored = await serverTodos(api);
    for (const phrase of PHRASES) {
      const todo = stored.find((t: Todo) => t.title === phrase.title);
      expect(todo, phrase.typed).toBeDefined();
      expect(
        { dueAt: todo!.dueAt, allDay: todo!.allDay, rrule: todo!.recurrence?.rrule ?? null },
        phrase.typed,
      ).toEqual({ dueAt: phrase.dueAt(), allDay: phrase.allDay, rrule: phrase.rrule });
    }
    expect(stored).toHaveLength(PHRASES.length);
    expect(device.problems).toEqual([]);
  });

  it('makes "!p1" the highest priority', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    const input = page.getByRole('textbox', { name: 'New todo' });
    await input.fill('fix leak !p1');
    await expect.poll(() => page.locator('.quick-preview .priority-tag').textContent()).toBe('Urgent');
    await input.press('Enter');
    await page.getByRole('link', { name: /fix leak/ }).waitFor();
    // Until the device has counted the write as pending, its sync status may still be the sign-up's
    // "synced" (a CI run read the server before the push): the server's copy is what is waited for.
    const api = await apiAs(context, baseUrl);
    await expect
      .poll(async () => (await serverTodos(api))[0], { timeout: 15_000 })
      .toMatchObject({ title: 'fix leak', priority: 'urgent' });
  });
});

describe('a reminder set for a time already past', () => {
  it('is not sent, and the editor says it will not go off', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);
    const input = page.getByRole('textbox', { name: 'New todo' });
    // All day yesterday: its default reminder, at 09:00 yesterday, had passed when it was set.
    await input.fill('Call the bank yesterday');
    await input.press('Enter');
    const api = await apiAs(context, baseUrl);
    await expect.poll(async () => (await serverTodos(api)).length, { timeout: 15_000 }).toBe(1);
    // The embedded clock ticks every second or so: long enough for it to have fired, had it been due.
    await new Promise((r) => setTimeout(r, 3000));
    const [todo] = await serverTodos(api);
    expect(todo).toMatchObject({ title: 'Call the bank', allDay: true });
    expect(todo!.reminders).toMatchObject([{ timeOfDay: '09:00', sentAt: null }]);
    await page.getByRole('link', { name: /Call the bank/ }).click();
    await expect
      .poll(() => page.locator('section.editor .reminder-passed').textContent())
      .toBe('Its time has passed: it will not go off');
  });
});
