// The public API as data: the bff validates and forwards by it, core-service serves it,
// and the OpenAPI document is generated from it, so the three cannot drift apart.
import { z } from 'zod';
import { LoginBody, RegisterBody, UserEnvelope } from './auth.ts';
import { Id, Priority } from './primitives.ts';
import { PullQuery, PullResult, PushBody, PushResult } from './sync.ts';
import {
  ActivityPage,
  ActivityQuery,
  PushSubscriptionBody,
  Settings,
  SettingsPatch,
  UnsubscribeBody,
  VapidKey,
} from './notifications.ts';
import {
  CompleteResult,
  PriorityBody,
  RecurrenceInput,
  Reminder,
  ReminderCreate,
  SearchPage,
  SnoozeBody,
  Tag,
  TagCreate,
  TagIdsBody,
  TagList,
  TagPatch,
  Todo,
  TodoCreate,
  TodoListQuery,
  TodoPage,
  TodoPatch,
  TodoSearchQuery,
  TodoSortQuery,
} from './todos.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec {
  /** Stable operation id; core-service keys its handlers by it. */
  id: string;
  method: Method;
  /** Path below `/api` (bff) and `/v1` (core-service), koa style (`:id`). */
  path: string;
  summary: string;
  group:
    | 'auth'
    | 'todos'
    | 'tags'
    | 'reminders'
    | 'recurrence'
    | 'sync'
    | 'notifications'
    | 'activity'
    | 'settings';
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  status: 200 | 201 | 204;
  /** false: the bff answers it itself (sign-in); true: forwarded for the signed-in user to `target`. */
  forward: boolean;
  /** The service that serves a forwarded route (default core-service). */
  target?: 'core-service' | 'worker';
}

const TodoParams = z.object({ id: Id });
const TodoTagParams = z.object({ id: Id, tagId: Id });
const TodoReminderParams = z.object({ id: Id, reminderId: Id });
const TagParams = z.object({ id: Id });
const LevelParams = z.object({ level: Priority });

function route(spec: Omit<RouteSpec, 'forward'> & { forward?: boolean }): RouteSpec {
  return { forward: true, ...spec };
}

export const authRoutes: RouteSpec[] = [
  route({
    id: 'register',
    method: 'post',
    path: '/auth/register',
    summary: 'Create an account and sign in',
    group: 'auth',
    body: RegisterBody,
    response: UserEnvelope,
    status: 201,
    forward: false,
  }),
  route({
    id: 'login',
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in',
    group: 'auth',
    body: LoginBody,
    response: UserEnvelope,
    status: 200,
    forward: false,
  }),
  route({
    id: 'logout',
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out',
    group: 'auth',
    status: 204,
    forward: false,
  }),
  route({
    id: 'me',
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in person',
    group: 'auth',
    response: UserEnvelope,
    status: 200,
    forward: false,
  }),
];

