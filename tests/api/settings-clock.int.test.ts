// Settings the person changes, and the reminder clock's entry for the Dapr cron binding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('settings', () => {
  it('reads and changes notification settings, name and time zone', async () => {
    const { client } = await signUp(stack.url, { name: 'Grace', timeZone: 'America/Chicago' });
    const read = await client.get('/api/settings');
    expect(read.body).toEqual({
      name: 'Grace',
      timeZone: 'America/Chicago',
      pushReminders: true,
      emailReminders: false,
      defaultReminderTime: '09:00',
    });
    const changed = await client.patch('/api/settings', {
      emailReminders: true,
      defaultReminderTime: '07:30',
      timeZone: 'Europe/Oslo',
    });
    expect(changed.body).toMatchObject({
      emailReminders: true,
      defaultReminderTime: '07:30',
      timeZone: 'Europe/Oslo',
    });
    expect((await client.get('/api/auth/me')).body.user.timeZone).toBe('Europe/Oslo');
    const bad = await client.patch('/api/settings', {
      defaultReminderTime: '25:00',
      timeZone: 'Nowhere/City',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'defaultReminderTime',
      'timeZone',
    ]);
    expect((await client.patch('/api/settings', {})).status).toBe(400);
    expect((await new ApiClient(stack.url).get('/api/settings')).status).toBe(401);
  });
});

describe('the reminder clock endpoint', () => {
  it('answers the binding’s OPTIONS, refuses callers without a token, and claims due reminders', async () => {
    const core = new ApiClient(stack.coreUrl);
    expect((await core.request('OPTIONS', '/reminder-clock')).status).toBe(200);
    expect((await core.post('/reminder-clock', {})).status).toBe(401);
    const { client } = await signUp(stack.url);
    const todo = (
      await client.post('/api/todos', {
        title: 'Due already',
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        reminders: [{ remindAt: new Date(Date.now() - 1000).toISOString() }],
      })
    ).body;
    const tick = await core.post(
      '/reminder-clock',
      {},
      { headers: { 'x-internal-token': stack.internalToken } },
    );
    expect(tick.status).toBe(200);
    const after = (await client.get(`/api/todos/${todo.id}`)).body;
    // Claimed now or by the embedded timer just before: either way it is sent, exactly once.
    expect(after.reminders[0].sentAt).not.toBeNull();
    expect(after.version).toBeGreaterThan(todo.version);
    const again = await core.post(
      '/reminder-clock',
      {},
      { headers: { 'x-internal-token': stack.internalToken } },
    );
    expect(again.body).toEqual({ claimed: 0 });
  });
});
