// Registers the service worker (production builds) and offers an update when a new one is waiting;
// a tap on a reminder notification asks this window to show its todo.
import { useSyncExternalStore } from 'react';
import type { OpenMessage } from '../features/notifications/reminder-notification.ts';
import { navigate } from '../lib/router.ts';

let waiting = false;
let messageSkipWaiting: (() => void) | null = null;
const listeners = new Set<() => void>();

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<OpenMessage | null>) => {
    const path = event.data?.type === 'open' ? event.data.path : null;
    if (path && path.startsWith('/') && !path.startsWith('//')) navigate(path);
  });
  if (!import.meta.env.PROD) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    waiting = true;
    messageSkipWaiting = () => wb.messageSkipWaiting();
    listeners.forEach((l) => l());
  });
  // The new worker took over after "Reload to update": load the new version.
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) location.reload();
  });
  await wb.register();
}

export function useUpdateAvailable(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => waiting,
  );
}

export function applyUpdate(): void {
  if (messageSkipWaiting) messageSkipWaiting();
  else location.reload();
}
