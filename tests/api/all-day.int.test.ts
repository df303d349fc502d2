// Todos due on a date without a time ("all day"): the due time sits at the start of the date in the
// todo's zone, the todo reminds on that date at the person's default reminder time (DST-correct),
// reminders follow the date, recurrence keeps the date and the time, and overdue means the date has
// ended. Through the bff, on the embedded database and on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { defaultReminderId } from '@todo/todo-rules';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const iso = (s: string) => new Date(s).toISOString();

/** The start of `date` (YYYY-MM-DD) in `zone`, as the API writes instants. */
const midnight = (date: string, zone: string) =>
  iso(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: zone }).toInstant().toString());

describe('an all-day todo', () => {
  let api: ApiClient;
  beforeAll(async () => {
    ({ client: api } = await signUp(stack.url, { timeZone: 'Europe/Berlin' }));
  });

  it('is due at the start of its date in its zone and reminds that day at the default time', async () => {
    // 15:30 on Dec 1 in Berlin, written in UTC: the date is Berlin's Dec 1.
    const res = await api.post('/api/todos', {
      title: 'Pay rent',
      dueAt: '2099-12-01T14:30:00Z',
      allDay: true,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      allDay: true,
      timeZone: 'Europe/Berlin',
      dueAt: midnight('2099-12-01', 'Europe/Berlin'),
    });
    expect(res.body.reminders).toEqual([
      {
        id: defaultReminderId(res.body.id),
        remindAt: iso('2099-12-01T08:00:00Z'),
        offsetMinutes: null,
        timeOfDay: '09:00',
        sentAt: null,
      },
    ]);
    // A timed todo is what it always was.
    const timed = (await api.post('/api/todos', { title: 'Call', dueAt: '2099-12-01T14:30:00Z' })).body;
    expect(timed).toMatchObject({ allDay: false, dueAt: iso('2099-12-01T14:30:00Z'), reminders: [] });
  });

  it('takes the person’s own default time, and no default when it asks for its own reminders', async () => {
    const { client } = await signUp(stack.url, { timeZone: 'America/New_York' });
    await client.patch('/api/settings', { defaultReminderTime: '07:30' });
    const own = await client.post('/api/todos', {
      title: 'Mine',
      dueAt: '2099-12-01T12:00:00Z',
      allDay: true,
    });
    expect(own.body.reminders).toMatchObject([{ timeOfDay: '07:30', remindAt: iso('2099-12-01T12:30:00Z') }]);
    const none = await client.post('/api/todos', {
      title: 'Quiet',
      dueAt: '2099-12-01T12:00:00Z',
      allDay: true,
      reminders: [],
    });
    expect(none.body.reminders).toEqual([]);
    const chosen = await client.post('/api/todos', {
      title: 'Chosen',
      dueAt: '2099-12-01T12:00:00Z',
      allDay: true,
      reminders: [{ timeOfDay: '18:00' }],
    });
    expect(chosen.body.reminders).toMatchObject([
      { timeOfDay: '18:00', remindAt: iso('2099-12-01T23:00:00Z') },
    ]);
    const undated = await client.post('/api/todos', { title: 'Someday', allDay: true });
    expect(undated.body).toMatchObject({ allDay: true, dueAt: null, reminders: [] });
  });

  it('reminds at 09:00 local on the days the clocks change (New York and Berlin)', async () => {
    const { client } = await signUp(stack.url, { timeZone: 'America/New_York' });
    const cases = [
      ['America/New_York', '2099-03-08', '2099-03-08T13:00:00Z'],
      ['America/New_York', '2099-11-01', '2099-11-01T14:00:00Z'],
      ['Europe/Berlin', '2099-03-29', '2099-03-29T07:00:00Z'],
      ['Europe/Berlin', '2099-10-25', '2099-10-25T08:00:00Z'],
    ] as const;
    for (const [timeZone, date, at] of cases) {
      const todo = (
        await client.post('/api/todos', { title: date, dueAt: `${date}T12:00:00Z`, allDay: true, timeZone })
      ).body;
      expect(todo.dueAt, `${timeZone} ${date}`).toBe(midnight(date, timeZone));
      expect(todo.reminders[0].remindAt, `${timeZone} ${date}`).toBe(iso(at));
    }
  });

  it('moves its on-the-day reminders with its date and keeps its date when it changes zone', async () => {
    const todo = (
      await api.post('/api/todos', { title: 'Move me', dueAt: '2099-12-01T10:00:00Z', allDay: true })
    ).body;
    const moved = await api.patch(`/api/todos/${todo.id}`, { dueAt: '2099-12-03T10:00:00Z' });
    expect(moved.body).toMatchObject({ dueAt: midnight('2099-12-03', 'Europe/Berlin') });
    expect(moved.body.reminders).toMatchObject([
      { timeOfDay: '09:00', remindAt: iso('2099-12-03T08:00:00Z') },
    ]);
    const travelled = await api.patch(`/api/todos/${todo.id}`, { timeZone: 'America/New_York' });
    expect(travelled.body).toMatchObject({ dueAt: midnight('2099-12-03', 'America/New_York') });
    expect(travelled.body.reminders).toMatchObject([{ remindAt: iso('2099-12-03T14:00:00Z') }]);
    // Given a time, it is a timed todo at that time; the reminder on the day stays.
    const timed = await api.patch(`/api/todos/${todo.id}`, { allDay: false, dueAt: '2099-12-03T20:00:00Z' });
    expect(timed.body).toMatchObject({ allDay: false, dueAt: iso('2099-12-03T20:00:00Z') });
    expect(timed.body.reminders).toHaveLength(1);
    // Without a date, reminders on it have nothing to follow.
    const undated = await api.patch(`/api/todos/${todo.id}`, { dueAt: null });
    expect(undated.body.reminders).toEqual([]);
  });

  it('gets the default reminder when it becomes all-day without reminders, and only then', async () => {
    const bare = (await api.post('/api/todos', { title: 'Bare', dueAt: '2099-12-05T16:45:00Z' })).body;
    const became = await api.patch(`/api/todos/${bare.id}`, { allDay: true });
    expect(became.body).toMatchObject({ allDay: true, dueAt: midnight('2099-12-05', 'Europe/Berlin') });
    expect(became.body.reminders).toMatchObject([
      { id: defaultReminderId(bare.id), timeOfDay: '09:00', remindAt: iso('2099-12-05T08:00:00Z') },
    ]);
    // Already all-day: a new date moves the reminder, adds none.
    const again = await api.patch(`/api/todos/${bare.id}`, { dueAt: '2099-12-06T00:00:00Z' });
    expect(again.body.reminders).toHaveLength(1);
    // A device that adds the same default reminder (same derived id) gets that one, not a second.
    const same = await api.post(`/api/todos/${bare.id}/reminder`, {
      id: defaultReminderId(bare.id),
      timeOfDay: '09:00',
    });
    expect(same.status, same.text).toBe(201);
    expect(same.body).toEqual(again.body.reminders[0]);
    const after = (await api.get(`/api/todos/${bare.id}`)).body;
    expect(after.reminders).toHaveLength(1);
    expect(after.version).toBe(again.body.version);
    // The id of another todo's reminder is not this todo's to take.
    const other = (await api.post('/api/todos', { title: 'Other', dueAt: '2099-12-05T16:45:00Z' })).body;
    const taken = await api.post(`/api/todos/${other.id}/reminder`, {
      id: defaultReminderId(bare.id),
      timeOfDay: '09:00',
    });
    expect(taken.status).toBe(409);

    const withOwn = (
      await api.post('/api/todos', {
        title: 'Own',
        dueAt: '2099-12-05T16:45:00Z',
        reminders: [{ offsetMinutes: 30 }],
      })
    ).body;
    const kept = await api.patch(`/api/todos/${withOwn.id}`, { allDay: true });
    expect(kept.body.reminders).toMatchObject([{ offsetMinutes: 30 }]);
  });

  it('adds a reminder at a time on the due date, and refuses one without a due date or ambiguous', async () => {
    const todo = (
      await api.post('/api/todos', { title: 'Dated', dueAt: '2099-12-07T10:00:00Z', allDay: true })
    ).body;
    const added = await api.post(`/api/todos/${todo.id}/reminder`, { timeOfDay: '20:15' });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({ timeOfDay: '20:15', remindAt: iso('2099-12-07T19:15:00Z') });
    const undated = (await api.post('/api/todos', { title: 'Undated' })).body;
    const refused = await api.post(`/api/todos/${undated.id}/reminder`, { timeOfDay: '08:00' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'timeOfDay', message: 'the todo has no due date' }]);
    const both = await api.post(`/api/todos/${todo.id}/reminder`, { timeOfDay: '08:00', offsetMinutes: 5 });
    expect(both.status).toBe(400);
    expect(both.body.detail).toContain('exactly one of remindAt, offsetMinutes or timeOfDay');
    expect((await api.post(`/api/todos/${todo.id}/reminder`, { timeOfDay: '8am' })).status).toBe(400);
    expect((await api.get(`/api/todos/${todo.id}`)).body.reminders).toHaveLength(2);
  });

  it('recurs weekly on its date, all-day, reminding at 09:00 across the change to winter time', async () => {
    // Tuesdays in Berlin; the clocks go back on Sunday 2099-10-25.
    const todo = (
      await api.post('/api/todos', {
        title: 'Bins out',
        dueAt: '2099-10-20T12:00:00Z',
        allDay: true,
        recurrence: { type: 'weekly' },
      })
    ).body;
    const done = await api.post(`/api/todos/${todo.id}/complete`);
    expect(done.status, done.text).toBe(200);
    expect(done.body.next).toMatchObject({
      allDay: true,
      dueAt: midnight('2099-10-27', 'Europe/Berlin'),
      reminders: [
        {
          id: defaultReminderId(done.body.next.id),
          timeOfDay: '09:00',
          remindAt: iso('2099-10-27T08:00:00Z'),
          sentAt: null,
        },
      ],
    });
  });

  it('follows a new default time in settings; reminders the person chose stay where they are', async () => {
    const { client } = await signUp(stack.url, { timeZone: 'Europe/Berlin' });
    const create = async (title: string, extra: object = {}) =>
      (await client.post('/api/todos', { title, dueAt: '2099-12-10T10:00:00Z', allDay: true, ...extra }))
        .body;
    const byDefault = await create('Default');
    const chosen = await create('Chosen at 09:00', { reminders: [{ timeOfDay: '09:00' }] });
    const finished = await create('Done already');
    await client.post(`/api/todos/${finished.id}/complete`);

    const changed = await client.patch('/api/settings', { defaultReminderTime: '06:45' });
    expect(changed.status, changed.text).toBe(200);

    const now = async (id: string) => (await client.get(`/api/todos/${id}`)).body;
    const moved = await now(byDefault.id);
    expect(moved.reminders).toMatchObject([{ timeOfDay: '06:45', remindAt: iso('2099-12-10T05:45:00Z') }]);
    expect(moved.version).toBeGreaterThan(byDefault.version);
    expect((await now(chosen.id)).reminders).toMatchObject([{ timeOfDay: '09:00' }]);
    expect((await now(finished.id)).reminders).toMatchObject([{ timeOfDay: '09:00' }]);
    // New all-day todos take the new time.
    expect((await create('Later')).reminders).toMatchObject([{ timeOfDay: '06:45' }]);
  });

  it('is overdue once its date has ended in its zone, not from its first minute', async () => {
    const { client } = await signUp(stack.url, { timeZone: 'Pacific/Kiritimati' });
    const zone = 'Pacific/Kiritimati';
    const today = Temporal.Now.plainDateISO(zone);
    const at = (date: Temporal.PlainDate) =>
      date.toZonedDateTime({ timeZone: zone, plainTime: '12:00' }).toString({ timeZoneName: 'never' });
    const todays = (await client.post('/api/todos', { title: 'Today', dueAt: at(today), allDay: true })).body;
    const yesterdays = (
      await client.post('/api/todos', {
        title: 'Yesterday',
        dueAt: at(today.subtract({ days: 1 })),
        allDay: true,
      })
    ).body;
    const ids = async (query: string) =>
      (await client.get(`/api/todos?${query}`)).body.items.map((t: { id: string }) => t.id);
    expect(await ids('due=overdue')).toEqual([yesterdays.id]);
    expect(await ids('due=today')).toEqual([todays.id]);
    expect((await ids('due=week')).sort()).toEqual([todays.id]);
  });

  it('comes through sync: a pushed all-day create gets its default reminder, and the pull shows both', async () => {
    const { client } = await signUp(stack.url, { timeZone: 'Europe/Berlin' });
    const id = randomUUID();
    const res = await client.post('/api/sync/push', {
      clientId: 'device-all-day',
      mutations: [
        {
          id: randomUUID(),
          type: 'todo.create',
          payload: { id, title: 'Synced', dueAt: '2099-12-09T09:00:00Z', allDay: true },
        },
      ],
    });
    expect(res.body.results[0].status, res.text).toBe('applied');
    const pulled = await client.get('/api/sync/pull?cursor=0&limit=50');
    const change = pulled.body.changes.find((c: { todo?: { id: string } }) => c.todo?.id === id);
    expect(change.todo).toMatchObject({
      allDay: true,
      dueAt: midnight('2099-12-09', 'Europe/Berlin'),
      reminders: [{ id: defaultReminderId(id), timeOfDay: '09:00' }],
    });
  });
});
