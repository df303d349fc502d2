import { ReminderPushPayload, type ReminderDueData } from '@todo/contracts';
import { describe, expect, it } from 'vitest';
import { formatDue, pushPayload, pushTopic, reminderEmail } from './reminder-message.ts';

const reminder: ReminderDueData = {
  userId: '0195f0a0-0000-7000-8000-000000000001',
  todoId: '0195f0a0-0000-7000-8000-000000000002',
  reminderId: '0195f0a0-0000-7000-8000-000000000003',
  title: 'Call the dentist',
  dueAt: '2026-03-10T13:00:00.000Z',
  allDay: false,
  remindAt: '2026-03-10T12:45:00.000Z',
  timeZone: 'America/New_York',
  email: null,
  push: true,
};

describe('the reminder message', () => {
  it('formats the due time in the todo’s own zone, daylight saving included', () => {
    expect(formatDue('2026-03-10T13:00:00Z', 'America/New_York')).toBe('Tue, Mar 10, 9:00 AM EDT');
    expect(formatDue('2026-03-06T14:00:00Z', 'America/New_York')).toBe('Fri, Mar 6, 9:00 AM EST');
    expect(formatDue('2026-07-01T08:00:00Z', 'Europe/Berlin')).toBe('Wed, Jul 1, 10:00 AM GMT+2');
  });

  it('falls back to UTC for a zone this runtime does not know', () => {
    expect(formatDue('2026-03-10T13:00:00Z', 'Mars/Olympus_Mons')).toBe('Tue, Mar 10, 1:00 PM UTC');
  });

  it('carries what the service worker needs to show and act on the notification', () => {
    expect(pushPayload(reminder)).toEqual({
      type: 'reminder',
      todoId: reminder.todoId,
      reminderId: reminder.reminderId,
      title: 'Call the dentist',
      body: 'Due Tue, Mar 10, 9:00 AM EDT',
      dueAt: reminder.dueAt,
      allDay: false,
      remindAt: reminder.remindAt,
    });
    expect(pushPayload({ ...reminder, dueAt: null }).body).toBe('Reminder');
  });

  it('is a push payload as the contract has it, the shape the PWA’s service worker reads', () => {
    for (const r of [reminder, { ...reminder, dueAt: null }, { ...reminder, allDay: true }]) {
      expect(ReminderPushPayload.strict().parse(pushPayload(r))).toEqual(pushPayload(r));
    }
  });

  it('says only the date of a todo due on a date without a time, in its zone', () => {
    // Midnight of Dec 1 in Berlin is still Nov 30 in UTC.
    const allDay = {
      ...reminder,
      dueAt: '2026-11-30T23:00:00.000Z',
      allDay: true,
      timeZone: 'Europe/Berlin',
    };
    expect(pushPayload(allDay)).toMatchObject({ body: 'Due Tue, Dec 1', allDay: true });
    expect(reminderEmail(allDay).text).toContain('It is due Tue, Dec 1.');
  });

  it('keeps a long title within what a push message can carry', () => {
    const payload = pushPayload({ ...reminder, title: `${'x'.repeat(500)}\n\nmore` });
    expect(payload.title).toHaveLength(200);
    expect(payload.title.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(3000);
  });

  it('makes a Web Push topic of at most 32 URL-safe characters from the reminder id', () => {
    const topic = pushTopic(reminder.reminderId);
    expect(topic).toBe('0195f0a0000070008000000000000003');
    expect(topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
  });

  it('writes an email with a plain text and an HTML body, escaping the title in HTML', () => {
    const mail = reminderEmail({ ...reminder, title: 'Fix <b>bugs</b> & "ship"' });
    expect(mail.subject).toBe('Reminder: Fix <b>bugs</b> & "ship"');
    expect(mail.text).toContain('Reminder: "Fix <b>bugs</b> & "ship""');
    expect(mail.text).toContain('It is due Tue, Mar 10, 9:00 AM EDT.');
    expect(mail.html).toContain('<strong>Fix &lt;b&gt;bugs&lt;/b&gt; &amp; &quot;ship&quot;</strong>');
    expect(mail.html).not.toContain('<b>bugs');
  });

  it('keeps a subject on one line', () => {
    expect(reminderEmail({ ...reminder, title: 'one\r\nBcc: evil@example.com' }).subject).toBe(
      'Reminder: one Bcc: evil@example.com',
    );
  });
});
