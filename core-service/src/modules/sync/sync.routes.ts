import { syncPullDuration, syncPushDuration, syncPushMutations } from '@todo/platform';
import type { CoreHandlers } from '../../http/handlers.ts';
import type { SyncService } from './sync.service.ts';

const service = { service: 'core-service' };

export function syncHandlers(sync: SyncService) {
  return {
    syncPush: async ({ userId, body }) => {
      const end = syncPushDuration.startTimer(service);
      const answer = await sync.push(userId, body);
      end();
      const rejected = answer.results.filter((r) => r.status === 'rejected').length;
      if (rejected > 0) syncPushMutations.inc({ ...service, result: 'rejected' }, rejected);
      syncPushMutations.inc({ ...service, result: 'applied' }, answer.results.length - rejected);
      return answer;
    },
    syncPull: async ({ userId, query }) => {
      const end = syncPullDuration.startTimer(service);
      const page = await sync.pull(userId, query);
      end();
      return page;
    },
  } satisfies Partial<CoreHandlers>;
}
