// 1. Sign up, create todos with every attribute through the UI, reload: all there (and on the server).
import { describe, expect, it } from 'vitest';
import {
  apiAs,
  devicePerTest,
  quickAdd,
  serverTodos,
  signUp,
  waitSynced,
  showAll,
} from './support/browser.ts';

const { baseUrl, open } = devicePerTest();

describe('a todo with every attribute', () => {
  it('is created through the UI and is all there after a reload, here and on the server', async () => {
    const device = await open();
    const { page, context } = device;
    await signUp(page);
    await showAll(page);

    // Quick add understands the date, the priority and a new tag.
    await quickAdd(page, 'Pay rent tomorrow 5pm !high @home');
    await page.getByRole('link', { name: /Pay rent/ }).waitFor();

    // The editor, for everything else.
    await page.getByRole('button', { name: 'More options' }).click();
    const editor = page.locator('section.editor');
    await editor.getByLabel('Title').fill('Water the plants');
    await editor.getByLabel('Description').fill('Balcony first, then the kitchen herbs.');
    await editor.locator('label.segment', { hasText: 'Urgent' }).click();
    await editor.getByLabel('Date', { exact: true }).fill('2030-05-06');
    await editor.getByLabel('Time', { exact: true }).fill('14:30');
    await editor.getByRole('button', { name: 'Change time zone' }).click();
    await editor.getByLabel('Time zone', { exact: true }).selectOption('Europe/Berlin');
    const tagInput = page.getByRole('combobox', { name: 'Add a tag' });
    await tagInput.fill('garden');
    await tagInput.press('Enter');
    await editor.getByRole('button', { name: 'Add tag home' }).click();
    await editor.getByLabel('Remind me').selectOption({ label: '1 hour before' });
    await editor.getByRole('button', { name: 'Add reminder' }).click();
    await editor.getByLabel('Remind me').selectOption({ label: 'At a date and time…' });
    await editor.getByLabel('Reminder date').fill('2030-05-05');
    await editor.getByLabel('Reminder time').fill('20:00');
    await editor.getByRole('button', { name: 'Add reminder' }).click();
    await editor.getByLabel('Repeats').selectOption('weekly');
    await editor.getByLabel('Every (week(s))').fill('2');
    await editor.locator('label.weekday', { hasText: 'Mo' }).click();
    await editor.locator('label.weekday', { hasText: 'We' }).click();
    await editor.getByRole('radio', { name: 'After' }).check();
    await editor.getByLabel('Number of times').fill('5');
    await editor.getByRole('checkbox', { name: /Count from when I complete it/ }).check();
    await editor.getByRole('button', { name: 'Add todo' }).click();
    await page.getByRole('link', { name: /Water the plants/ }).waitFor();
    await waitSynced(page);

    await page.reload();
    const row = page.getByRole('link', { name: /Water the plants/ });
    await row.waitFor();
    // Chips come from the tags store, a moment after the row.
    await expect.poll(() => row.locator('.chip-name').allTextContents()).toEqual(['garden', 'home']);
    await expect(row.textContent()).resolves.toMatch(/Urgent/);
    await expect(row.locator('.indicator').count()).resolves.toBe(2); // repeats, reminders
    await row.click();
    await expect(page.locator('section.editor').getByLabel('Title').inputValue()).resolves.toBe(
      'Water the plants',
    );
    await expect(page.locator('section.editor').getByLabel('Description').inputValue()).resolves.toBe(
      'Balcony first, then the kitchen herbs.',
    );
    await expect(page.locator('label.segment.is-checked').textContent()).resolves.toContain('Urgent');
    await expect(
      page.locator('section.editor').getByLabel('Date', { exact: true }).inputValue(),
    ).resolves.toBe('2030-05-06');
    await expect(
      page.locator('section.editor').getByLabel('Time', { exact: true }).inputValue(),
    ).resolves.toBe('14:30');
    // A todo in another zone than the person's says so without asking.
    await expect(page.locator('section.editor .zone-line').textContent()).resolves.toMatch(
      /^Time zone: Europe\/Berlin \(UTC\+0[12]:00\)/,
    );
    const chips = await page.locator('.tag-field ul.chips .chip-name').allTextContents();
    expect(chips.sort()).toEqual(['garden', 'home']);
    const reminders = await page.locator('.reminder-item > span').allTextContents();
    expect(reminders).toHaveLength(2);
    expect(reminders.join(' | ')).toMatch(/1 hour before/);
    expect(reminders.join(' | ')).toMatch(/May 5, 2030 at 8:00/);
    await expect(page.locator('section.editor').getByLabel('Repeats').inputValue()).resolves.toBe('weekly');
    await expect(
      page.locator('section.editor').getByRole('checkbox', { name: 'Monday' }).isChecked(),
    ).resolves.toBe(true);
    await expect(
      page.locator('section.editor').getByRole('checkbox', { name: 'Wednesday' }).isChecked(),
    ).resolves.toBe(true);
    await expect(page.locator('section.editor').getByLabel('Number of times').inputValue()).resolves.toBe(
      '5',
    );

    const api = await apiAs(context, baseUrl);
    const todos = await serverTodos(api);
    expect(todos).toHaveLength(2);
    const plants = todos.find((t) => t.title === 'Water the plants')!;
    expect(plants).toMatchObject({
      description: 'Balcony first, then the kitchen herbs.',
      priority: 'urgent',
      status: 'open',
      dueAt: '2030-05-06T12:30:00.000Z',
      timeZone: 'Europe/Berlin',
      recurrence: {
        type: 'weekly',
        rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE',
        count: 5,
        until: null,
        fromCompletion: true,
      },
    });
    expect(plants.tags.map((t: { name: string }) => t.name).sort()).toEqual(['garden', 'home']);
    expect(
      plants.reminders.map((r: { remindAt: string; offsetMinutes: number | null }) => [
        r.remindAt,
        r.offsetMinutes,
      ]),
    ).toEqual([
      ['2030-05-05T18:00:00.000Z', null],
      ['2030-05-06T11:30:00.000Z', 60],
    ]);
    const rent = todos.find((t) => t.title === 'Pay rent')!;
    expect(rent).toMatchObject({ priority: 'high', timeZone: 'America/New_York' });
    expect(rent.tags.map((t: { name: string }) => t.name)).toEqual(['home']);
    // "tomorrow 5pm" in the person's zone.
    const due = new Date(rent.dueAt!);
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: 'numeric',
      hourCycle: 'h23',
    }).format(due);
    expect(local).toBe('17');
    expect(device.problems).toEqual([]);
  });
});
