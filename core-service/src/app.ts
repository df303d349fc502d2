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
import { todoHandlers } from './modules/todos/todos.routes.ts';
import { TodosService } from './modules/todos/todos.service.ts';
import { usersRouter } from './modules/users/users.routes.ts';
import { UsersService } from './modules/users/users.service.ts';

export interface CoreDeps {
  logger: Logger;
  db: Database;
  internalToken: string;
  now?: () => Date;
}

export function createApp(deps: CoreDeps) {
  const uow = createUnitOfWork(deps.db.knex);
  const now = deps.now ?? (() => new Date());
  const app = createHttpApp({
    name: 'core-service',
    logger: deps.logger,
    readiness: { database: () => deps.db.ping() },
  });
  const users = usersRouter(new UsersService(uow, now), deps.internalToken);
  const resources = contractRouter(
    {
      ...todoHandlers(new TodosService(uow, now)),
      ...tagHandlers(new TagsService(uow, now)),
      ...reminderHandlers(new RemindersService(uow, now)),
    },
    deps.internalToken,
  );
  app.use(users.routes()).use(users.allowedMethods());
  app.use(resources.routes()).use(resources.allowedMethods());
  return app;
}
