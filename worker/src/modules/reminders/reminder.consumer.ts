// The `reminder-events` subscription: validates each event and records it for delivery (the
// dispatcher sends it; nothing slow happens here, so one person's push service never holds up the
// events behind it), answering the bus SUCCESS, RETRY or DROP explicitly; an exception is a RETRY,
// never a silent success.
import { ReminderEvent, type ReminderDueData } from '@todo/contracts';
import type { BusEvent, HandlerResult, Logger } from '@todo/platform';

/** Keeps a due reminder for delivery, durably; once per firing. */
export type EnqueueReminder = (data: ReminderDueData, eventId: string) => Promise<void>;

export function reminderConsumer(enqueue: EnqueueReminder, logger: Logger) {
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
      await enqueue(parsed.data.data, event.id);
      return 'SUCCESS';
    } catch (err) {
      log.error({ err }, 'reminder could not be recorded; will retry');
      return 'RETRY';
    }
  };
}
