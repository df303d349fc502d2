// The `reminder-events` subscription: validates each event and answers the bus SUCCESS, RETRY or
// DROP explicitly; an exception is a RETRY, never a silent success.
import { ReminderEvent } from '@todo/contracts';
import type { BusEvent, HandlerResult, Logger } from '@todo/platform';
import type { ReminderNotifier } from './reminder-notifier.ts';

export function reminderConsumer(notifier: ReminderNotifier, logger: Logger) {
  return async function onReminderEvent(event: BusEvent): Promise<HandlerResult> {
    const log = logger.child({ eventId: event.id, type: event.type, userId: event.subject });
    if (event.type !== 'reminder.due') {
      log.debug('not a reminder.due event; ignored');
      return 'SUCCESS';
    }
    const parsed = ReminderEvent.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      log.error(
        { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        'reminder.due event is invalid; dropped',
      );
      return 'DROP';
    }
    try {
      const result = await notifier.notify(parsed.data.data, event.id, log);
      return result === 'retry' ? 'RETRY' : 'SUCCESS';
    } catch (err) {
      log.error({ err }, 'reminder could not be handled; will retry');
      return 'RETRY';
    }
  };
}
