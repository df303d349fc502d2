// Export, import and the calendar feed through the bff's public API, against a real database: a round
// trip into a fresh account equal up to ids and timestamps, a repeated import creating nothing twice, a
// Todoist CSV file, bad input refused whole, and feed URLs that are secret, stable, revocable and the
// person's alone (the feed parsed with ical.js).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const CSV = readFileSync(new URL('./fixtures/todoist-groceries.csv', import.meta.url), 'utf8');

/** A person with a bit of everything: lists (one archived), tags, subtasks, reminders, repeats, done. */
async function personWithData() {
  const { client: api, user } = await signUp(stack.url, { timeZone: 'America/New_York' });
  const work = (await api.post('/api/lists', { name: 'Work', color: '#7c3aed', icon: '💼' })).body;
  const old = (await api.post('/api/lists', { name: 'Old stuff' })).body;
  await api.patch(`/api/lists/${old.id}`, { archived: true });
  const urgent = (await api.post('/api/tags', { name: 'urgent-ish', color: '#dc2626' })).body;
  const home = (await api.post('/api/tags', { name: 'home' })).body;
  const report = (
    await api.post('/api/todos', {
      title: 'Quarterly report',
      description: 'Numbers from finance',
      priority: 'high',
      dueAt: '2027-03-10T14:00:00Z',
      timeZone: 'America/New_York',
      listId: work.id,
      tagIds: [urgent.id],
      reminders: [{ offsetMinutes: 60 }],
      recurrence: { type: 'custom', rrule: 'FREQ=MONTHLY;BYMONTHDAY=10', count: 12 },
      subtasks: [{ title: 'Collect numbers' }, { title: 'Write summary', done: true }],
    })
  ).body;
  expect(report.id).toBeDefined();
  await api.post('/api/todos', {
    title: 'Pay rent',
    dueAt: '2027-01-01T00:00:00-05:00',
    allDay: true,
    timeZone: 'America/New_York',
    tagIds: [home.id],
    reminders: [{ timeOfDay: '08:00' }],
    recurrence: { type: 'monthly', until: '2027-12-31' },
  });
  await api.post('/api/todos', { title: 'Someday', listId: old.id, priority: 'low' });
  const done = (await api.post('/api/todos', { title: 'Already done', tagIds: [home.id, urgent.id] })).body;
  await api.post(`/api/todos/${done.id}/complete`);
  return { api, user, work, old };
}

/** An export without what a round trip may change: ids, timestamps, versions, who and when sent. */
function comparable(doc: any) {
  const listName = new Map(doc.lists.map((l: any) => [l.id, l.inbox ? 'Inbox' : l.name]));
  return {
    version: doc.version,
    lists: doc.lists
      .map(({ id: _i, position: _p, ...l }: any) => l)
      .sort((a: any, b: any) => a.name.localeCompare(b.name)),
    tags: doc.tags.map(({ id: _i, ...t }: any) => t).sort((a: any, b: any) => a.name.localeCompare(b.name)),
    todos: doc.todos
      .map((t: any) => ({
        ...t,
        id: undefined,
        version: undefined,
        createdAt: undefined,
        updatedAt: undefined,
        listId: listName.get(t.listId),
        tags: t.tags.map((g: any) => g.name).sort(),
        reminders: t.reminders.map(({ id: _i, sentAt: _s, ...r }: any) => r),
        subtasks: t.subtasks.map(({ id: _i, ...s }: any) => s),
      }))
      .sort((a: any, b: any) => a.title.localeCompare(b.title)),
  };
}

/** The person's lists in their sidebar order, each with its todos' titles in manual order. */
async function arrangement(api: ApiClient): Promise<[string, string[]][]> {
  const lists = (await api.get('/api/lists')).body.items;
  const titles = async (list: any) =>
    (await api.get(`/api/todos?list=${list.id}&sort=position&limit=200`)).body.items.map((t: any) => t.title);
  return Promise.all(lists.map(async (l: any) => [l.name, await titles(l)] as [string, string[]]));
}

