import type { PullQuery, PushBody } from '@todo/contracts';
import type { Handlers } from '@todo/platform';
import type { SyncService } from './sync.service.ts';

export function syncHandlers(sync: SyncService): Handlers {
  return {
    syncPush: ({ userId, body }) => sync.push(userId, body as PushBody),
    syncPull: ({ userId, query }) => sync.pull(userId, query as PullQuery),
  };
}
