// createApp(deps) → the worker's Koa app. Today it serves health, readiness and metrics; the
// reminder and audit consumers arrive with the events work (issue: events, reminders, notifications).
import { createHttpApp, type Logger } from '@todo/platform';

export interface WorkerDeps {
  logger: Logger;
}

export function createApp(deps: WorkerDeps) {
  return createHttpApp({ name: 'worker', logger: deps.logger });
}
