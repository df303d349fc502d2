// The only place the PWA talks HTTP: sign-in, the sync endpoints, settings, push subscriptions, the
// activity history, export and import, and sharing (invitations, members), same-origin with the session
// cookie. Failures come back typed: offline (no answer), signed out (401), or a problem+json answer.
import type {
  ActivityItem,
  CalendarFeed,
  ExportDocument,
  ImportResult,
  Invitation,
  InvitationCreate,
  List,
  NotificationChannels,
  PullResult,
  PushBody,
  PushResult,
  PushSubscriptionBody,
  ReceivedInvitation,
  Settings,
  SettingsPatch,
  User,
} from '@todo/contracts';

/** No answer at all: offline, or the server is down. */
export class OfflineError extends Error {
  override name = 'OfflineError';
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

interface RequestInit {
  method?: string;
  body?: unknown;
  /** A body sent as it is, with its media type (a CSV file). */
  text?: { type: string; content: string };
}

function contentOf(init: RequestInit): { headers: Record<string, string>; body: string | undefined } {
  if (init.text) return { headers: { 'content-type': init.text.type }, body: init.text.content };
  if (init.body === undefined) return { headers: { accept: 'application/json' }, body: undefined };
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) };
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      ...contentOf(init),
      cache: 'no-store',
    });
  } catch {
    throw new OfflineError('No connection to the server');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const p = (body ?? {}) as {
      type?: string;
      title?: string;
      detail?: string;
      errors?: HttpError['errors'];
    };
    const retry = Number(res.headers.get('retry-after'));
    // A proxy's or the platform's 502/503/504 means the server is unreachable: treat as offline.
    if (res.status >= 502 && res.status <= 504 && !p.type)
      throw new OfflineError(`The server answered ${res.status}`);
    throw new HttpError(
      res.status,
      p.type ?? `http-${res.status}`,
      p.detail ?? p.title ?? `The server answered ${res.status}`,
      p.errors ?? [],
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
  }
  return body as T;
}

/** The server's sync endpoints as the sync cycle uses them (a model server in tests). */
export interface SyncApi {
  push(body: PushBody): Promise<PushResult>;
  pull(cursor: number, limit: number): Promise<PullResult>;
}

export const syncApi: SyncApi = {
  push: (body: PushBody) => request<PushResult>('/api/sync/push', { method: 'POST', body }),
  pull: (cursor: number, limit: number) =>
    request<PullResult>(`/api/sync/pull?cursor=${cursor}&limit=${limit}`),
};

export const authApi = {
  me: async () => (await request<{ user: User }>('/api/auth/me')).user,
  login: async (email: string, password: string) =>
    (await request<{ user: User }>('/api/auth/login', { method: 'POST', body: { email, password } })).user,
  register: async (fields: { email: string; password: string; name?: string; timeZone: string }) =>
    (await request<{ user: User }>('/api/auth/register', { method: 'POST', body: fields })).user,
  logout: () => request<void>('/api/auth/logout', { method: 'POST' }),
};

/** Settings need the server (they are not in the outbox): callers show an offline state. */
export const settingsApi = {
  get: () => request<Settings>('/api/settings'),
  update: (patch: SettingsPatch) => request<Settings>('/api/settings', { method: 'PATCH', body: patch }),
};

export const pushApi = {
  vapidKey: async () => (await request<{ key: string }>('/api/push/vapid-public-key')).key,
  /** The server keeps subscriptions by endpoint: posting one again refreshes it. */
  subscribe: (subscription: PushSubscriptionBody) =>
    request<void>('/api/push/subscriptions', { method: 'POST', body: subscription }),
  unsubscribe: (endpoint: string) =>
    request<void>('/api/push/subscriptions', { method: 'DELETE', body: { endpoint } }),
};

export const notificationsApi = {
  /** How many of the person's devices get push, and whether the server can email. */
  channels: () => request<NotificationChannels>('/api/notifications/channels'),
  /** This device showed a due reminder itself (404 until the server has that firing). */
  shown: (firing: { reminderId: string; remindAt: string }) =>
    request<void>('/api/notifications/shown', { method: 'POST', body: firing }),
};

export interface ActivityPage {
  items: ActivityItem[];
  nextCursor: string | null;
}

export const activityApi = {
  page: (query: { todoId?: string; cursor?: string; limit?: number }) => {
    const params = new URLSearchParams();
    if (query.todoId) params.set('todoId', query.todoId);
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.limit) params.set('limit', String(query.limit));
    const qs = params.toString();
    return request<ActivityPage>(`/api/activity${qs ? `?${qs}` : ''}`);
  },
};

/** Export, import and the calendar feed: server only, like settings. */
export const portabilityApi = {
  exportData: () => request<ExportDocument>('/api/export'),
  /** An export of this app (parsed JSON), or a Todoist CSV file's text going into the list named. */
  importJson: (document: unknown) => request<ImportResult>('/api/import', { method: 'POST', body: document }),
  importCsv: (csv: string, list: string) =>
    request<ImportResult>(`/api/import?list=${encodeURIComponent(list)}`, {
      method: 'POST',
      text: { type: 'text/csv', content: csv },
    }),
  calendarFeed: () => request<CalendarFeed>('/api/calendar'),
  revokeCalendarFeed: () => request<void>('/api/calendar', { method: 'DELETE' }),
};

/** Invitations and members change on the server only (not through the outbox): callers say so offline. */
export const sharingApi = {
  invitations: async () => (await request<{ items: ReceivedInvitation[] }>('/api/invitations')).items,
  accept: (id: string) =>
    request<List>(`/api/invitations/${encodeURIComponent(id)}/accept`, { method: 'POST' }),
  decline: (id: string) => request<void>(`/api/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  invite: (listId: string, body: InvitationCreate) =>
    request<Invitation>(`/api/lists/${encodeURIComponent(listId)}/invitations`, { method: 'POST', body }),
  /** The owner removes someone, or a member removes themselves (leaves). */
  removeMember: (listId: string, userId: string) =>
    request<void>(`/api/lists/${encodeURIComponent(listId)}/members/${encodeURIComponent(userId)}`, {
      method: 'DELETE',
    }),
};

export function streamUrl(clientId: string): string {
  return `/api/sync/stream?clientId=${encodeURIComponent(clientId)}`;
}
