// The reminder notification the service worker shows, and what its buttons queue.
import type { ReminderPushPayload } from '@todo/contracts';
import { describe, expect, it } from 'vitest';
import {
  actionMutation,
  parsePayload,
  reminderData,
  reminderNotification,
  todoPath,
} from './reminder-notification.ts';

const todoId = '0190a0b0-0000-7000-8000-000000000001';
const reminderId = '0190a0b0-0000-7000-8000-000000000002';
const payload = {
  type: 'reminder',
  todoId,
  reminderId,
  title: 'Call the dentist',
  body: 'Due Tue, Mar 10, 9:00 AM EDT',
  dueAt: '2026-03-10T13:00:00.000Z',
  remindAt: '2026-03-10T12:45:00.000Z',
};

describe('the notification of a pushed reminder', () => {
  it('shows the title and due time, replaces an earlier one of the same reminder and offers Done and Snooze', () => {
    const parsed = parsePayload(payload);
    expect(parsed).not.toBeNull();
    const { title, options } = reminderNotification(parsed!);
    expect(title).toBe('Call the dentist');
    expect(options).toMatchObject({
      body: 'Due Tue, Mar 10, 9:00 AM EDT',
      tag: reminderId,
      renotify: true,
      requireInteraction: true,
      data: { todoId, reminderId },
      timestamp: Date.parse(payload.remindAt),
    });
    expect(options.actions).toEqual([
      { action: 'done', title: 'Done' },
      { action: 'snooze', title: 'Snooze 10 min' },
    ]);
  });

  it('refuses what is not a reminder, and fills in a missing body', () => {
    expect(parsePayload(null)).toBeNull();
    expect(parsePayload('text')).toBeNull();
    expect(parsePayload({ ...payload, type: 'other' })).toBeNull();
    expect(parsePayload({ ...payload, todoId: undefined })).toBeNull();
    expect(parsePayload({ type: 'reminder', todoId, reminderId })).toMatchObject({
      title: 'Reminder',
      body: 'Reminder',
    });
  });
});

describe('the push payload', () => {
  it('is read as the worker sends it (the contract’s ReminderPushPayload), nothing lost or added', () => {
    const sent: ReminderPushPayload = {
      type: 'reminder',
      todoId,
      reminderId,
      title: 'Pay rent',
      body: 'Due Tue, Mar 10',
      dueAt: '2026-03-10T04:00:00.000Z',
      allDay: true,
      remindAt: '2026-03-10T13:00:00.000Z',
    };
    expect(parsePayload(JSON.parse(JSON.stringify(sent)))).toEqual(sent);
  });
});

describe('the due line of an all-day todo', () => {
  it('is the worker’s, which shows the date alone when the payload says allDay', () => {
    const allDay = parsePayload({ ...payload, body: 'Due Tue, Mar 10', allDay: true })!;
    expect(allDay.allDay).toBe(true);
    expect(reminderNotification(allDay).options.body).toBe('Due Tue, Mar 10');
  });

  it('from a worker that does not say allDay, a due time at midnight here reads as the date alone', () => {
    const midnight = new Date(2026, 2, 10).toISOString();
    const old = parsePayload({ ...payload, body: 'Due Tue, Mar 10, 12:00 AM EDT', dueAt: midnight })!;
    expect(old.allDay).toBeNull();
    expect(reminderNotification(old).options.body).toBe('Due Tue, Mar 10');
    expect(reminderNotification(parsePayload(payload)!).options.body).toBe('Due Tue, Mar 10, 9:00 AM EDT');
    // Known here, the stored todo says, in its own zone (whatever this device's zone is).
    const stored = parsePayload({ ...old, dueAt: '2026-03-10T04:00:00.000Z' })!;
    const allDayHere = { allDay: true, timeZone: 'America/New_York' };
    expect(reminderNotification(stored, allDayHere).options.body).toBe('Due Tue, Mar 10');
    expect(reminderNotification(old, { allDay: false, timeZone: 'UTC' }).options.body).toBe(old.body);
    const timed = parsePayload({
      ...payload,
      body: 'Due Tue, Mar 10, 12:00 AM EDT',
      dueAt: midnight,
      allDay: false,
    });
    expect(reminderNotification(timed!).options.body).toBe('Due Tue, Mar 10, 12:00 AM EDT');
  });
});

describe('the notification buttons', () => {
  const data = reminderData({ todoId, reminderId })!;
  const now = new Date('2026-03-10T12:46:00.000Z');

  it('Done queues the completion of the todo', () => {
    expect(actionMutation('done', data, now)).toMatchObject({
      type: 'todo.complete',
      payload: { id: todoId },
      createdAt: now.toISOString(),
    });
  });

  it('Snooze queues the reminder again in 10 minutes', () => {
    expect(actionMutation('snooze', data, now)).toMatchObject({
      type: 'reminder.snooze',
      payload: { todoId, reminderId, minutes: 10 },
    });
  });

  it('a click on the body changes nothing and opens the todo', () => {
    expect(actionMutation('', data, now)).toBeNull();
    expect(todoPath(todoId)).toBe(`/todos/${todoId}`);
    expect(todoPath('../signin')).toBe('/');
    expect(reminderData({ todoId })).toBeNull();
  });

  it('each answer is a new mutation, applied once by the server however often it is retried', () => {
    const a = actionMutation('done', data, now)!;
    const b = actionMutation('done', data, now)!;
    expect(a.id).not.toBe(b.id);
  });
});
