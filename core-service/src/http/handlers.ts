// The handlers of every route core-service serves (coreServiceRoutes in the contracts), each typed from
// its route's schemas. Modules write theirs as `{ … } satisfies Partial<CoreHandlers>`; app.ts joins them.
import type { coreServiceRoutes } from '@todo/contracts';
import type { RouteHandlers } from '@todo/platform';

export type CoreHandlers = RouteHandlers<typeof coreServiceRoutes>;
