// 6. Chromium's installability check passes (Page.getInstallabilityErrors returns none), the service
// worker leaves /api to the network, and axe finds no violations on sign-in, the list and the editor, in
// light and dark mode, on a phone and a desktop.
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import {
  devicePerTest,
  quickAdd,
  signUp,
  waitForServiceWorker,
  waitSynced,
  type DeviceOptions,
  showAll,
} from './support/browser.ts';

const { baseUrl, open } = devicePerTest();

describe('installable', () => {
  it('passes Chromium’s installability check', async () => {
    const device = await open({ width: 1280, height: 800 });
    const { page, context } = device;
    await page.goto('/');
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.url).toBe(`${baseUrl}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  });
});

describe('service worker routing', () => {
  it('leaves /api to the network without a fetch event, and serves the app shell itself', async () => {
    const { page } = await open({ width: 1280, height: 800 });
    await page.goto('/');
    await waitForServiceWorker(page);
    await signUp(page);
    await showAll(page);
    const sources = await page.evaluate(async () => {
      performance.clearResourceTimings();
      await fetch('/api/todos');
      await fetch('/manifest.webmanifest');
      await new Promise((resolve) => setTimeout(resolve, 300)); // entries are added after the response
      return Object.fromEntries(
        performance.getEntriesByType('resource').map((entry) => {
          const timing = entry as PerformanceResourceTiming & { workerMatchedSourceType?: string };
          return [new URL(entry.name).pathname, timing.workerMatchedSourceType ?? 'unknown'];
        }),
      );
    });
    // "network": matched by the static route of sw.ts; "": went through the worker's fetch handler.
    expect(sources).toMatchObject({ '/api/todos': 'network', '/manifest.webmanifest': '' });
    // The app's own API requests meanwhile (sync) went the same way.
    for (const [path, source] of Object.entries(sources))
      if (path.startsWith('/api/')) expect(source, path).toBe('network');
  });
});

const SCREENS: [string, DeviceOptions][] = [
  ['phone, light', { width: 390, height: 844, colorScheme: 'light' }],
  ['desktop, dark', { width: 1280, height: 900, colorScheme: 'dark' }],
];

describe.each(SCREENS)('accessibility (%s)', (_name, options) => {
  it('axe finds no violations on sign-in, sign-up, the list and the editor', async () => {
    const device = await open(options);
    const { page } = device;
    const report: Record<string, unknown> = {};

    await page.goto('/signin');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    report['sign in'] = await axeViolations(page);
    await page.goto('/signup');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByRole('button', { name: 'Create account' }).click(); // shows field errors
    report['sign up with errors'] = await axeViolations(page);

    await signUp(page);
    await showAll(page);
    await quickAdd(page, 'Pay rent tomorrow 5pm !high @home');
    await quickAdd(page, 'Overdue report yesterday 9am !urgent @work');
    await quickAdd(page, 'Read a book !low');
    await page.getByRole('button', { name: 'More options' }).click();
    const editor = page.locator('section.editor');
    await editor.getByLabel('Title').fill('Stretch');
    await editor.getByLabel('Date', { exact: true }).fill('2030-01-07');
    await editor.getByLabel('Repeats').selectOption('weekly');
    await editor.getByRole('button', { name: 'Add todo' }).click();
    await page.getByRole('link', { name: /Stretch/ }).waitFor();
    await waitSynced(page);
    report.list = await axeViolations(page);

    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByRole('searchbox', { name: 'Search todos' }).fill('re');
    await page.locator('.todo-list mark').first().waitFor();
    report['list with filters and search'] = await axeViolations(page);
    await page.getByRole('searchbox', { name: 'Search todos' }).fill('');

    await page.getByRole('link', { name: /Stretch/ }).click();
    await editor.getByLabel('Remind me').selectOption({ label: '1 hour before' });
    await editor.getByRole('button', { name: 'Add reminder' }).click();
    await editor.getByRole('radio', { name: 'After' }).check({ force: true });
    report.editor = await axeViolations(page);
    await editor.getByLabel('Title').fill('');
    await editor.getByRole('button', { name: 'Save' }).click(); // shows the title error
    report['editor with an error'] = await axeViolations(page);

    for (const [screen, violations] of Object.entries(report)) expect(violations, screen).toEqual([]);
    expect(device.problems).toEqual([]);
  });
});
