/// <reference lib="webworker" />
// The service worker: precaches the app shell (every built file), answers navigations with index.html
// (never /api: API answers are never cached), and sends the outbox by Background Sync when the
// connection returns, even with the app closed. Updates wait until the person chooses to reload.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { database } from './db/database.ts';
import { inLocalTx } from './db/local-tx.ts';
import { syncCycle } from './sync/cycle.ts';
import { BACKGROUND_SYNC_TAG, describeRejection, RUN_LOCK } from './sync/engine-constants.ts';
import { addNotice } from './sync/notices.ts';
import { syncApi } from './sync/transport.ts';

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
