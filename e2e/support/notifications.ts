// Reminder notifications in the app's service worker, driven the way the browser would: a PushEvent with
// the worker's payload (docs/notifications.md) and a NotificationEvent for a tap on a button, dispatched
// inside the worker's own scope over the DevTools protocol. Also a stand-in PushManager for pages, since
// headless Chromium here reaches no push service.
import { createECDH, randomBytes } from 'node:crypto';
import type { ReminderPushPayload } from '@todo/contracts';
import type { BrowserContext, Page, Worker } from 'playwright-core';

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  data: unknown;
  actions: { action: string; title: string }[];
  requireInteraction: boolean;
}

/** What the page's types lack: the worker's scope and its event constructors. */
interface WorkerScope {
  registration: ServiceWorkerRegistration;
  dispatchEvent(event: Event): boolean;
  PushEvent: new (type: string, init: { data: string }) => HandledEvent;
  NotificationEvent: new (type: string, init: { action: string; notification: Notification }) => HandledEvent;
}
type HandledEvent = Event & { waitUntil(promise: Promise<unknown>): void };

/**
 * Dispatches a push (with this payload) or a tap on the reminder's notification in the worker, and
 * waits for the worker's own handlers: the promises they give waitUntil. So a slow handler is waited
 * for, and a failing one fails here with its own error.
 */
async function dispatch(
  sw: Worker,
  event: { type: 'push'; payload: ReminderPushPayload } | { type: 'tap'; reminderId: string; action: string },
): Promise<void> {
  await sw.evaluate(async (e) => {
    const scope = self as unknown as WorkerScope;
    let dispatched: HandledEvent;
    if (e.type === 'push') {
      dispatched = new scope.PushEvent('push', { data: JSON.stringify(e.payload) });
    } else {
      const [notification] = await scope.registration.getNotifications({ tag: e.reminderId });
      if (!notification) throw new Error(`no notification for reminder ${e.reminderId}`);
      dispatched = new scope.NotificationEvent('notificationclick', { action: e.action, notification });
    }
    const handled: Promise<unknown>[] = [];
    const waitUntil = dispatched.waitUntil.bind(dispatched);
    dispatched.waitUntil = (promise) => {
      handled.push(promise);
      waitUntil(promise);
    };
    scope.dispatchEvent(dispatched);
    if (handled.length === 0) throw new Error(`the service worker did not handle the ${e.type}`);
    await Promise.all(handled);
  }, event);
}

/** The app's service worker, once it runs, with permission to show notifications. */
export async function notifyingWorker(context: BrowserContext, baseUrl: string): Promise<Worker> {
  await context.grantPermissions(['notifications'], { origin: baseUrl });
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Delivers a push message to the worker and returns the notification it showed. */
export async function push(sw: Worker, payload: ReminderPushPayload): Promise<ShownNotification> {
  await dispatch(sw, { type: 'push', payload });
  return sw.evaluate(async (tag) => {
    // This push's notification (a repeat of the reminder replaces the earlier one, same tag).
    const [n] = await (self as unknown as WorkerScope).registration.getNotifications({ tag });
    if (!n) throw new Error('the service worker showed no notification');
    const actions = (n as Notification & { actions: { action: string; title: string }[] }).actions;
    return {
      title: n.title,
      body: n.body,
      tag: n.tag,
      data: n.data as unknown,
      actions: actions.map(({ action, title }) => ({ action, title })),
      requireInteraction: n.requireInteraction,
    };
  }, payload.reminderId);
}

/**
 * A tap on the notification of this reminder: on a button (`done`, `snooze`) or its body (''). Returns
 * once the worker has handled it: stored the answer and tried to send it.
 */
export async function tap(sw: Worker, reminderId: string, action: string): Promise<void> {
  await dispatch(sw, { type: 'tap', reminderId, action });
}

export async function shownCount(sw: Worker, reminderId: string): Promise<number> {
  return sw.evaluate(
    async (tag) => (await (self as unknown as WorkerScope).registration.getNotifications({ tag })).length,
    reminderId,
  );
}

/**
 * Replaces the page's PushManager with one that subscribes without a push service: subscriptions have
 * an https endpoint and real P-256 / auth keys (the server checks them), kept in localStorage so a
 * reload finds them, and bound to the key the app passed (so a changed server key can be simulated).
 */
export async function fakePushManager(page: Page): Promise<void> {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const keys = {
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
  await page.addInitScript((k) => {
    const KEY = 'e2e-push-subscription';
    interface State {
      endpoint: string;
      key: number[];
    }
    const make = (state: State) => ({
      endpoint: state.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: Uint8Array.from(state.key).buffer },
      toJSON: () => ({ endpoint: state.endpoint, expirationTime: null, keys: k }),
      unsubscribe: () => {
        localStorage.removeItem(KEY);
        return Promise.resolve(true);
      },
    });
    PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
      const key = Array.from(new Uint8Array(options!.applicationServerKey as ArrayBuffer));
      const state = { endpoint: `https://push.example.test/e2e/${crypto.randomUUID()}`, key };
      localStorage.setItem(KEY, JSON.stringify(state));
      return Promise.resolve(make(state) as unknown as PushSubscription);
    };
    PushManager.prototype.getSubscription = function () {
      const saved = localStorage.getItem(KEY);
      return Promise.resolve(
        saved ? (make(JSON.parse(saved) as State) as unknown as PushSubscription) : null,
      );
    };
  }, keys);
}

/** The endpoint of the page's stand-in subscription (null when none). */
export async function fakeEndpoint(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const saved = localStorage.getItem('e2e-push-subscription');
    return saved ? (JSON.parse(saved) as { endpoint: string }).endpoint : null;
  });
}

/** Binds the stand-in subscription to another key, as if the server's VAPID keys had changed. */
export async function bindFakeToOldKey(page: Page): Promise<void> {
  await page.evaluate(() => {
    const KEY = 'e2e-push-subscription';
    const state = JSON.parse(localStorage.getItem(KEY)!) as { endpoint: string; key: number[] };
    localStorage.setItem(KEY, JSON.stringify({ ...state, key: state.key.map((b) => b ^ 0xff) }));
  });
}
