// `npm run screenshots`: the app's main screens as PNGs in docs/screenshots/ (the README shows them), at
// phone (390×844) and desktop (1280×800) sizes, light and dark. Debian's Chromium against a private
// embedded stack (as the browser tests and bench/pwa-figures.ts run it), with an account seeded the way
// a person would fill it. A screen this build does not have yet (no sidebar, no share dialog) is skipped
// with a message, so the script can be re-run as the app grows. PNGs are 8-bit palette (sharp's
// libimagequant) to stay small. SCREENS=today,editor limits the run to some screens.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { apiAs, openDevice, signIn, signUp, waitSynced, type Device } from '../e2e/support/browser.ts';
import { buildPwa, ROOT, startStack } from '../e2e/support/stack.ts';
import type { ApiClient } from '../tests/support/client.ts';

const OUT = path.join(ROOT, 'docs/screenshots');
const ZONE = 'Europe/London';
const EMAIL = 'alex@example.com';
const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;
const SCHEMES = ['light', 'dark'] as const;

/** An instant `days` from today at `hour`:`minute` London time (UTC in winter; an hour off in summer). */
function at(days: number, hour: number, minute = 0): string {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour, minute),
  ).toISOString();
}

async function post(api: ApiClient, url: string, body: unknown): Promise<{ id: string } | null> {
  const res = await api.post(url, body);
  if (res.status === 201 || res.status === 200) return res.body as { id: string };
  if (res.status === 404) return null;
  throw new Error(`POST ${url}: ${res.status} ${res.text}`);
}

/** A week of a person's todos: overdue, today, the next days, some without a date, some done. */
async function seed(api: ApiClient): Promise<void> {
  const tag = async (name: string, color: string) => (await post(api, '/api/tags', { name, color }))!.id;
  const work = await tag('work', '#0e7490');
  const home = await tag('home', '#15803d');
  const errands = await tag('errands', '#be185d');
  const health = await tag('health', '#6d28d9');
  // Lists, where this build has them (POST /api/lists).
  const worklist = await post(api, '/api/lists', { name: 'Work' });
  const renovation = await post(api, '/api/lists', { name: 'Home renovation' });
  const inWork = worklist ? { listId: worklist.id } : {};
  const inHome = renovation ? { listId: renovation.id } : {};

  const todos: Record<string, unknown>[] = [
    { title: 'Renew passport', dueAt: at(-1, 10), priority: 'high', tagIds: [errands] },
    { title: 'Reply to Anna about the offsite', dueAt: at(-2, 16), tagIds: [work], ...inWork },
    {
      title: 'Take vitamins',
      dueAt: at(0, 8),
      priority: 'low',
      tagIds: [health],
      recurrence: { type: 'daily' },
    },
    {
      title: 'Send the Q4 report',
      description: 'Numbers from finance, the summary slide, then send to the leadership team.',
      dueAt: at(0, 17),
      priority: 'urgent',
      tagIds: [work],
      reminders: [{ offsetMinutes: 60 }],
      subtasks: [
        { title: 'Get the numbers from finance', done: true },
        { title: 'Write the summary slide' },
        { title: 'Send it' },
      ],
      ...inWork,
    },
    { title: 'Buy groceries for the weekend', dueAt: at(0, 18, 30), tagIds: [errands] },
    {
      title: 'Water the plants',
      dueAt: at(1, 8),
      priority: 'low',
      tagIds: [home],
      recurrence: { type: 'weekly' },
    },
    {
      title: 'Dentist appointment',
      dueAt: at(2, 14),
      tagIds: [health],
      reminders: [{ offsetMinutes: 120 }],
    },
    { title: 'Book flights for the holidays', dueAt: at(3, 12), priority: 'high', tagIds: [errands] },
    { title: 'Call mum', dueAt: at(4, 19) },
    {
      title: 'Quarterly planning',
      dueAt: at(5, 10),
      priority: 'high',
      tagIds: [work],
      ...inWork,
    },
    { title: 'Pay rent', dueAt: at(6, 9), tagIds: [home], recurrence: { type: 'monthly' } },
    { title: 'Pick paint colours for the hallway', priority: 'medium', tagIds: [home], ...inHome },
    { title: 'Fix the leaking tap', priority: 'high', tagIds: [home], ...inHome },
    { title: 'Read “The Pragmatic Programmer”', priority: 'low' },
  ];
  for (const todo of todos) {
    const res = await api.post('/api/todos', todo);
    // A field this build's API does not take yet (subtasks, lists): the todo without it.
    if (res.status === 400) {
      const { subtasks: _s, listId: _l, ...plain } = todo;
      await post(api, '/api/todos', plain);
    } else if (res.status !== 201) throw new Error(`POST /api/todos: ${res.status} ${res.text}`);
  }
  const done = await post(api, '/api/todos', { title: 'Book the car service', tagIds: [errands] });
  await api.patch(`/api/todos/${done!.id}`, { status: 'done' });
}

interface Screen {
  name: string;
  /** Brings the screen up; false (or a throw) when this build does not have it. */
  show(page: Page, size: keyof typeof SIZES): Promise<boolean>;
}

async function view(page: Page, label: string): Promise<boolean> {
  await page.goto('/');
  const tab = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label });
  if (!(await appears(tab))) return false;
  await tab.click();
  return true;
}

