/// <reference lib="webworker" />
// The service worker: precaches the app shell (every built file), answers navigations with index.html
// (never /api: API answers are never cached), sends the outbox by Background Sync when the connection
// returns, even with the app closed, and shows reminders pushed by the server, whose Done and Snooze
// buttons write through the same local outbox as the app. Updates wait until the person chooses to reload.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { database } from './db/database.ts';
import { inLocalTx } from './db/local-tx.ts';
import {
  actionMutation,
  fallbackNotification,
  parsePayload,
  reminderData,
  reminderNotification,
  todoPath,
  type OpenMessage,
  type ReminderPayload,
} from './features/notifications/reminder-notification.ts';
import { syncCycle } from './sync/cycle.ts';
import { BACKGROUND_SYNC_TAG, describeRejection, RUN_LOCK } from './sync/engine-constants.ts';
import { commitLocal } from './sync/local.ts';
import { addNotice } from './sync/notices.ts';
import { syncApi } from './api/transport.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api(\/|$)/],
  }),
);

/** Chromium's static routing (InstallEvent.addRoutes, Chrome 123+), not yet in TypeScript's DOM types. */
type RoutingInstallEvent = ExtendableEvent & {
  addRoutes?(rules: { condition: { urlPattern: { pathname: string } }; source: 'network' }): Promise<void>;
};

// /api goes straight to the network where the browser can route without this worker: no worker start
// or fetch event for every sync request, poke stream and API call (the handlers above never answer them).
self.addEventListener('install', (event: RoutingInstallEvent) => {
  const routed = event.addRoutes?.({ condition: { urlPattern: { pathname: '/api/*' } }, source: 'network' });
  if (routed) event.waitUntil(routed.catch(() => undefined));
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// The first install takes the open page at once, so it works offline without a reload.
clientsClaim();

interface SyncEvent extends ExtendableEvent {
  tag: string;
}

async function flushOutbox(): Promise<void> {
  const db = database();
  const user = await db.getMeta('user');
  const clientId = await db.getMeta<string>('clientId');
  if (!user || !clientId) return;
  const run = () =>
    syncCycle((work) => inLocalTx(db, work), syncApi, clientId, {
      rejected: (rs) => void Promise.all(rs.map((r) => addNotice(db, describeRejection(r)))),
    });
  // The page's engine takes the same lock: never two cycles at once.
  await (self.navigator.locks ? self.navigator.locks.request(RUN_LOCK, run) : run());
}

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent;
  if (e.tag === BACKGROUND_SYNC_TAG) e.waitUntil(flushOutbox());
});

// Reminders (docs/notifications.md): one notification per reminder, its id as the tag.
self.addEventListener('push', (event) => {
  let raw: unknown = null;
  try {
    raw = event.data?.json();
  } catch {
    // not JSON: shown as the app's own note below
  }
  event.waitUntil(showReminder(parsePayload(raw)));
});

async function showReminder(payload: ReminderPayload | null): Promise<void> {
  if (!payload) {
    const { title, options } = fallbackNotification();
    return self.registration.showNotification(title, options);
  }
  // A payload that does not say whether the todo is all-day: the todo as stored here does.
  const local =
    payload.allDay === null && payload.dueAt
      ? await database()
          .getTodo(payload.todoId)
          .catch(() => undefined)
      : undefined;
  const { title, options } = reminderNotification(payload, local && !local.deleted ? local : undefined);
  await self.registration.showNotification(title, options);
}

self.addEventListener('notificationclick', (event) => {
  const { notification } = event;
  notification.close();
  event.waitUntil(Promise.all([closeAll(notification.tag), answer(event.action, notification.data)]));
});

/** Every notification of the reminder goes once it is answered (on any of them). */
async function closeAll(tag: string): Promise<void> {
  if (!tag) return;
  for (const n of await self.registration.getNotifications({ tag })) n.close();
}

/** Done and Snooze only write here (so they work offline); the outbox carries them to the server. */
async function answer(action: string, rawData: unknown): Promise<void> {
  const data = reminderData(rawData);
  const mutation = data && actionMutation(action, data);
  if (!mutation) return openApp(todoPath(data?.todoId));
  const db = database();
  // Signed out here since the reminder came: the app opens on its sign-in screen instead.
  if (!(await db.getMeta('user'))) return openApp(todoPath(data.todoId));
  await inLocalTx(db, (tx) => commitLocal(tx, [mutation]));
  await sendSoon();
}

/** Sends the outbox now when online; otherwise (or when that fails) when the connection returns. */
async function sendSoon(): Promise<void> {
  if (self.navigator.onLine) {
    try {
      await flushOutbox();
      return;
    } catch {
      // no answer or a failure: Background Sync tries again, and so does the app when it opens
    }
  }
  try {
    const reg = self.registration as ServiceWorkerRegistration & {
      sync?: { register(tag: string): Promise<void> };
    };
    await reg.sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Background Sync exists in Chromium only: the app sends the outbox on its next start
  }
}

/** Shows the todo in an open window of the app (the router moves there, no reload), or opens one. */
async function openApp(path: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const mine = windows.filter((c) => new URL(c.url).origin === self.location.origin);
  const client = mine.find((c) => c.focused) ?? mine.find((c) => c.visibilityState === 'visible') ?? mine[0];
  if (!client) {
    await self.clients.openWindow(path);
    return;
  }
  const message: OpenMessage = { type: 'open', path };
  client.postMessage(message);
  await client.focus().catch(() => undefined);
}
