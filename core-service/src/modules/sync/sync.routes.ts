import type { CoreHandlers } from '../../http/handlers.ts';
import type { SyncService } from './sync.service.ts';

export function syncHandlers(sync: SyncService) {
  return {
    syncPush: ({ userId, body }) => sync.push(userId, body),
    syncPull: ({ userId, query }) => sync.pull(userId, query),
  } satisfies Partial<CoreHandlers>;
}
