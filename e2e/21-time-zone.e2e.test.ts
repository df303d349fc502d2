// 21. The editor's time zone (issue 15): the person's own by default and out of the way behind "Change
// time zone"; a searchable list of the current IANA zones with their UTC offsets (no links: a device in
// India reports Asia/Calcutta, and Europe/Kiev is now Europe/Kyiv); a todo in another zone says which.
// Phone and desktop, light and dark (axe on the open picker).
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { apiAs, devicePerTest, serverTodos, showAll, signUp } from './support/browser.ts';

const { baseUrl, open } = devicePerTest();

describe('the editor’s time zone', () => {
  it.each([
    ['phone', 'light', { width: 390, height: 844 }],
    ['desktop', 'dark', { width: 1280, height: 800 }],
  ] as const)(
    'hides behind “Change time zone” and lists current zones only (%s, %s)',
    async (_, colorScheme, size) => {
      const { page, context, problems } = await open({ ...size, colorScheme, timezoneId: 'Asia/Kolkata' });
      await signUp(page);
      await showAll(page); // the todo is due in 2030, so it shows in All, not Today
      await page.getByRole('button', { name: 'More options' }).click();
      const editor = page.locator('section.editor');
      await editor.getByLabel('Title').fill('Call the Kyiv office');
      await editor.getByLabel('Date', { exact: true }).fill('2030-01-15');
      await editor.getByLabel('Time', { exact: true }).fill('10:00');
      // The person's zone, under its current name, with no list in the way.
      await editor.getByText('In your time zone, Asia/Kolkata (UTC+05:30)').waitFor();
      expect(await editor.getByLabel('Time zone', { exact: true }).count()).toBe(0);

      await editor.getByRole('button', { name: 'Change time zone' }).click();
      const search = editor.getByLabel('Search time zones');
      const list = editor.getByLabel('Time zone', { exact: true });
      expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
      const all = await list.locator('option').allTextContents();
      expect(all.length).toBeGreaterThan(300);
      expect(all).toContain('Europe/Kyiv (UTC+02:00)');
      for (const link of ['Asia/Calcutta', 'Europe/Kiev', 'Asia/Saigon', 'US/Eastern'])
        expect(all.filter((o) => o.startsWith(`${link} `))).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);

      // Searching by the old name finds nothing new; by country or the new name, the zone.
      await search.fill('kiev');
      await editor.getByText('0 zones match “kiev”').waitFor();
      await search.fill('ukraine');
      await expect.poll(() => list.locator('option').allTextContents()).toContain('Europe/Kyiv (UTC+02:00)');
      await list.selectOption('Europe/Kyiv');
      await editor.getByRole('button', { name: 'Done' }).click();
      await editor.getByText('Time zone: Europe/Kyiv (UTC+02:00)').waitFor();
      await editor.getByRole('button', { name: 'Add todo' }).click();

      // Polled: the create may not be queued yet when the click returns, so a wait for "synced" can pass early.
      const api = await apiAs(context, baseUrl);
      await expect
        .poll(async () => (await serverTodos(api)).find((t) => t.title === 'Call the Kyiv office'), {
          timeout: 15_000,
        })
        .toMatchObject({ timeZone: 'Europe/Kyiv', dueAt: '2030-01-15T08:00:00.000Z' });

      // Opened again, the todo says its zone without asking, and goes back to the person's in one tap.
      await page.getByRole('link', { name: /Call the Kyiv office/ }).click();
      await editor.getByText('Time zone: Europe/Kyiv (UTC+02:00)').waitFor();
      await editor.getByRole('button', { name: 'Use mine (Asia/Kolkata)' }).click();
      await editor.getByText('In your time zone, Asia/Kolkata (UTC+05:30)').waitFor();
      expect(problems).toEqual([]);
    },
  );
});