describe('export and import', () => {
  it('exports everything and imports it into a fresh account equal up to ids and timestamps', async () => {
    const { api } = await personWithData();
    const exported = await api.get('/api/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename="todos-.*\.json"/);
    const doc = exported.body;
    expect(doc.version).toBe(1);
    expect(doc.todos).toHaveLength(4);
    expect(doc.lists.map((l: any) => l.name).sort()).toEqual(['Inbox', 'Old stuff', 'Work']);
    expect(doc.lists[0].members).toBeUndefined();

    const { client: fresh } = await signUp(stack.url, { timeZone: 'America/New_York' });
    const imported = await fresh.post('/api/import', doc);
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ lists: 2, todos: 4, tags: 2 });
    const again = (await fresh.get('/api/export')).body;
    expect(comparable(again)).toEqual(comparable(doc));
    // The imported ids are the new account's own, never the source's.
    const ids = new Set(doc.todos.map((t: any) => t.id));
    expect(again.todos.some((t: any) => ids.has(t.id))).toBe(false);
  });

  it('creates nothing twice when the same import is sent again', async () => {
    const { api } = await personWithData();
    const doc = (await api.get('/api/export')).body;
    const { client: fresh } = await signUp(stack.url);
    expect((await fresh.post('/api/import', doc)).body).toEqual({ lists: 2, todos: 4, tags: 2 });
    expect((await fresh.post('/api/import', doc)).body).toEqual({ lists: 0, todos: 0, tags: 0 });
    expect((await fresh.get('/api/export')).body.todos).toHaveLength(4);
  });

  it('keeps list membership, manual order and checklists, also into an account that has its own', async () => {
    // The source: lists and todos reordered by hand, a todo moved between lists, a checklist reordered.
    const { client: api } = await signUp(stack.url);
    const work = (await api.post('/api/lists', { name: 'Work' })).body;
    const home = (await api.post('/api/lists', { name: 'Home' })).body;
    await api.patch(`/api/lists/${home.id}`, { position: 'a0V' }); // between the Inbox and Work
    const todo = async (title: string, fields: object = {}) =>
      (await api.post('/api/todos', { title, ...fields })).body;
    const w1 = await todo('W1', {
      listId: work.id,
      subtasks: [{ title: 's1' }, { title: 's2' }, { title: 's3' }],
    });
    await todo('W2', { listId: work.id });
    const w3 = await todo('W3', { listId: work.id });
    await api.patch(`/api/todos/${w3.id}`, { position: 'Zz' }); // to the top
    await api.patch(`/api/todos/${w1.id}/subtasks/${w1.subtasks[2].id}`, { position: 'Zz' });
    await api.patch(`/api/todos/${w1.id}/subtasks/${w1.subtasks[0].id}`, { done: true });
    await todo('H1', { listId: home.id });
    await todo('I1');
    const i2 = await todo('I2');
    const i3 = await todo('I3');
    await api.patch(`/api/todos/${i2.id}`, { listId: work.id }); // to the end of Work
    await api.patch(`/api/todos/${i3.id}`, { position: 'Zz' });
    const source = await arrangement(api);
    expect(source).toEqual([
      ['Inbox', ['I3', 'I1']],
      ['Home', ['H1']],
      ['Work', ['W3', 'W1', 'W2', 'I2']],
    ]);
    const checklist = (t: any) => t.subtasks.map((s: any) => `${s.title}${s.done ? ' (done)' : ''}`);
    const w1Of = async (client: ApiClient) =>
      checklist((await client.get('/api/export')).body.todos.find((t: any) => t.title === 'W1'));
    expect(await w1Of(api)).toEqual(['s3', 's1 (done)', 's2']);
    const doc = (await api.get('/api/export')).body;

    // Into an account with lists and Inbox todos of its own: what comes in goes after them.
    const { client: other } = await signUp(stack.url);
    await other.post('/api/lists', { name: 'Errands' });
    await other.post('/api/todos', { title: 'B1' });
    await other.post('/api/todos', { title: 'B2' });
    expect((await other.post('/api/import', doc)).body).toEqual({ lists: 2, todos: 7, tags: 0 });
    expect(await arrangement(other)).toEqual([
      ['Inbox', ['B1', 'B2', 'I3', 'I1']],
      ['Errands', []],
      ['Home', ['H1']],
      ['Work', ['W3', 'W1', 'W2', 'I2']],
    ]);
    expect(await w1Of(other)).toEqual(['s3', 's1 (done)', 's2']);

    // Back into the same account (a copy, once): the copies follow the originals, in their order.
    expect((await api.post('/api/import', doc)).body).toEqual({ lists: 2, todos: 7, tags: 0 });
    expect((await api.post('/api/import', doc)).body).toEqual({ lists: 0, todos: 0, tags: 0 });
    expect(await arrangement(api)).toEqual([
      ['Inbox', ['I3', 'I1', 'I3', 'I1']],
      ['Home', ['H1']],
      ['Work', ['W3', 'W1', 'W2', 'I2']],
      ['Home', ['H1']],
      ['Work', ['W3', 'W1', 'W2', 'I2']],
    ]);
  });

  it('reads a Todoist CSV export into a list named by the request, sections as lists of their own', async () => {
    const { client: api } = await signUp(stack.url, { timeZone: 'Europe/Berlin' });
    const res = await api.request('POST', '/api/import?list=Groceries', {
      raw: CSV,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ lists: 2, todos: 6, tags: 2 });
    const lists = (await api.get('/api/lists')).body.items;
    const groceries = lists.find((l: any) => l.name === 'Groceries');
    const dairy = lists.find((l: any) => l.name === 'Groceries / Dairy');
    expect(groceries && dairy).toBeTruthy();
    const todos = (await api.get('/api/export')).body.todos;
    const byTitle = (title: string) => todos.find((t: any) => t.title === title);
    expect(byTitle('Buy milk')).toMatchObject({
      priority: 'urgent',
      description: '2 litres semi-skimmed\n\nAsk at the counter, they keep it in the back',
      allDay: true,
      dueAt: '2026-12-23T23:00:00.000Z',
      timeZone: 'Europe/Berlin',
      listId: groceries.id,
    });
    expect(
      byTitle('Buy milk')
        .tags.map((t: any) => t.name)
        .sort(),
    ).toEqual(['Dairy', 'errand']);
    expect(byTitle('Buy milk').subtasks.map((s: any) => s.title)).toEqual(['Oat milk', 'Lactose-free']);
    expect(byTitle('Call the bakery')).toMatchObject({
      priority: 'high',
      allDay: false,
      dueAt: '2026-12-23T08:30:00.000Z',
    });
    expect(byTitle('Water the plants').recurrence).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(byTitle('Water the plants').priority).toBe('medium');
    expect(byTitle('Plan the party')).toMatchObject({
      dueAt: null,
      priority: 'low',
      description: 'Todoist date: next full moon',
    });
    expect(byTitle('Cheese, the "good" one')).toMatchObject({ listId: dairy.id });
    expect(byTitle('Yoghurt').recurrence).toMatchObject({ type: 'daily' });
    // The same file again: nothing new.
    const again = await api.request('POST', '/api/import?list=Groceries', {
      raw: CSV,
      headers: { 'content-type': 'text/csv' },
    });
    expect(again.body).toEqual({ lists: 0, todos: 0, tags: 0 });
  });

  it('refuses bad input whole with a problem, and writes nothing', async () => {
    const { client: api } = await signUp(stack.url);
    const csv = (raw: string, query = '') =>
      api.request('POST', `/api/import${query}`, { raw, headers: { 'content-type': 'text/csv' } });
    const cases = [
      [await csv('name,when\nmilk,today\n'), 422],
      [await csv('TYPE,CONTENT\ntask,"unclosed\n'), 422],
      [await csv(`TYPE,CONTENT\n${'task,x\n'.repeat(10_001)}`), 422],
      [await csv(`TYPE,CONTENT\ntask,${'x'.repeat(20_001)}\n`), 422],
      [await csv('TYPE,CONTENT\ntask,x\n', `?list=${'x'.repeat(101)}`), 400],
      [await csv(`TYPE,CONTENT\n${`task,${'y'.repeat(1000)}\n`.repeat(4300)}`), 413],
      [await api.post('/api/import', { version: 2, todos: [] }), 422],
      [await api.post('/api/import', { version: 1, todos: [{ id: 'a', title: '' }] }), 422],
      [
        await api.post('/api/import', {
          version: 1,
          todos: [
            { id: 'a', title: 'x' },
            { id: 'a', title: 'y' },
          ],
        }),
        422,
      ],
      [
        await api.post('/api/import', {
          version: 1,
          todos: [
            { id: 'a', title: 'fine' },
            { id: 'b', title: 'bad', recurrence: { type: 'custom', rrule: 'FREQ=NEVER' } },
          ],
        }),
        400,
      ],
      [
        await api.request('POST', '/api/import', {
          raw: '{"version": 1,',
          headers: { 'content-type': 'application/json' },
        }),
        400,
      ],
      [
        await api.request('POST', '/api/import', { raw: 'hello', headers: { 'content-type': 'text/plain' } }),
        415,
      ],
    ] as const;
    for (const [res, status] of cases) {
      expect(res.status, res.text.slice(0, 300)).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.text).not.toMatch(/at .*\.ts:\d+|SELECT|INSERT/);
    }
    expect((await api.get('/api/export')).body.todos).toEqual([]);
    expect((await api.get('/api/lists')).body.items).toHaveLength(1);
  });

  it("includes the lists shared with the person and their todos, without the other members' details", async () => {
    const { api: owner, work } = await personWithData();
    const { client: member, email } = await signUp(stack.url);
    const invitation = (await owner.post(`/api/lists/${work.id}/invitations`, { email })).body;
    expect((await member.post(`/api/invitations/${invitation.id}/accept`)).status).toBe(200);
    const doc = (await member.get('/api/export')).body;
    const shared = doc.lists.find((l: any) => l.id === work.id);
    expect(shared).toMatchObject({ name: 'Work', role: 'editor' });
    expect(JSON.stringify(doc)).not.toContain('@example.test');
    expect(doc.todos.map((t: any) => t.title)).toEqual(['Quarterly report']);
    // The owner's reminders are theirs: the member's export has none of them.
    expect(doc.todos[0].reminders).toEqual([]);
  });

  it('keeps every account to itself: no session is 401, and an import never writes into a list of another', async () => {
    const anonymous = new ApiClient(stack.url);
    expect((await anonymous.get('/api/export')).status).toBe(401);
    expect((await anonymous.post('/api/import', { version: 1, todos: [] })).status).toBe(401);
    expect((await anonymous.get('/api/calendar')).status).toBe(401);
    const { api: owner, work } = await personWithData();
    const before = (await owner.get('/api/export')).body;
    const { client: other } = await signUp(stack.url);
    const res = await other.post('/api/import', {
      version: 1,
      lists: [{ id: work.id, name: 'Work' }],
      todos: [{ id: randomUUID(), title: 'Sneaked in', listId: work.id }],
    });
    expect(res.body).toEqual({ lists: 1, todos: 1, tags: 0 });
    expect(comparable((await owner.get('/api/export')).body)).toEqual(comparable(before));
    const mine = (await other.get('/api/export')).body;
    expect(mine.todos).toHaveLength(1);
    expect(mine.lists.map((l: any) => l.id)).not.toContain(work.id);
  });
});