/** Order matters: fixed paths come before `/todos/:id`. */
export const resourceRoutes: RouteSpec[] = [
  route({
    id: 'listTodos',
    method: 'get',
    path: '/todos',
    summary: 'List, filter, search and sort todos (keyset-paginated)',
    group: 'todos',
    query: TodoListQuery,
    response: TodoPage,
    status: 200,
  }),
  route({
    id: 'createTodo',
    method: 'post',
    path: '/todos',
    summary: 'Create a todo (the client may supply its id)',
    group: 'todos',
    body: TodoCreate,
    response: Todo,
    status: 201,
  }),
  route({
    id: 'searchTodos',
    method: 'get',
    path: '/todos/search',
    summary: 'Full-text search, ranked and prefix-matching, with <mark> highlights',
    group: 'todos',
    query: TodoSearchQuery,
    response: SearchPage,
    status: 200,
  }),
  route({
    id: 'filterTodos',
    method: 'get',
    path: '/todos/filter',
    summary: 'Filter todos (same parameters as the list)',
    group: 'todos',
    query: TodoListQuery,
    response: TodoPage,
    status: 200,
  }),
  route({
    id: 'sortTodos',
    method: 'get',
    path: '/todos/sort',
    summary: 'Sort todos by a field',
    group: 'todos',
    query: TodoSortQuery,
    response: TodoPage,
    status: 200,
  }),
  route({
    id: 'todosByPriority',
    method: 'get',
    path: '/todos/priority/:level',
    summary: 'Todos of one priority',
    group: 'todos',
    params: LevelParams,
    query: TodoListQuery.omit({ priority: true }),
    response: TodoPage,
    status: 200,
  }),
  route({
    id: 'getTodo',
    method: 'get',
    path: '/todos/:id',
    summary: 'One todo',
    group: 'todos',
    params: TodoParams,
    response: Todo,
    status: 200,
  }),
  route({
    id: 'updateTodo',
    method: 'patch',
    path: '/todos/:id',
    summary: 'Change any writable field',
    group: 'todos',
    params: TodoParams,
    body: TodoPatch,
    response: Todo,
    status: 200,
  }),
  route({
    id: 'deleteTodo',
    method: 'delete',
    path: '/todos/:id',
    summary: 'Delete a todo',
    group: 'todos',
    params: TodoParams,
    status: 204,
  }),
  route({
    id: 'completeTodo',
    method: 'post',
    path: '/todos/:id/complete',
    summary: 'Complete; a recurring todo gets its next occurrence',
    group: 'todos',
    params: TodoParams,
    response: CompleteResult,
    status: 200,
  }),
  route({
    id: 'reopenTodo',
    method: 'post',
    path: '/todos/:id/reopen',
    summary: 'Reopen a done todo',
    group: 'todos',
    params: TodoParams,
    response: Todo,
    status: 200,
  }),
  route({
    id: 'setPriority',
    method: 'put',
    path: '/todos/:id/priority',
    summary: 'Set the priority',
    group: 'todos',
    params: TodoParams,
    body: PriorityBody,
    response: Todo,
    status: 200,
  }),
  route({
    id: 'addTodoTags',
    method: 'put',
    path: '/todos/:id/tags',
    summary: 'Add tags to a todo',
    group: 'tags',
    params: TodoParams,
    body: TagIdsBody,
    response: Todo,
    status: 200,
  }),
  route({
    id: 'removeTodoTag',
    method: 'delete',
    path: '/todos/:id/tags/:tagId',
    summary: 'Remove a tag from a todo',
    group: 'tags',
    params: TodoTagParams,
    response: Todo,
    status: 200,
  }),
  route({
    id: 'addReminder',
    method: 'post',
    path: '/todos/:id/reminder',
    summary: 'Add a reminder (absolute, or minutes before due)',
    group: 'reminders',
    params: TodoParams,
    body: ReminderCreate,
    response: Reminder,
    status: 201,
  }),
  route({
    id: 'deleteReminder',
    method: 'delete',
    path: '/todos/:id/reminders/:reminderId',
    summary: 'Delete a reminder',
    group: 'reminders',
    params: TodoReminderParams,
    status: 204,
  }),
  route({
    id: 'snoozeReminder',
    method: 'post',
    path: '/todos/:id/reminders/:reminderId/snooze',
    summary: 'Snooze a reminder',
    group: 'reminders',
    params: TodoReminderParams,
    body: SnoozeBody,
    response: Reminder,
    status: 200,
  }),
  route({
    id: 'setRecurrence',
    method: 'post',
    path: '/todos/:id/recur',
    summary: 'Make a todo recur (RFC 5545 rule, in its time zone)',
    group: 'recurrence',
    params: TodoParams,
    body: RecurrenceInput,
    response: Todo,
    status: 200,
  }),
  route({
    id: 'clearRecurrence',
    method: 'delete',
    path: '/todos/:id/recur',
    summary: 'Stop a todo recurring',
    group: 'recurrence',
    params: TodoParams,
    response: Todo,
    status: 200,
  }),
  route({
    id: 'listTags',
    method: 'get',
    path: '/tags',
    summary: 'All tags',
    group: 'tags',
    response: TagList,
    status: 200,
  }),
  route({
    id: 'createTag',
    method: 'post',
    path: '/tags',
    summary: 'Create a tag (names are unique per person)',
    group: 'tags',
    body: TagCreate,
    response: Tag,
    status: 201,
  }),
  route({
    id: 'updateTag',
    method: 'patch',
    path: '/tags/:id',
    summary: 'Rename or recolour a tag',
    group: 'tags',
    params: TagParams,
    body: TagPatch,
    response: Tag,
    status: 200,
  }),
  route({
    id: 'deleteTag',
    method: 'delete',
    path: '/tags/:id',
    summary: 'Delete a tag (removes it from todos)',
    group: 'tags',
    params: TagParams,
    status: 204,
  }),
  route({
    id: 'syncPush',
    method: 'post',
    path: '/sync/push',
    summary: 'Send queued mutations in order; each mutation id is applied at most once (see docs/sync.md)',
    group: 'sync',
    body: PushBody,
    response: PushResult,
    status: 200,
  }),
  route({
    id: 'syncPull',
    method: 'get',
    path: '/sync/pull',
    summary: 'The latest state of everything changed since a cursor, tombstones included, in pages',
    group: 'sync',
    query: PullQuery,
    response: PullResult,
    status: 200,
  }),
];

