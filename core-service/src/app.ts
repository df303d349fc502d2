// createApp(deps) → the Koa app of core-service, with no listen and no environment, so tests and the
// embedded launcher build it the same way main.ts does.
import { resourceRoutes, settingsRoutes } from '@todo/contracts';
import { contractRouter, createHttpApp, type Database, type Logger } from '@todo/platform';
import { createUnitOfWork, type CommitOptions } from './db/store.ts';
import { reminderClockRouter } from './modules/reminders/reminder-clock.routes.ts';
import { ReminderClock } from './modules/reminders/reminder-clock.service.ts';
import { reminderHandlers } from './modules/reminders/reminders.routes.ts';
import { RemindersService } from './modules/reminders/reminders.service.ts';
import { tagHandlers } from './modules/tags/tags.routes.ts';
import { TagsService } from './modules/tags/tags.service.ts';
import { syncHandlers } from './modules/sync/sync.routes.ts';
import { SyncService } from './modules/sync/sync.service.ts';
import { todoHandlers } from './modules/todos/todos.routes.ts';
import { TodosService } from './modules/todos/todos.service.ts';
import { settingsHandlers, usersRouter } from './modules/users/users.routes.ts';
import { UsersService } from './modules/users/users.service.ts';

export interface CoreDeps {
  logger: Logger;
  db: Database;
  internalToken: string;
  now?: () => Date;
  /** Called after each committed write (the outbox relay wakes on it). */
  onCommit?: (options: CommitOptions) => void;
  /** Dapr's app API token: when set, only the sidecar may call (invocations, the cron binding). */
  appApiToken?: string | undefined;
}

export function createApp(deps: CoreDeps) {
  const { app } = createCore(deps);
  return app;
}

/** The app and the services main.ts also needs (the reminder clock). */
export function createCore(deps: CoreDeps) {
  const uow = createUnitOfWork(deps.db.knex, { onCommit: deps.onCommit });
  const now = deps.now ?? (() => new Date());
  const app = createHttpApp({
    name: 'core-service',
    logger: deps.logger,
    readiness: { database: () => deps.db.ping() },
    appApiToken: deps.appApiToken,
  });
  const usersService = new UsersService(uow, now);
  const users = usersRouter(usersService, deps.internalToken);
  const services = {
    todos: new TodosService(uow, now),
    tags: new TagsService(uow, now),
    reminders: new RemindersService(uow, now),
  };
  const resources = contractRouter(
    [...resourceRoutes, ...settingsRoutes],
    {
      ...todoHandlers(services.todos),
      ...tagHandlers(services.tags),
      ...reminderHandlers(services.reminders),
      ...syncHandlers(new SyncService(uow, services, now)),
      ...settingsHandlers(usersService),
    },
    deps.internalToken,
  );
  const clock = new ReminderClock(uow, now);
  const clockRoutes = reminderClockRouter(clock, [deps.internalToken, deps.appApiToken ?? '']);
  for (const router of [users, resources, clockRoutes]) app.use(router.routes()).use(router.allowedMethods());
  return { app, clock };
}
