// 13. The smaller bugs of issue 15 (5): registration does not repeat its hint as an error, overdue shows
// on time, saving settings does not wait on a push service that never answers, and saving in the
// desktop editor brings quick add back into sight.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, devicePerTest, newEmail, signUp, waitSynced, showAll } from './support/browser.ts';

const { baseUrl, open } = devicePerTest();

async function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
}

describe('smaller bugs a first day finds', () => {
  it('registration says a too short password once, next to the field', async () => {
    const { page } = await open();
    await page.goto('/signup');
    await page.getByLabel('Email').fill(newEmail());
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('The password must have at least 8 characters.').waitFor();
    const form = page.locator('form');
    expect(await form.getByText(/8 characters/).count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect(page.getByLabel('Password').getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('a todo shows as overdue within seconds of its due time, not up to a minute late', async () => {
    const { page } = await open({ width: 1280, height: 800 });
    await signUp(page);
    await showAll(page);
    const api = await apiAs(page.context(), baseUrl);
    // Due a few seconds from now, at no round minute.
    let due = Date.now() + 8_000;
    if (due % 60_000 < 5_000 || due % 60_000 > 55_000) due += 10_000;
    const res = await api.post('/api/todos', {
      title: 'Send the report',
      dueAt: new Date(due).toISOString(),
    });
    expect(res.status).toBe(201);
    const row = page.locator('.todo-row', { hasText: 'Send the report' });
    await row.waitFor();
    expect(await row.getAttribute('class')).not.toContain('is-overdue');
    await page.waitForFunction(() => document.querySelector('.todo-row.is-overdue') !== null, undefined, {
      timeout: due - Date.now() + 3_000,
    });
    expect(Date.now()).toBeGreaterThanOrEqual(due);
  });

  it('saving settings does not wait for a push service that never answers', async () => {
    const { page, context } = await open();
    await context.grantPermissions(['notifications'], { origin: baseUrl });
    await page.addInitScript(() => {
      PushManager.prototype.subscribe = () => new Promise<PushSubscription>(() => undefined);
      PushManager.prototype.getSubscription = () => Promise.resolve(null);
    });
    await signUp(page);
    await showAll(page);
    const api = await apiAs(context, baseUrl);
    await page.goto('/settings');
    const pushSwitch = page.getByRole('switch', { name: 'Push notifications' });
    await expect.poll(() => pushSwitch.isEnabled()).toBe(true);
    await page.getByLabel('Name', { exact: true }).fill('Grace');
    await pushSwitch.check();
    const started = Date.now();
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Other changes saved; turning push on for this device…' })
      .waitFor({ timeout: 3_000 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await api.get('/api/settings')).body.name).toBe('Grace');
    // The push service's silence is reported when the device gives up on it.
    await page
      .getByRole('alert')
      .filter({ hasText: 'Push reminders could not be turned on' })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'Other changes saved.' }).waitFor();
    expect(await pushSwitch.isChecked()).toBe(false);
  });

  it('after saving in the desktop editor, quick add is in sight again', async () => {
    const { page } = await open({ width: 1280, height: 700 });
    await signUp(page);
    await showAll(page);
    const api = await apiAs(page.context(), baseUrl);
    for (let i = 1; i <= 30; i++) await api.post('/api/todos', { title: `Errand ${i}` });
    const title = (t: string) => page.locator('.todo-title').getByText(t, { exact: true });
    await title('Errand 1').waitFor();
    await waitSynced(page);
    await title('Errand 26').click();
    const editor = page.locator('section.editor');
    await editor.getByLabel('Title').fill('Errand twenty-six');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await inView(page, '#quick-add-input')).toBe(false);
    await editor.getByRole('button', { name: 'Save' }).click();
    await title('Errand twenty-six').waitFor();
    await expect.poll(() => inView(page, '#quick-add-input')).toBe(true);
    expect(await inView(page, '.todo-list a[href*="/todos/"]:focus')).toBe(true);
  });
});
