// 5. Search, filter and sort through the UI (over local data, offline-capable) give the server's answers
// for the same data: same todos, same order, ties included; all-day todos among them (due at the start of
// their date, overdue only once it has ended).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiClient } from '../tests/support/client.ts';
import {
  apiAs,
  listIds,
  openDevice,
  serverTodos,
  signUp,
  waitSynced,
  type Device,
  showAll,
} from './support/browser.ts';

const baseUrl = inject('baseUrl');
let device: Device;
let api: ApiClient;
const tagIds: Record<string, string> = {};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  device = await openDevice(baseUrl, { width: 1280, height: 900 });
  await signUp(device.page);
  await showAll(device.page);
  api = await apiAs(device.context, baseUrl);
  for (const name of ['work', 'home', 'Errands']) {
    const res = await api.post('/api/tags', { name });
    tagIds[name] = res.body.id;
  }
  const now = Date.now();
  const at = (ms: number | null) => (ms === null ? null : new Date(now + ms).toISOString());
  const same = new Date(now + 2 * DAY).toISOString();
  const rows: [string, string, string, number | null, string[], boolean][] = [
    ['Buy milk', 'whole milk and honey', 'high', -2 * HOUR, ['home', 'Errands'], false],
    ['buy bread', 'sourdough', 'medium', 1 * HOUR, ['Errands'], false],
    ['Bake bread', 'bread crumbs for the ducks', 'low', -3 * DAY, ['home'], false],
    ['Milestone review', 'quarterly', 'urgent', 3 * DAY, ['work'], false],
    ['Call mom', '', 'medium', null, [], false],
    ['call Ana', 'about the milkshake', 'medium', null, ['home'], false],
    ['Älter Schrank', 'move it', 'low', 6 * DAY, [], false],
    ['Zebra crossing', 'paint', 'high', 7 * DAY + HOUR, ['work'], false],
    ['apple pie', 'bake for Sunday', 'urgent', 2 * DAY, [], false],
    ['Apple store', 'repair', 'urgent', 2 * DAY, ['Errands'], false],
    ['milk the cow', 'farm', 'low', -10 * DAY, [], true],
    ['Report Q3', 'numbers', 'high', 5 * HOUR, ['work'], false],
    ['report draft', 'draft the report', 'high', -1 * HOUR, ['work'], true],
    ['10 push-ups', 'daily', 'medium', 20 * HOUR, [], false],
    ['Émile’s party', 'bring bread', 'low', null, ['home'], false],
    ['e-mail Bob', 'milestones', 'medium', -5 * DAY, ['work', 'home'], false],
    ['same due one', '', 'medium', 0, [], false],
    ['same due two', '', 'medium', 0, [], false],
  ];
  // All-day: the server puts them at the start of their date (in New York, the device's zone).
  const allDay: [string, string, string, number, string[], boolean][] = [
    ['Rent due', 'landlord', 'high', -1 * DAY, ['home'], false],
    ['Passport photo', 'for the renewal', 'medium', 0, ['Errands'], false],
    ['Dentist', 'check-up', 'low', 0, [], false],
    ['Quarterly taxes', 'numbers', 'urgent', 3 * DAY, ['work'], false],
    ['Quarterly review', '', 'high', 3 * DAY, ['work'], false],
    ['Garden day', 'plant tulips', 'low', 7 * DAY, ['home'], false],
    ['Recycling', 'old batteries', 'medium', -4 * DAY, [], true],
  ];
  for (const [[title, description, priority, due, tags, done], allDayTodo] of [
    ...rows.map((r) => [r, false] as const),
    ...allDay.map((r) => [r, true] as const),
  ]) {
    const dueAt = due === 0 && !allDayTodo ? same : at(due);
    const res = await api.post('/api/todos', {
      title,
      description,
      priority,
      dueAt,
      ...(allDayTodo ? { allDay: true } : {}),
      tagIds: tags.map((t) => tagIds[t]),
    });
    if (res.status !== 201) throw new Error(`seed: ${res.status} ${res.text}`);
    if (done) await api.post(`/api/todos/${res.body.id}/complete`);
  }
  await device.page.reload();
  await waitSynced(device.page);
  const open = [...rows, ...allDay].filter((r) => !r[5]).length;
  await device.page.waitForFunction(
    (n) => document.querySelectorAll('.todo-list .todo-row').length === n,
    open,
  );
}, 120_000);

afterAll(async () => {
  await device?.close();
});

interface Case {
  text?: string;
  status?: 'open' | 'done' | 'all';
  priorities?: string[];
  tags?: string[];
  due?: 'overdue' | 'today' | 'week' | 'none';
  sort?: 'createdAt' | 'dueAt' | 'priority' | 'title';
}

