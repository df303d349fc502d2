// Web Push on this device: permission, the browser's subscription (bound to the server's VAPID key) and
// the server's copy of it. The service worker shows what arrives (sw.ts). Loaded on demand only.
import type { PushSubscriptionBody } from '@todo/contracts';
import { pushApi } from '../../api/transport.ts';

export type PushState =
  /** No service worker, Push API or notifications here (or an insecure origin). */
  | 'unsupported'
  /** The person blocked notifications for this site: only the browser's settings can undo it. */
  | 'blocked'
  | 'subscribed'
  | 'off';

const SUBSCRIBE_TIMEOUT_MS = 15_000;

export class PushError extends Error {
  override name = 'PushError';
}

export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

async function registration(timeoutMs = 10_000): Promise<ServiceWorkerRegistration> {
  const found = await navigator.serviceWorker.getRegistration();
  if (found) return found;
  // The app registers its worker after the first render: wait a little for it.
  const ready = await Promise.race([
    navigator.serviceWorker.ready,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
  ]);
  if (!ready) throw new PushError('the app’s service worker is not running, so push cannot be set up');
  return ready;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const reg = await navigator.serviceWorker.getRegistration();
  return (await reg?.pushManager.getSubscription()) ?? null;
}

export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  if (Notification.permission !== 'granted') return 'off';
  return (await currentSubscription()) ? 'subscribed' : 'off';
}

/** Asks for permission; call it straight from the person's tap (browsers ignore it otherwise). */
export async function askPermission(): Promise<NotificationPermission> {
  if (!pushSupported()) return 'denied';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The subscription was made with this VAPID public key (base64url). */
export function boundToKey(subscription: PushSubscription, key: string): boolean {
  const current = subscription.options?.applicationServerKey;
  if (!current) return false;
  const a = new Uint8Array(current);
  const b = base64UrlToBytes(key);
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function body(subscription: PushSubscription): PushSubscriptionBody {
  return subscription.toJSON() as PushSubscriptionBody;
}

/**
 * Subscribes this device (again when the server's key changed) and hands the subscription to the server.
 * Needs permission first (askPermission) and the network.
 */
export async function enablePush(): Promise<PushSubscription> {
  if (!pushSupported()) throw new PushError('this browser cannot receive push notifications');
  if (Notification.permission !== 'granted')
    throw new PushError('notifications are not allowed for this site');
  const key = await pushApi.vapidKey();
  const reg = await registration();
  let subscription = await reg.pushManager.getSubscription();
  if (subscription && !boundToKey(subscription, key)) {
    const old = subscription.endpoint;
    await subscription.unsubscribe();
    await pushApi.unsubscribe(old).catch(() => undefined);
    subscription = null;
  }
  if (!subscription) {
    try {
      // A browser that cannot reach its push service may never answer: give up after a while.
      subscription = await Promise.race([
        reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key) }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('it did not answer in time')), SUBSCRIBE_TIMEOUT_MS),
        ),
      ]);
    } catch (err) {
      throw new PushError(
        `the browser’s push service could not be reached (${(err as Error).message || 'no reason given'})`,
      );
    }
  }
  await pushApi.subscribe(body(subscription));
  return subscription;
}

/** Stops push on this device and tells the server to forget it. */
export async function disablePush(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  const { endpoint } = subscription;
  await subscription.unsubscribe().catch(() => false);
  await pushApi.unsubscribe(endpoint);
}

/**
 * On app start: the server keeps subscriptions by endpoint, so posting ours again refreshes its keys
 * there; a subscription made with an older VAPID key can no longer be pushed to, so it is replaced.
 */
export async function refreshPushSubscription(): Promise<void> {
  if (!pushSupported() || Notification.permission !== 'granted') return;
  const subscription = await currentSubscription();
  if (!subscription) return;
  const key = await pushApi.vapidKey();
  if (boundToKey(subscription, key)) await pushApi.subscribe(body(subscription));
  else await enablePush();
}