/** Waits briefly for a locator; false when it does not show. */
async function appears(locator: ReturnType<Page['locator']>, timeout = 4_000): Promise<boolean> {
  try {
    await locator.first().waitFor({ timeout });
    return true;
  } catch {
    return false;
  }
}

/** A view's screen: its tab chosen, shown once `text` (a seeded todo of it) is on screen. */
function viewScreen(name: string, tab: string, text: string): Screen {
  return {
    name,
    show: async (page) => (await view(page, tab)) && appears(page.getByText(text)),
  };
}

/** The seeded list "Home renovation" in the sidebar (in the drawer on phones, opened here). */
async function sidebarList(page: Page, size: keyof typeof SIZES) {
  await page.goto('/');
  if (size === 'phone') {
    const menu = page.getByRole('button', { name: /^(menu|open menu|lists|show lists|open sidebar)$/i });
    if (!(await appears(menu, 2_000))) return null;
    await menu.first().click();
  }
  const list = page.getByRole('navigation', { name: /lists|sidebar/i }).getByText('Home renovation');
  return (await appears(list)) ? list.first() : null;
}

const SCREENS: Screen[] = [
  viewScreen('today', 'Today', 'Send the Q4 report'),
  viewScreen('upcoming', 'Upcoming', 'Dentist appointment'),
  viewScreen('list', 'All', 'Fix the leaking tap'),
  {
    name: 'editor',
    show: async (page) => {
      if (!(await view(page, 'All'))) return false;
      await page.getByRole('link', { name: /Send the Q4 report/ }).click();
      return appears(page.locator('section.editor'));
    },
  },
  {
    name: 'settings',
    show: async (page) => {
      await page.goto('/settings');
      return appears(page.getByRole('heading', { name: 'Tags' }));
    },
  },
  {
    name: 'tags',
    show: async (page) => {
      await page.goto('/settings');
      const edit = page.getByRole('button', { name: 'Edit tag work' });
      if (!(await appears(edit))) return false;
      await edit.click();
      return appears(page.getByRole('dialog', { name: 'Edit tag' }));
    },
  },
  {
    // The sidebar with views and lists (a drawer on phones).
    name: 'sidebar',
    show: async (page, size) => (await sidebarList(page, size)) !== null,
  },
  {
    // The share dialog of a list, from the Share button on the list's page.
    name: 'share',
    show: async (page, size) => {
      const list = await sidebarList(page, size);
      if (!list) return false;
      await list.click();
      const share = page.getByRole('button', { name: /^share/i });
      if (!(await appears(share, 2_000))) return false;
      await share.first().click();
      return appears(page.getByRole('dialog'));
    },
  },
];

async function capture(page: Page, file: string): Promise<number> {
  // Let fonts, the live list and transitions settle.
  await page.evaluate(async () => {
    await document.fonts.ready;
    // From the top, as a person arriving on the screen sees it (the editor scrolls to the row).
    window.scrollTo(0, 0);
    for (const el of document.querySelectorAll('.list-pane, .editor')) el.scrollTop = 0;
  });
  // No hover underline where the last click was.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const raw = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  const png = await sharp(raw)
    .png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 })
    .toBuffer();
  writeFileSync(file, png);
  return png.length;
}

async function main() {
  const only = process.env.SCREENS?.split(',').map((s) => s.trim());
  const screens = SCREENS.filter((s) => !only || only.includes(s.name));
  mkdirSync(OUT, { recursive: true });
  console.log('Building the PWA and starting an embedded stack…');
  const pwaDir = buildPwa();
  const stack = await startStack({ pwaDir });
  const devices: Device[] = [];
  const skipped = new Set<string>();
  const written: string[] = [];
  try {
    let email: string | null = null;
    for (const [size, viewport] of Object.entries(SIZES) as [keyof typeof SIZES, (typeof SIZES)['phone']][]) {
      for (const colorScheme of SCHEMES) {
        const device = await openDevice(stack.url, { ...viewport, colorScheme, timezoneId: ZONE });
        devices.push(device);
        const { page, context } = device;
        if (!email) {
          email = await signUp(page, EMAIL);
          await apiAs(context, stack.url).then(seed);
        } else {
          await signIn(page, email);
        }
        await waitSynced(page, '', 30_000);
        for (const screen of screens) {
          const file = path.join(OUT, `${screen.name}-${size}-${colorScheme}.png`);
          let shown = false;
          try {
            shown = await screen.show(page, size);
          } catch (err) {
            console.log(
              `  ${screen.name} (${size}, ${colorScheme}): ${(err as Error).message.split('\n')[0]}`,
            );
          }
          if (!shown) {
            skipped.add(screen.name);
            continue;
          }
          const bytes = await capture(page, file);
          written.push(path.relative(ROOT, file));
          console.log(`  ${path.relative(ROOT, file)}  ${Math.round(bytes / 1024)} kB`);
        }
        await device.close();
        devices.splice(devices.indexOf(device), 1);
      }
    }
    for (const name of skipped) console.log(`Skipped “${name}”: this build does not show it (yet).`);
    console.log(`${written.length} screenshots in ${path.relative(ROOT, OUT)}/`);
  } finally {
    for (const d of devices) await d.close();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
