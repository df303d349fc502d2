// Registers the service worker (production builds) and offers an update when a new one is waiting.
import { useSyncExternalStore } from 'react';

let waiting = false;
let messageSkipWaiting: (() => void) | null = null;
const listeners = new Set<() => void>();

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
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
