// The `todo-events` subscription: every todo.* and tag.* event lands once in the history, keyed by
// the event id, so a redelivery is a no-op.
import { TodoEventData, TodoEventType } from '@todo/contracts';
import type { BusEvent, HandlerResult, Logger } from '@todo/platform';
import type { ActivityService } from './activity.service.ts';

export function activityConsumer(activity: ActivityService, logger: Logger) {
  return async function onTodoEvent(event: BusEvent): Promise<HandlerResult> {
    const log = logger.child({ eventId: event.id, type: event.type, userId: event.subject });
    const type = TodoEventType.safeParse(event.type);
    if (!type.success) {
      log.debug('not a todo or tag event; ignored');
      return 'SUCCESS';
    }
    const data = TodoEventData.safeParse(event.data);
    const time = Date.parse(event.time);
    if (!data.success || Number.isNaN(time)) {
      const issues = data.success
        ? ['time: not a date']
        : data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      log.error({ issues }, 'todo event is invalid; dropped');
      return 'DROP';
    }
    try {
      const added = await activity.record({
        id: event.id,
        type: type.data,
        time: event.time,
        data: data.data,
      });
      if (!added) log.debug('already in the history');
      return 'SUCCESS';
    } catch (err) {
      log.error({ err }, 'todo event could not be recorded; will retry');
      return 'RETRY';
    }
  };
}
