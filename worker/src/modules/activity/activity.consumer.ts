// The `todo-events` subscription: every todo.* and tag.* event lands once in the history, keyed by
// the event id, so a redelivery is a no-op. Events come in batches (one INSERT for all of them): a
// device coming back online sends thousands at once, and the embedded default has one connection.
import { FOLLOWS_DEFAULT_REMINDER_TIME, TODO_EVENT_TYPES, TodoEvent } from '@todo/contracts';
import type { BusEvent, HandlerResult, Logger } from '@todo/platform';
import type { ActivityEvent, ActivityService } from './activity.service.ts';

export function activityConsumer(activity: ActivityService, logger: Logger) {
  return async function onTodoEvents(events: BusEvent[]): Promise<HandlerResult[]> {
    const answers: HandlerResult[] = [];
    const valid: { at: number; event: ActivityEvent }[] = [];
    for (const event of events) {
      const read = readEvent(event, logger);
      if (read === 'SUCCESS' || read === 'DROP') answers.push(read);
      else {
        valid.push({ at: answers.length, event: read });
        answers.push('SUCCESS');
      }
    }
    if (valid.length === 0) return answers;
    try {
      const added = await activity.recordMany(valid.map((v) => v.event));
      if (added < valid.length) logger.debug({ redelivered: valid.length - added }, 'already in the history');
    } catch (err) {
      for (const v of valid) {
        const { id: eventId, type, data } = v.event;
        logger.error(
          { err, eventId, type, userId: data.userId },
          'todo event could not be recorded; will retry',
        );
        answers[v.at] = 'RETRY';
      }
    }
    return answers;
  };
}

/** Changing the default reminder time moves every all-day todo's default reminder: one setting, not edits. */
const followsSetting = (event: TodoEvent) =>
  event.type === 'todo.updated' &&
  event.data.changes.length > 0 &&
  event.data.changes.every((c) => c === FOLLOWS_DEFAULT_REMINDER_TIME);

/** The event to record, or the answer for one that is not recorded (ignored or invalid). */
function readEvent(event: BusEvent, logger: Logger): ActivityEvent | 'SUCCESS' | 'DROP' {
  const log = () => logger.child({ eventId: event.id, type: event.type, userId: event.subject });
  if (!TODO_EVENT_TYPES.some((type) => type === event.type)) {
    log().debug('not a todo or tag event; ignored');
    return 'SUCCESS';
  }
  const parsed = TodoEvent.safeParse({ type: event.type, data: event.data });
  const time = Date.parse(event.time);
  if (!parsed.success || Number.isNaN(time)) {
    const issues = parsed.success
      ? ['time: not a date']
      : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    log().error({ issues }, 'todo event is invalid; dropped');
    return 'DROP';
  }
  if (followsSetting(parsed.data)) {
    log().debug('a default reminder followed the settings; not a change the person made to the todo');
    return 'SUCCESS';
  }
  return { ...parsed.data, id: event.id, time: event.time };
}
