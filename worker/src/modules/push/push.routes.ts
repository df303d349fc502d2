// Handlers of the worker's push routes in the contract table (bodies already validated by contractRouter).
import type { PushSubscriptionBody } from '@todo/contracts';
import type { Handlers } from '@todo/platform';
import type { PushSubscriptionsService } from './push.service.ts';

export function pushHandlers(push: PushSubscriptionsService): Handlers {
  return {
    vapidKey: async () => push.publicKey(),
    subscribePush: async ({ userId, body }) => {
      await push.subscribe(userId, body as PushSubscriptionBody);
      // contractRouter assigns the result to ctx.body, and Koa turns an undefined body into a 204;
      // an empty body keeps the route's 201.
      return '';
    },
    unsubscribePush: async ({ userId, body }) => {
      await push.unsubscribe(userId, (body as { endpoint: string }).endpoint);
    },
  };
}
