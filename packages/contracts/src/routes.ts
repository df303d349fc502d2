// The public API as data: the bff validates and forwards by it, core-service serves it,
// and the OpenAPI document is generated from it, so the three cannot drift apart. A route's id is
// also its handler's key where it is served (`createTodo` in core-service/src/modules/todos/todos.routes.ts).
import { z } from 'zod';
import { LoginBody, RegisterBody, UserEnvelope } from './auth.ts';
import { Id, Priority } from './primitives.ts';
import { PullQuery, PullResult, PushBody, PushResult } from './sync.ts';
import { CalendarFeed, ExportDocument, ImportDocument, ImportQuery, ImportResult } from './portability.ts';
import {
  Invitation,
  InvitationCreate,
  InvitationPage,
  List,
  ListCreate,
  ListDeleteQuery,
  ListPage,
  ListPatch,
  Subtask,
  SubtaskCreate,
  SubtaskPatch,
} from './lists.ts';
import {
  ActivityPage,
  ActivityQuery,
  NotificationChannels,
  PushSubscriptionBody,
  ReminderShownBody,
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

/** One route of the API. Tables key routes by their stable operation id (`createTodo`). */
export interface RouteSpec {
  method: Method;
  /** Path below `/api` (bff) and `/v1` (core-service, worker), koa style (`:id`). */
  path: string;
  summary: string;
  group:
    | 'auth'
    | 'todos'
    | 'lists'
    | 'tags'
    | 'reminders'
    | 'recurrence'
    | 'sync'
    | 'notifications'
    | 'activity'
    | 'settings'
    | 'portability';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  status: 200 | 201 | 204;
  /** false: the bff answers it itself (sign-in); absent: forwarded for the signed-in user to `target`. */
  forward?: false;
  /** The service that serves a forwarded route (default core-service). */
  target?: 'core-service' | 'worker';
  /** A route the bff answers itself (`forward: false`) that still needs the session. */
  signedIn?: true;
  /** Media types the body may also come as, besides JSON (`text/csv`). */
  bodyTypes?: string[];
  /** The response's media type when it is not JSON (`text/calendar`). */
  responseType?: string;
  /** Problem statuses beyond the ones every route may answer (422 for an import it cannot take). */
  problems?: number[];
}

/**
 * Routes by operation id. A table is written `{ … } as const satisfies RouteTable`, so each route keeps
 * its own schemas' types: the services' handlers are typed from them (contractRouter in platform).
 */
export type RouteTable = Record<string, RouteSpec>;

/** A route with its operation id, for code that goes through a table in order. */
export type Route = RouteSpec & { id: string };

/** The routes of a table in their order (fixed paths before `/todos/:id`). */
export function routeList(table: RouteTable): Route[] {
  return Object.entries(table).map(([id, spec]) => ({ id, ...spec }));
}

const TodoParams = z.object({ id: Id });
const TodoTagParams = z.object({ id: Id, tagId: Id });
const TodoReminderParams = z.object({ id: Id, reminderId: Id });
const TagParams = z.object({ id: Id });
const LevelParams = z.object({ level: Priority });
const ListParams = z.object({ id: Id });
const ListMemberParams = z.object({ id: Id, userId: Id });
const SubtaskParams = z.object({ id: Id, subtaskId: Id });
const InvitationParams = z.object({ id: Id });

export const authRoutes = {
  register: {
    method: 'post',
    path: '/auth/register',
    summary: 'Create an account and sign in',
    group: 'auth',
    body: RegisterBody,
    response: UserEnvelope,
    status: 201,
    forward: false,
  },
  login: {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in',
    group: 'auth',
    body: LoginBody,
    response: UserEnvelope,
    status: 200,
    forward: false,
  },
  logout: {
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out',
    group: 'auth',
    status: 204,
    forward: false,
  },
  me: {
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in person',
    group: 'auth',
    response: UserEnvelope,
    status: 200,
    forward: false,
  },
} as const satisfies RouteTable;

/** Order matters: fixed paths come before `/todos/:id`. */
export const resourceRoutes = {
  listTodos: {
    method: 'get',
    path: '/todos',
    summary: 'List, filter, search and sort todos (keyset-paginated)',
    group: 'todos',
    query: TodoListQuery,
    response: TodoPage,
    status: 200,
  },
  createTodo: {
    method: 'post',
    path: '/todos',
    summary: 'Create a todo (the client may supply its id)',
    group: 'todos',
    body: TodoCreate,
    response: Todo,
    status: 201,
  },
  searchTodos: {
    method: 'get',
    path: '/todos/search',
    summary: 'Full-text search, ranked and prefix-matching, with <mark> highlights',
    group: 'todos',
    query: TodoSearchQuery,
    response: SearchPage,
    status: 200,
  },
  filterTodos: {
    method: 'get',
    path: '/todos/filter',
    summary: 'Filter todos (same parameters as the list)',
    group: 'todos',
    query: TodoListQuery,
    response: TodoPage,
    status: 200,
  },
  sortTodos: {
    method: 'get',
    path: '/todos/sort',
    summary: 'Sort todos by a field',
    group: 'todos',
    query: TodoSortQuery,
    response: TodoPage,
    status: 200,
  },
  todosByPriority: {
    method: 'get',
    path: '/todos/priority/:level',
    summary: 'Todos of one priority',
    group: 'todos',
    params: LevelParams,
    query: TodoListQuery.omit({ priority: true }),
    response: TodoPage,
    status: 200,
  },
  getTodo: {
    method: 'get',
    path: '/todos/:id',
    summary: 'One todo',
    group: 'todos',
    params: TodoParams,
    response: Todo,
    status: 200,
  },
  updateTodo: {
    method: 'patch',
    path: '/todos/:id',
    summary: 'Change any writable field',
    group: 'todos',
    params: TodoParams,
    body: TodoPatch,
    response: Todo,
    status: 200,
  },
  deleteTodo: {
    method: 'delete',
    path: '/todos/:id',
    summary: 'Delete a todo',
    group: 'todos',
    params: TodoParams,
    status: 204,
  },
  completeTodo: {
    method: 'post',
    path: '/todos/:id/complete',
    summary: 'Complete; a recurring todo gets its next occurrence',
    group: 'todos',
    params: TodoParams,
    response: CompleteResult,
    status: 200,
  },
  reopenTodo: {
    method: 'post',
    path: '/todos/:id/reopen',
    summary: 'Reopen a done todo',
    group: 'todos',
    params: TodoParams,
    response: Todo,
    status: 200,
  },
  setPriority: {
    method: 'put',
    path: '/todos/:id/priority',
    summary: 'Set the priority',
    group: 'todos',
    params: TodoParams,
    body: PriorityBody,
    response: Todo,
    status: 200,
  },
  addTodoTags: {
    method: 'put',
    path: '/todos/:id/tags',
    summary: 'Add tags to a todo',
    group: 'tags',
    params: TodoParams,
    body: TagIdsBody,
    response: Todo,
    status: 200,
  },
  removeTodoTag: {
    method: 'delete',
    path: '/todos/:id/tags/:tagId',
    summary: 'Remove a tag from a todo',
    group: 'tags',
    params: TodoTagParams,
    response: Todo,
    status: 200,
  },
  addReminder: {
    method: 'post',
    path: '/todos/:id/reminder',
    summary: 'Add a reminder (absolute, or minutes before due)',
    group: 'reminders',
    params: TodoParams,
    body: ReminderCreate,
    response: Reminder,
    status: 201,
  },
  deleteReminder: {
    method: 'delete',
    path: '/todos/:id/reminders/:reminderId',
    summary: 'Delete a reminder',
    group: 'reminders',
    params: TodoReminderParams,
    status: 204,
  },
  snoozeReminder: {
    method: 'post',
    path: '/todos/:id/reminders/:reminderId/snooze',
    summary: 'Snooze a reminder',
    group: 'reminders',
    params: TodoReminderParams,
    body: SnoozeBody,
    response: Reminder,
    status: 200,
  },
  setRecurrence: {
    method: 'post',
    path: '/todos/:id/recur',
    summary: 'Make a todo recur (RFC 5545 rule, in its time zone)',
    group: 'recurrence',
    params: TodoParams,
    body: RecurrenceInput,
    response: Todo,
    status: 200,
  },
  clearRecurrence: {
    method: 'delete',
    path: '/todos/:id/recur',
    summary: 'Stop a todo recurring',
    group: 'recurrence',
    params: TodoParams,
    response: Todo,
    status: 200,
  },
  addSubtask: {
    method: 'post',
    path: '/todos/:id/subtasks',
    summary: 'Add a subtask to the end of the checklist (or at the given position)',
    group: 'todos',
    params: TodoParams,
    body: SubtaskCreate,
    response: Subtask,
    status: 201,
  },
  updateSubtask: {
    method: 'patch',
    path: '/todos/:id/subtasks/:subtaskId',
    summary: 'Rename, tick or move a subtask',
    group: 'todos',
    params: SubtaskParams,
    body: SubtaskPatch,
    response: Subtask,
    status: 200,
  },
  deleteSubtask: {
    method: 'delete',
    path: '/todos/:id/subtasks/:subtaskId',
    summary: 'Delete a subtask',
    group: 'todos',
    params: SubtaskParams,
    status: 204,
  },
  listLists: {
    method: 'get',
    path: '/lists',
    summary: "The person's lists and those shared with them, in their order",
    group: 'lists',
    response: ListPage,
    status: 200,
  },
  createList: {
    method: 'post',
    path: '/lists',
    summary: 'Create a list (the client may supply its id)',
    group: 'lists',
    body: ListCreate,
    response: List,
    status: 201,
  },
  updateList: {
    method: 'patch',
    path: '/lists/:id',
    summary: 'Rename, recolour, reorder or archive a list',
    group: 'lists',
    params: ListParams,
    body: ListPatch,
    response: List,
    status: 200,
  },
  deleteList: {
    method: 'delete',
    path: '/lists/:id',
    summary:
      'Delete a list (owner only): its todos move to the Inbox (todos=move) or go with it (todos=delete)',
    group: 'lists',
    params: ListParams,
    query: ListDeleteQuery,
    status: 204,
  },
  inviteToList: {
    method: 'post',
    path: '/lists/:id/invitations',
    summary: 'Invite someone by email to share a list (owner only)',
    group: 'lists',
    params: ListParams,
    body: InvitationCreate,
    response: Invitation,
    status: 201,
  },
  removeListMember: {
    method: 'delete',
    path: '/lists/:id/members/:userId',
    summary: 'Remove a member (owner), or leave the list (a member naming themselves)',
    group: 'lists',
    params: ListMemberParams,
    status: 204,
  },
  listInvitations: {
    method: 'get',
    path: '/invitations',
    summary: 'Invitations addressed to the signed-in person',
    group: 'lists',
    response: InvitationPage,
    status: 200,
  },
  acceptInvitation: {
    method: 'post',
    path: '/invitations/:id/accept',
    summary: 'Accept an invitation: the list is shared with you',
    group: 'lists',
    params: InvitationParams,
    response: List,
    status: 200,
  },
  declineInvitation: {
    method: 'delete',
    path: '/invitations/:id',
    summary: 'Decline an invitation',
    group: 'lists',
    params: InvitationParams,
    status: 204,
  },
  listTags: {
    method: 'get',
    path: '/tags',
    summary: 'All tags',
    group: 'tags',
    response: TagList,
    status: 200,
  },
  createTag: {
    method: 'post',
    path: '/tags',
    summary: 'Create a tag (names are unique per person)',
    group: 'tags',
    body: TagCreate,
    response: Tag,
    status: 201,
  },
  updateTag: {
    method: 'patch',
    path: '/tags/:id',
    summary: 'Rename or recolour a tag',
    group: 'tags',
    params: TagParams,
    body: TagPatch,
    response: Tag,
    status: 200,
  },
  deleteTag: {
    method: 'delete',
    path: '/tags/:id',
    summary: 'Delete a tag (removes it from todos)',
    group: 'tags',
    params: TagParams,
    status: 204,
  },
  syncPush: {
    method: 'post',
    path: '/sync/push',
    summary: 'Send queued mutations in order; each mutation id is applied at most once (see docs/sync.md)',
    group: 'sync',
    body: PushBody,
    response: PushResult,
    status: 200,
  },
  syncPull: {
    method: 'get',
    path: '/sync/pull',
    summary: 'The latest state of everything changed since a cursor, tombstones included, in pages',
    group: 'sync',
    query: PullQuery,
    response: PullResult,
    status: 200,
  },
} as const satisfies RouteTable;

/** Served by the worker, which sends notifications and keeps the history. */
export const workerRoutes = {
  vapidKey: {
    method: 'get',
    path: '/push/vapid-public-key',
    summary: 'The VAPID public key to subscribe with',
    group: 'notifications',
    response: VapidKey,
    status: 200,
    target: 'worker',
  },
  subscribePush: {
    method: 'post',
    path: '/push/subscriptions',
    summary: "Keep a browser's PushSubscription for reminders",
    group: 'notifications',
    body: PushSubscriptionBody,
    status: 201,
    target: 'worker',
  },
  unsubscribePush: {
    method: 'delete',
    path: '/push/subscriptions',
    summary: 'Forget a push subscription',
    group: 'notifications',
    body: UnsubscribeBody,
    status: 204,
    target: 'worker',
  },
  notificationChannels: {
    method: 'get',
    path: '/notifications/channels',
    summary: "Which channels can deliver the person's reminders: push devices, and email on the server",
    group: 'notifications',
    response: NotificationChannels,
    status: 200,
    target: 'worker',
  },
  reminderShown: {
    method: 'post',
    path: '/notifications/shown',
    summary:
      'A device with the app open showed a due reminder (recorded in the history); 404 before it is due',
    group: 'notifications',
    body: ReminderShownBody,
    status: 204,
    target: 'worker',
  },
  listActivity: {
    method: 'get',
    path: '/activity',
    summary: "The history of the person's todos, newest first",
    group: 'activity',
    query: ActivityQuery,
    response: ActivityPage,
    status: 200,
    target: 'worker',
  },
} as const satisfies RouteTable;

/** Served by core-service, which keeps the person's account. */
export const settingsRoutes = {
  getSettings: {
    method: 'get',
    path: '/settings',
    summary: 'Notification settings, name and time zone',
    group: 'settings',
    response: Settings,
    status: 200,
  },
  updateSettings: {
    method: 'patch',
    path: '/settings',
    summary: 'Change settings',
    group: 'settings',
    body: SettingsPatch,
    response: Settings,
    status: 200,
  },
} as const satisfies RouteTable;

/** Answered by the bff alone. */
export const streamRoutes = {
  syncStream: {
    method: 'get',
    path: '/sync/stream',
    summary:
      'text/event-stream: `event: change` with `data: {"version":n}` when the person\'s data changed elsewhere; comments as heartbeats',
    group: 'sync',
    query: z.object({ clientId: z.string().max(64).optional() }),
    status: 200,
    forward: false,
  },
} as const satisfies RouteTable;

/** Answered by the bff (portability.routes.ts), which reads bodies and builds URLs core cannot. */
export const portabilityRoutes = {
  exportData: {
    method: 'get',
    path: '/export',
    summary: 'Everything the person has (their lists and those shared with them, todos, tags) as JSON',
    group: 'portability',
    response: ExportDocument,
    status: 200,
    forward: false,
    signedIn: true,
  },
  importData: {
    method: 'post',
    path: '/import',
    summary:
      'Import an export (JSON) or a Todoist CSV file (text/csv; `list` names its list) in one transaction; answers what it created',
    group: 'portability',
    query: ImportQuery,
    body: ImportDocument,
    bodyTypes: ['text/csv'],
    problems: [422],
    response: ImportResult,
    status: 200,
    forward: false,
    signedIn: true,
  },
  getCalendarFeed: {
    method: 'get',
    path: '/calendar',
    summary: "The person's secret calendar feed URL (RFC 5545); the same until revoked",
    group: 'portability',
    response: CalendarFeed,
    status: 200,
    forward: false,
    signedIn: true,
  },
  revokeCalendarFeed: {
    method: 'delete',
    path: '/calendar',
    summary: 'Revoke the calendar feed URL (the next GET makes a new one)',
    group: 'portability',
    status: 204,
    forward: false,
    signedIn: true,
  },
  calendarFeed: {
    method: 'get',
    path: '/calendar/feeds/:file',
    summary:
      'The feed itself (text/calendar), for calendar apps: no session, the token in the URL is the credential',
    group: 'portability',
    params: z.object({ file: z.string().max(100) }),
    status: 200,
    responseType: 'text/calendar',
    forward: false,
  },
} as const satisfies RouteTable;

/** Served by core-service under /v1. */
export const coreServiceRoutes = { ...resourceRoutes, ...settingsRoutes } as const satisfies RouteTable;

/** Every route of the public API, in the order the OpenAPI document lists them. */
export const publicRoutes: Route[] = routeList({
  ...authRoutes,
  ...resourceRoutes,
  ...settingsRoutes,
  ...workerRoutes,
  ...portabilityRoutes,
  ...streamRoutes,
});

/** Every route the bff forwards, with the service that serves it. */
export const forwardedRoutes: Route[] = routeList({ ...resourceRoutes, ...settingsRoutes, ...workerRoutes });
