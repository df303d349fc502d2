// createApp(deps) → the Koa app of core-service, with no listen and no environment, so tests and the
// embedded launcher build it the same way main.ts does.
import { createHttpApp, type Logger } from '@todo/platform';
import type { Database } from './db/database.ts';
import { createUnitOfWork } from './db/store.ts';
import { contractRouter } from './http/contract-router.ts';
import { reminderHandlers } from './modules/reminders/reminders.routes.ts';
import { RemindersService } from './modules/reminders/reminders.service.ts';
import { tagHandlers } from './modules/tags/tags.routes.ts';
import { TagsService } from './modules/tags/tags.service.ts';
import { syncHandlers } from './modules/sync/sync.routes.ts';
import { SyncService } from './modules/sync/sync.service.ts';
import { todoHandlers } from './modules/todos/todos.routes.ts';
import { TodosService } from './modules/todos/todos.service.ts';
import { usersRouter } from './modules/users/users.routes.ts';
import { UsersService } from './modules/users/users.service.ts';

export interface CoreDeps {
  logger: Logger;
  db: Database;
  internalToken: string;
  now?: () => Date;
  /** Called after each committed write (the outbox relay wakes on it). */
  onCommit?: () => void;
}

export function createApp(deps: CoreDeps) {
  const uow = createUnitOfWork(deps.db.knex, { onCommit: deps.onCommit });
  const now = deps.now ?? (() => new Date());
  const app = createHttpApp({
    name: 'core-service',
    logger: deps.logger,
    readiness: { database: () => deps.db.ping() },
  });
  const users = usersRouter(new UsersService(uow, now), deps.internalToken);
  const services = {
    todos: new TodosService(uow, now),
    tags: new TagsService(uow, now),
    reminders: new RemindersService(uow, now),
  };
  const resources = contractRouter(
    {
      ...todoHandlers(services.todos),
      ...tagHandlers(services.tags),
      ...reminderHandlers(services.reminders),
      ...syncHandlers(new SyncService(uow, services, now)),
    },
    deps.internalToken,
  );
  app.use(users.routes()).use(users.allowedMethods());
  app.use(resources.routes()).use(resources.allowedMethods());
  return app;
}