/** Served by the worker, which sends notifications and keeps the history. */
export const workerRoutes: RouteSpec[] = [
  route({
    id: 'vapidKey',
    method: 'get',
    path: '/push/vapid-public-key',
    summary: 'The VAPID public key to subscribe with',
    group: 'notifications',
    response: VapidKey,
    status: 200,
    target: 'worker',
  }),
  route({
    id: 'subscribePush',
    method: 'post',
    path: '/push/subscriptions',
    summary: "Keep a browser's PushSubscription for reminders",
    group: 'notifications',
    body: PushSubscriptionBody,
    status: 201,
    target: 'worker',
  }),
  route({
    id: 'unsubscribePush',
    method: 'delete',
    path: '/push/subscriptions',
    summary: 'Forget a push subscription',
    group: 'notifications',
    body: UnsubscribeBody,
    status: 204,
    target: 'worker',
  }),
  route({
    id: 'listActivity',
    method: 'get',
    path: '/activity',
    summary: "The history of the person's todos, newest first",
    group: 'activity',
    query: ActivityQuery,
    response: ActivityPage,
    status: 200,
    target: 'worker',
  }),
];

/** Served by core-service, which keeps the person's account. */
export const settingsRoutes: RouteSpec[] = [
  route({
    id: 'getSettings',
    method: 'get',
    path: '/settings',
    summary: 'Notification settings, name and time zone',
    group: 'settings',
    response: Settings,
    status: 200,
  }),
  route({
    id: 'updateSettings',
    method: 'patch',
    path: '/settings',
    summary: 'Change settings',
    group: 'settings',
    body: SettingsPatch,
    response: Settings,
    status: 200,
  }),
];

/** Answered by the bff alone. */
export const streamRoutes: RouteSpec[] = [
  route({
    id: 'syncStream',
    method: 'get',
    path: '/sync/stream',
    summary:
      'text/event-stream: `event: change` with `data: {"version":n}` when the person\'s data changed elsewhere; comments as heartbeats',
    group: 'sync',
    query: z.object({ clientId: z.string().max(64).optional() }),
    status: 200,
    forward: false,
  }),
];

export const publicRoutes: RouteSpec[] = [
  ...authRoutes,
  ...resourceRoutes,
  ...settingsRoutes,
  ...workerRoutes,
  ...streamRoutes,
];

/** Every route the bff forwards, with the service that serves it. */
export const forwardedRoutes: RouteSpec[] = [...resourceRoutes, ...settingsRoutes, ...workerRoutes];
