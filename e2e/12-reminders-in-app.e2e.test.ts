// 12. A reminder due while the app is open shows in the app whatever the server could deliver (issue 15,
// bug 3): with no push subscription and no mail server, a banner with Done and Snooze (axe clean, light
// and dark), or a notification through the service worker once notifications are allowed; settings say
// which channels work, and the history says what really happened.
import type { Todo } from '@todo/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { apiAs, devicePerTest, signUp, waitSynced, showAll } from './support/browser.ts';
import { notifyingWorker, shownCount } from './support/notifications.ts';

const { baseUrl, open } = devicePerTest();

/** A todo whose reminder falls due `seconds` from now, made on the server (it reaches the app by sync). */
async function remindSoon(page: Page, title: string, seconds: number) {
  const api = await apiAs(page.context(), baseUrl);
  const remindAt = new Date(Date.now() + seconds * 1000).toISOString();
  const res = await api.post('/api/todos', { title, reminders: [{ remindAt }] });
  expect(res.status, res.text).toBe(201);
  await page.getByRole('link', { name: title }).waitFor();
  return { api, todo: res.body as Todo };
}

async function history(api: Awaited<ReturnType<typeof apiAs>>, todoId: string): Promise<string[]> {
  const res = await api.get(`/api/activity?todoId=${todoId}&limit=50`);
  return (res.body.items as { summary: string }[]).map((i) => i.summary);
}

describe('a reminder due while the app is open', () => {
  it.each(['light', 'dark'] as const)(
    'shows as a banner with Done and Snooze when nothing else can deliver it (%s)',
    async (colorScheme) => {
      const { page, problems } = await open({ colorScheme, width: colorScheme === 'dark' ? 1280 : 390 });
      await signUp(page);
      await showAll(page);
      const { api, todo } = await remindSoon(page, 'Stretch your legs', 6);
      const banner = page.getByRole('alert').filter({ hasText: 'Stretch your legs' });
      await banner.waitFor({ timeout: 15_000 });
      await expect(banner.getByRole('button', { name: 'Done' }).isVisible()).resolves.toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      // The server fires it too (a snooze before that would move it before it ever fired).
      await expect
        .poll(() => history(api, todo.id), { timeout: 20_000 })
        .toEqual(
          expect.arrayContaining([
            'Reminder for "Stretch your legs" shown on a device with the app open',
            'Reminder for "Stretch your legs": no channel delivered it (no device is subscribed to push; email reminders are off)',
          ]),
        );
      await banner.getByRole('button', { name: /Snooze/ }).click();
      await banner.waitFor({ state: 'detached' });
      await waitSynced(page, new Date().toISOString());
      const snoozed = (await api.get(`/api/todos/${todo.id}`)).body as Todo;
      expect(Date.parse(snoozed.reminders[0]!.remindAt)).toBeGreaterThan(Date.now() + 8 * 60_000);
      expect(problems).toEqual([]);
    },
  );

  it('shows as a notification through the service worker once notifications are allowed', async () => {
    const { page, context, problems } = await open({ width: 1280, height: 800 });
    await signUp(page);
    await showAll(page);
    const sw = await notifyingWorker(context, baseUrl);
    const { todo } = await remindSoon(page, 'Call the dentist', 6);
    await expect.poll(() => shownCount(sw, todo.reminders[0]!.id), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('alert').filter({ hasText: 'Call the dentist' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it.each(['light', 'dark'] as const)('settings say which channels work (%s)', async (colorScheme) => {
    const { page } = await open({ colorScheme });
    await signUp(page);
    await showAll(page);
    await page.goto('/settings');
    const channels = page.getByRole('list', { name: 'What delivers your reminders' });
    await channels.getByText('This device is not subscribed to push notifications.').waitFor();
    await channels.getByText('Push reaches none of your devices.').waitFor();
    await channels.getByText('Email cannot be sent: this server has no mail server configured.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
