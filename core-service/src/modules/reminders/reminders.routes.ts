import type { CoreHandlers } from '../../http/handlers.ts';
import type { RemindersService } from './reminders.service.ts';

export function reminderHandlers(reminders: RemindersService) {
  return {
    addReminder: ({ userId, params, body }) => reminders.add(userId, params.id, body),
    deleteReminder: ({ userId, params }) => reminders.delete(userId, params.id, params.reminderId),
    snoozeReminder: ({ userId, params, body }) =>
      reminders.snooze(userId, params.id, params.reminderId, body.minutes),
  } satisfies Partial<CoreHandlers>;
}