const SORT_LABEL = {
  createdAt: 'Newest first',
  dueAt: 'Due date',
  priority: 'Priority',
  title: 'Title (A–Z)',
};
const STATUS_LABEL = { open: 'Open', done: 'Done', all: 'All' };
const DUE_LABEL = { overdue: 'Overdue', today: 'Today', week: 'Next 7 days', none: 'No date' };
const PRIORITY_LABEL: Record<string, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};

/** Sets the query through the UI, from a clean state. */
async function apply(page: Page, c: Case) {
  const panel = page.getByRole('group', { name: 'Filters' });
  if (!(await panel.isVisible())) await page.getByRole('button', { name: /^Filters/ }).click();
  const clear = panel.getByRole('button', { name: 'Clear filters' });
  if (await clear.isVisible()) await clear.click();
  await page.getByRole('searchbox', { name: 'Search todos' }).fill(c.text ?? '');
  await panel.locator('label.pill', { hasText: STATUS_LABEL[c.status ?? 'open'] }).click();
  for (const p of c.priorities ?? []) await panel.getByRole('checkbox', { name: PRIORITY_LABEL[p] }).check();
  for (const t of c.tags ?? []) await panel.getByRole('checkbox', { name: t }).check();
  if (c.due) await panel.locator('label.pill', { hasText: DUE_LABEL[c.due] }).click();
  await page.getByLabel('Sort').selectOption({ label: SORT_LABEL[c.sort ?? 'createdAt'] });
}

async function serverIds(c: Case): Promise<string[]> {
  const params = new URLSearchParams({ limit: '200', sort: c.sort ?? 'createdAt' });
  if ((c.status ?? 'open') !== 'all') params.set('status', c.status ?? 'open');
  if (c.text) params.set('q', c.text);
  for (const p of c.priorities ?? []) params.append('priority', p);
  for (const t of c.tags ?? []) params.append('tag', tagIds[t]!);
  if (c.due) params.set('due', c.due);
  const res = await api.get(`/api/todos?${params}`);
  if (res.status !== 200) throw new Error(`${params}: ${res.status} ${res.text}`);
  return res.body.items.map((t: { id: string }) => t.id);
}

const CASES: Case[] = [
  {},
  { status: 'all', sort: 'dueAt' },
  { status: 'all', sort: 'priority' },
  { status: 'all', sort: 'title' },
  { status: 'done', sort: 'title' },
  { text: 'mil' },
  { text: 'MILK', status: 'all', sort: 'title' },
  { text: 'bre ba', status: 'all' },
  { text: 'bread', sort: 'dueAt' },
  { text: 'emile' },
  { text: 'émile' },
  { priorities: ['urgent', 'high'], sort: 'priority' },
  { priorities: ['low'], status: 'all', sort: 'dueAt' },
  { tags: ['work', 'home'], status: 'all', sort: 'title' },
  { tags: ['Errands'], sort: 'dueAt' },
  { due: 'overdue', status: 'all', sort: 'dueAt' },
  { due: 'today', status: 'all', sort: 'dueAt' },
  { due: 'week', sort: 'dueAt' },
  { due: 'none', status: 'all', sort: 'title' },
  { text: 'b', tags: ['home', 'Errands'], priorities: ['low', 'high'], status: 'all', sort: 'title' },
  // All-day todos: overdue from the end of their date, in today and the week from its start, ties at midnight.
  { due: 'overdue', sort: 'title' },
  { due: 'today', sort: 'priority' },
  { due: 'week', status: 'all', sort: 'title' },
  { text: 'quarterly', sort: 'dueAt' },
  { tags: ['home'], status: 'all', sort: 'dueAt' },
];

describe('search, filter and sort in the app', () => {
  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))(
    '%s gives the server’s answer',
    async (_name, c) => {
      const expected = await serverIds(c);
      await apply(device.page, c);
      await expect.poll(() => listIds(device.page), { timeout: 3000 }).toEqual(expected);
    },
  );

  it('marks the matching words in the results', async () => {
    await apply(device.page, { text: 'mil', status: 'all', sort: 'title' });
    const marks = await device.page.locator('.todo-list mark').allTextContents();
    expect(marks.length).toBeGreaterThan(3);
    for (const m of marks) expect(m.toLowerCase().startsWith('mil')).toBe(true);
    expect(new Set(marks.map((m) => m.toLowerCase()))).toEqual(
      new Set(['milk', 'milestone', 'milkshake', 'milestones']),
    );
  });

  it('works offline over the same local data', async () => {
    const c: Case = { text: 'bread', status: 'all', sort: 'priority' };
    const expected = await serverIds(c);
    await device.context.setOffline(true);
    try {
      await apply(device.page, c);
      await expect.poll(() => listIds(device.page), { timeout: 3000 }).toEqual(expected);
    } finally {
      await device.context.setOffline(false);
    }
    expect((await serverTodos(api)).length).toBe(25);
    expect(device.problems).toEqual([]);
  });
});
