// createCore(deps) → the Koa app of core-service and its reminder clock, with no listen and no
// environment: start.ts builds it from the configuration, for main.ts and the embedded launcher.
import { coreServiceRoutes } from '@todo/contracts';
import { contractRouter, createHttpApp, type Database, type Logger } from '@todo/platform';
import type { Knex } from 'knex';
import { createUnitOfWork, type CommitOptions } from './db/store.ts';
import { ChangeRepository } from './modules/changes/changes.repository.ts';
import { ListRepository } from './modules/lists/lists.repository.ts';
import { FeedTokens } from './modules/portability/feed-tokens.ts';
import { PortabilityRepository } from './modules/portability/portability.repository.ts';
import {
  calendarFeedRouter,
  IMPORT_PATH,
  portabilityRouter,
} from './modules/portability/portability.routes.ts';
import { PortabilityService } from './modules/portability/portability.service.ts';
import { listHandlers } from './modules/lists/lists.routes.ts';
import { ListsService } from './modules/lists/lists.service.ts';
import { SubtaskRepository } from './modules/subtasks/subtasks.repository.ts';
import { subtaskHandlers } from './modules/subtasks/subtasks.routes.ts';
import { SubtasksService } from './modules/subtasks/subtasks.service.ts';
import { ReminderClockRepository } from './modules/reminders/reminder-clock.repository.ts';
import { ReminderRepository } from './modules/reminders/reminders.repository.ts';
import { SyncRepository } from './modules/sync/sync.repository.ts';
import { TagRepository } from './modules/tags/tags.repository.ts';
import { TodoRepository } from './modules/todos/todos.repository.ts';
import { UserRepository } from './modules/users/users.repository.ts';
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
import { PageCache } from './modules/todos/page-cache.ts';
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
  /** false when /metrics has its own listener (METRICS_PORT). */
  serveMetrics?: boolean;
  /** PAGE_CACHE_MB: page text kept for its next read; 0 (the default here) keeps none. */
  pageCacheMb?: number;
}

/** Every repository on one connection or transaction: each service takes the part it declares. */
export function coreRepositories(knex: Knex) {
  return {
    users: new UserRepository(knex),
    todos: new TodoRepository(knex),
    tags: new TagRepository(knex),
    reminders: new ReminderRepository(knex),
    reminderClock: new ReminderClockRepository(knex),
    changes: new ChangeRepository(knex),
    sync: new SyncRepository(knex),
    lists: new ListRepository(knex),
    subtasks: new SubtaskRepository(knex),
    portability: new PortabilityRepository(knex),
  };
}

/** The app, and the reminder clock that start.ts ticks. */
export function createCore(deps: CoreDeps) {
  const uow = createUnitOfWork(deps.db.knex, coreRepositories, { onCommit: deps.onCommit });
  const now = deps.now ?? (() => new Date());
  const app = createHttpApp({
    name: 'core-service',
    logger: deps.logger,
    readiness: { database: () => deps.db.ping() },
    appApiToken: deps.appApiToken,
    serveMetrics: deps.serveMetrics ?? true,
    // An import (a JSON export, or a CSV file as a JSON string) is larger than any other body.
    uploads: { paths: [IMPORT_PATH], limit: '16mb', textTypes: [] },
  });
  const usersService = new UsersService(uow, now);
  const users = usersRouter(usersService, deps.internalToken);
  const services = {
    todos: new TodosService(uow, now, new PageCache(deps.pageCacheMb ?? 0)),
    tags: new TagsService(uow, now),
    reminders: new RemindersService(uow, now),
    lists: new ListsService(uow, now),
    subtasks: new SubtasksService(uow, now),
  };
  const resources = contractRouter(
    coreServiceRoutes,
    {
      ...todoHandlers(services.todos),
      ...tagHandlers(services.tags),
      ...reminderHandlers(services.reminders),
      ...listHandlers(services.lists),
      ...subtaskHandlers(services.subtasks),
      ...syncHandlers(new SyncService(uow, services, now)),
      ...settingsHandlers(usersService),
    },
    deps.internalToken,
  );
  // The feed tokens' key: the internal token, which only the services know (a new key makes new URLs).
  const portability = new PortabilityService(uow, services, new FeedTokens(deps.internalToken), now);
  const clock = new ReminderClock(uow, now);
  const clockRoutes = reminderClockRouter(clock, [deps.internalToken, deps.appApiToken ?? '']);
  const portabilityRoutes = [
    portabilityRouter(portability, deps.internalToken),
    calendarFeedRouter(portability, deps.internalToken),
  ];
  for (const router of [users, resources, clockRoutes, ...portabilityRoutes])
    app.use(router.routes()).use(router.allowedMethods());
  return { app, clock };
}
