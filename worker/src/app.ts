// createWorker(deps) → the worker's Koa app (push subscriptions and the activity history under /v1, for
// the bff) and the event handlers start.ts subscribes. No listen, no environment: start.ts builds
// it from the configuration, for main.ts and the embedded launcher.
import { workerRoutes } from '@todo/contracts';
import {
  contractRouter,
  createHttpApp,
  type BatchHandler,
  type Database,
  type EventHandler,
  type Logger,
} from '@todo/platform';
import type { Middleware } from 'koa';
import { activityConsumer } from './modules/activity/activity.consumer.ts';
import { ActivityRepository } from './modules/activity/activity.repository.ts';
import { activityHandlers } from './modules/activity/activity.routes.ts';
import { ActivityService } from './modules/activity/activity.service.ts';
import type { EmailSender } from './modules/email/email-sender.ts';
import { PushSubscriptionRepository } from './modules/push/push.repository.ts';
import { pushHandlers } from './modules/push/push.routes.ts';
import type { PushEndpointPolicy } from './modules/push/endpoint-policy.ts';
import type { PushSender } from './modules/push/push-sender.ts';
import { PushSubscriptionsService } from './modules/push/push.service.ts';
import { DeliveryRepository } from './modules/reminders/deliveries.repository.ts';
import { reminderConsumer } from './modules/reminders/reminder.consumer.ts';
import { ReminderNotifier } from './modules/reminders/reminder-notifier.ts';
import { ReminderDispatcher, type RetryPolicy } from './modules/reminders/reminder-dispatcher.ts';
import { ReminderJobRepository } from './modules/reminders/reminder-jobs.repository.ts';
import { reminderReportHandlers } from './modules/reminders/reminder-reports.routes.ts';
import { ReminderReports } from './modules/reminders/reminder-reports.service.ts';
import type { ReminderDueData } from '@todo/contracts';

export interface WorkerDeps {
  logger: Logger;
  db: Database;
  internalToken: string;
  vapidPublicKey: string;
  push: PushSender;
  /** Where push endpoints may point: checked when a browser subscribes. */
  pushPolicy: PushEndpointPolicy;
  /** null when no SMTP server is configured: email reminders are logged as skipped. */
  email: EmailSender | null;
  pushTtlSeconds: number;
  /** Deliveries from the event bus (Dapr's /dapr/subscribe and routes), when it pushes to the app. */
  busRoutes?: Middleware | undefined;
  /** Dapr's app API token: when set, only the sidecar may call (invocations, deliveries). */
  appApiToken?: string | undefined;
  /** false when /metrics has its own listener (METRICS_PORT). */
  serveMetrics?: boolean;
  /** How failed deliveries are retried (tests shorten it). */
  reminderRetry?: RetryPolicy;
  /** How long a reminder taken for delivery stays the taker's (default 30 s, renewed while it lasts). */
  reminderLeaseMs?: number;
  now?: () => Date;
}

export function createWorker(deps: WorkerDeps) {
  const now = deps.now ?? (() => new Date());
  const app = createHttpApp({
    name: 'worker',
    logger: deps.logger,
    readiness: { database: () => deps.db.ping() },
    appApiToken: deps.appApiToken,
    serveMetrics: deps.serveMetrics ?? true,
  });
  if (deps.busRoutes) app.use(deps.busRoutes);
  const subscriptions = new PushSubscriptionRepository(deps.db.knex);
  const deliveries = new DeliveryRepository(deps.db.knex);
  const activityRepository = new ActivityRepository(deps.db.knex);
  const activity = new ActivityService(activityRepository);
  const jobs = new ReminderJobRepository(deps.db.knex);
  const reports = new ReminderReports({
    jobs,
    deliveries,
    subscriptions,
    activity: activityRepository,
    emailConfigured: deps.email !== null,
    now,
  });
  const router = contractRouter(
    workerRoutes,
    {
      ...pushHandlers(new PushSubscriptionsService(subscriptions, deps.vapidPublicKey, deps.pushPolicy, now)),
      ...activityHandlers(activity),
      ...reminderReportHandlers(reports),
    },
    deps.internalToken,
  );
  app.use(router.routes()).use(router.allowedMethods());
  const notifier = new ReminderNotifier(subscriptions, deliveries, deps.push, {
    pushTtlSeconds: deps.pushTtlSeconds,
    email: deps.email,
    now,
  });
  const dispatcher = new ReminderDispatcher({
    jobs,
    notifier,
    deliveries,
    activity: activityRepository,
    reports,
    logger: deps.logger,
    now,
    ...(deps.reminderRetry ? { retry: deps.reminderRetry } : {}),
    ...(deps.reminderLeaseMs ? { leaseMs: deps.reminderLeaseMs } : {}),
  });
  const enqueue = async (data: ReminderDueData, eventId: string) => {
    await jobs.enqueue(data, eventId, now());
    dispatcher.nudge();
  };
  const handlers: { reminders: EventHandler; activity: BatchHandler } = {
    reminders: reminderConsumer(enqueue, deps.logger),
    activity: activityConsumer(activity, deps.logger),
  };
  return { app, handlers, deliveries, jobs, dispatcher };
}