describe('calendar feed', () => {
  it('gives a secret URL that stays the same until revoked, serving dated open todos (not those of archived lists) as RFC 5545 events', async () => {
    const { api, old } = await personWithData();
    // An archived list's dated todos stay out of the feed, as out of the app's views.
    await api.post('/api/todos', { title: 'Old trip', listId: old.id, dueAt: '2027-02-01T10:00:00Z' });
    const first = await api.get('/api/calendar');
    expect(first.status).toBe(200);
    const url: string = first.body.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await api.get('/api/calendar')).body.url).toBe(url);

    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const text = await feed.text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    // The feed's own VTIMEZONE, so ical.js reads its times with the feed's rules for the zone.
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary).sort()).toEqual(['Pay rent', 'Quarterly report']);
    const report = events.find((e) => e.summary === 'Quarterly report')!;
    expect(report.startDate.isDate).toBe(false);
    expect(report.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('America/New_York');
    expect(report.startDate.toJSDate().toISOString()).toBe('2027-03-10T14:00:00.000Z');
    expect(report.description).toBe('Numbers from finance');
    expect(report.component.getFirstPropertyValue('rrule')?.toString()).toBe(
      'FREQ=MONTHLY;COUNT=12;BYMONTHDAY=10',
    );
    // The second occurrence, past the change to daylight saving time, keeps its wall time.
    const next = report.iterator();
    next.next();
    const april = next.next()!;
    expect(april.toString()).toBe('2027-04-10T09:00:00');
    const rent = events.find((e) => e.summary === 'Pay rent')!;
    expect(rent.startDate.isDate).toBe(true);
    expect(rent.startDate.toString()).toBe('2027-01-01');
    expect(String(rent.component.getFirstPropertyValue('rrule'))).toMatch(/^FREQ=MONTHLY.*UNTIL=20271231/);
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(
      'America/New_York',
    );
  });

  it('answers 404 to unknown, malformed and revoked feed URLs, and each person has their own', async () => {
    const { client: a } = await signUp(stack.url);
    const { client: b } = await signUp(stack.url);
    const urlA = (await a.get('/api/calendar')).body.url as string;
    const urlB = (await b.get('/api/calendar')).body.url as string;
    expect(urlB).not.toBe(urlA);
    const base = urlA.slice(0, urlA.lastIndexOf('/') + 1);
    for (const wrong of [`${base}${'A'.repeat(43)}.ics`, `${base}short.ics`, urlA.replace(/\.ics$/, '')]) {
      const res = await fetch(wrong);
      expect(res.status, wrong).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await a.delete('/api/calendar')).status).toBe(204);
    expect((await fetch(urlA)).status).toBe(404);
    expect((await fetch(urlB)).status).toBe(200);
    const renewed = (await a.get('/api/calendar')).body.url;
    expect(renewed).not.toBe(urlA);
    expect((await fetch(renewed)).status).toBe(200);
  });

  it('limits feed fetches per client address: 429 with Retry-After past 60 a minute', async () => {
    const { client } = await signUp(stack.url);
    const url = (await client.get('/api/calendar')).body.url as string;
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 61 && !limited; i++) {
      const res = await fetch(url);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited, 'no fetch was limited').toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.headers.get('content-type')).toContain('application/problem+json');
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
  });
});
