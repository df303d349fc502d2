// Handlers of the worker's notification routes: the channels that work, and a reminder shown in the app.
import type { WorkerHandlers } from '../../http/handlers.ts';
import type { ReminderReports } from './reminder-reports.service.ts';

export function reminderReportHandlers(reports: ReminderReports) {
  return {
    notificationChannels: ({ userId }) => reports.channels(userId),
    reminderShown: ({ userId, body }) => reports.shown(userId, body),
  } satisfies Partial<WorkerHandlers>;
}
