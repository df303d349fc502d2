// Handler of GET /v1/activity (the public GET /api/activity), scoped to the caller.
import type { ActivityQuery } from '@todo/contracts';
import type { Handlers } from '@todo/platform';
import type { ActivityService } from './activity.service.ts';

export function activityHandlers(activity: ActivityService): Handlers {
  return {
    listActivity: ({ userId, query }) => activity.list(userId, query as ActivityQuery),
  };
}
