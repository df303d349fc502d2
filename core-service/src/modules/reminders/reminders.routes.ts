import type { ReminderCreate } from '@todo/contracts';
import type { Handlers } from '@todo/platform';
import type { RemindersService } from './reminders.service.ts';

export function reminderHandlers(reminders: RemindersService): Handlers {
  return {
    addReminder: ({ userId, params, body }) => reminders.add(userId, params.id!, body as ReminderCreate),
    deleteReminder: ({ userId, params }) => reminders.delete(userId, params.id!, params.reminderId!),
    snoozeReminder: ({ userId, params, body }) =>
      reminders.snooze(userId, params.id!, params.reminderId!, (body as { minutes: number }).minutes),
  };
}
