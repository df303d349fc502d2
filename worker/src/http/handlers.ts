// The handlers of every route the worker serves (workerRoutes in the contracts), each typed from its
// route's schemas. Modules write theirs as `{ … } satisfies Partial<WorkerHandlers>`; app.ts joins them.
import type { workerRoutes } from '@todo/contracts';
import type { RouteHandlers } from '@todo/platform';

export type WorkerHandlers = RouteHandlers<typeof workerRoutes>;
