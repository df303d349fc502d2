// What a due reminder says: the push payload the service worker shows, and the email. Pure: no I/O.
import type { ReminderDueData, ReminderPushPayload } from '@todo/contracts';

const MAX_TITLE = 200;

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * "Tue, Mar 10, 9:00 AM EDT" in the todo's own zone (UTC if the zone is unknown here); "Tue, Mar 10"
 * for a todo due on a date without a time.
 */
export function formatDue(instant: string, timeZone: string, allDay = false): string {
  const options: Intl.DateTimeFormatOptions = allDay
    ? { weekday: 'short', month: 'short', day: 'numeric' }
    : {
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
      };
  const date = new Date(instant);
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(date);
  }
}

function dueLine(r: ReminderDueData): string {
  return r.dueAt ? `Due ${formatDue(r.dueAt, r.timeZone, r.allDay)}` : 'Reminder';
}

export function pushPayload(r: ReminderDueData): ReminderPushPayload {
  return {
    type: 'reminder',
    todoId: r.todoId,
    reminderId: r.reminderId,
    title: shorten(r.title, MAX_TITLE),
    body: dueLine(r),
    dueAt: r.dueAt,
    allDay: r.allDay,
    remindAt: r.remindAt,
  };
}

/** The Web Push `Topic` (≤ 32 URL-safe characters): the reminder id's 32 hex digits. */
export function pushTopic(reminderId: string): string {
  return reminderId.replace(/-/g, '').toLowerCase().slice(0, 32);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function reminderEmail(r: ReminderDueData): { subject: string; text: string; html: string } {
  const title = shorten(r.title, MAX_TITLE);
  const when = r.dueAt ? `It is due ${formatDue(r.dueAt, r.timeZone, r.allDay)}.` : 'It has no due date.';
  const footer = 'You get this email because email reminders are on in your settings.';
  return {
    subject: `Reminder: ${shorten(r.title, 120)}`,
    text: `Reminder: "${title}"\n\n${when}\n\n--\n${footer}\n`,
    html:
      `<!doctype html><html><body>` +
      `<p>Reminder: <strong>${escapeHtml(title)}</strong></p>` +
      `<p>${escapeHtml(when)}</p>` +
      `<p style="color:#666;font-size:small">${escapeHtml(footer)}</p>` +
      `</body></html>`,
  };
}
