// Handlers of the worker's push routes in the contract table (bodies already validated by contractRouter).
import type { WorkerHandlers } from '../../http/handlers.ts';
import type { PushSubscriptionsService } from './push.service.ts';

export function pushHandlers(push: PushSubscriptionsService) {
  return {
    vapidKey: async () => push.publicKey(),
    subscribePush: ({ userId, body }) => push.subscribe(userId, body),
    unsubscribePush: ({ userId, body }) => push.unsubscribe(userId, body.endpoint),
  } satisfies Partial<WorkerHandlers>;
}
