// Handler of GET /v1/activity (the public GET /api/activity), scoped to the caller.
import type { WorkerHandlers } from '../../http/handlers.ts';
import type { ActivityService } from './activity.service.ts';

export function activityHandlers(activity: ActivityService) {
  return {
    listActivity: ({ userId, query }) => activity.list(userId, query),
  } satisfies Partial<WorkerHandlers>;
}
