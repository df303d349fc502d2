// Which reminders fall due while the app is open, from the todos on this device: the app shows them
// itself, whatever the server could deliver. Pure: the hook (in-app-reminders.ts) keeps the clock.
import type { Reminder } from '@todo/contracts';
import type { TodoState } from '../../db/records.ts';

export interface DueReminder {
  todo: TodoState;
  reminder: Reminder;
  /** One firing: a snoozed reminder fires again with a new time. */
  key: string;
}

export const firingKey = (r: Pick<Reminder, 'id' | 'remindAt'>) => `${r.id}@${r.remindAt}`;

/**
 * Reminders of open todos whose time came in (since, now], not yet shown here. One whose time had
 * passed before the app opened is not shown (the server fires those, or skips ones set in the past).
 */
export function dueReminders(
  todos: Iterable<TodoState>,
  since: number,
  now: number,
  shown: ReadonlySet<string>,
): DueReminder[] {
  const due: DueReminder[] = [];
  for (const todo of todos) {
    if (todo.status !== 'open') continue;
    for (const reminder of todo.reminders) {
      const at = Date.parse(reminder.remindAt);
      const key = firingKey(reminder);
      if (at > since && at <= now && !shown.has(key)) due.push({ todo, reminder, key });
    }
  }
  return due.sort((a, b) => a.reminder.remindAt.localeCompare(b.reminder.remindAt));
}

/** When the next reminder after `now` falls due (null: none ahead), to wake up then. */
export function nextReminderAt(todos: Iterable<TodoState>, now: number): number | null {
  let next: number | null = null;
  for (const todo of todos) {
    if (todo.status !== 'open') continue;
    for (const r of todo.reminders) {
      const at = Date.parse(r.remindAt);
      if (at > now && (next === null || at < next)) next = at;
    }
  }
  return next;
}
