// Invitations addressed to the signed-in person: one store that the header's badge and the inbox share.
// They live on the server only (nobody is poked when invited), so they are fetched when the app opens,
// when it comes back online or into view, and every minute while it is open.
import type { ReceivedInvitation } from '@todo/contracts';
import { useEffect, useSyncExternalStore } from 'react';
import { HttpError, OfflineError, sharingApi } from '../../api/transport.ts';
import { syncEngine } from '../../sync/services.ts';

export interface InvitationsView {
  items: ReceivedInvitation[];
  /** `offline`: no answer from the server; the items are what it said last. */
  state: 'loading' | 'ready' | 'offline' | 'error';
}

const REFRESH_MS = 60_000;

let view: InvitationsView = { items: [], state: 'loading' };
const listeners = new Set<() => void>();
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function set(next: Partial<InvitationsView>) {
  view = { ...view, ...next };
  listeners.forEach((l) => l());
}

export async function refreshInvitations(): Promise<void> {
  try {
    set({ items: await sharingApi.invitations(), state: 'ready' });
  } catch (err) {
    set({ state: err instanceof OfflineError ? 'offline' : 'error' });
  }
}

function onVisible() {
  if (document.visibilityState === 'visible') void refreshInvitations();
}

/** Starts fetching while at least one component shows invitations. */
function start() {
  if (users++ > 0) return;
  void refreshInvitations();
  timer = setInterval(() => void refreshInvitations(), REFRESH_MS);
  window.addEventListener('online', refreshInvitations);
  document.addEventListener('visibilitychange', onVisible);
}

function stop() {
  if (--users > 0) return;
  clearInterval(timer);
  window.removeEventListener('online', refreshInvitations);
  document.removeEventListener('visibilitychange', onVisible);
}

export function useInvitations(): InvitationsView {
  useEffect(() => {
    start();
    return stop;
  }, []);
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => view,
  );
}

/** What to tell the person when a sharing call fails. */
export function sharingError(err: unknown): string {
  if (err instanceof OfflineError) return 'No connection: sharing needs the server. Try again once online.';
  if (err instanceof HttpError) {
    const field = err.errors[0];
    if (!field) return err.message;
    return `${field.path.charAt(0).toUpperCase()}${field.path.slice(1)} ${field.message}.`;
  }
  return 'Something went wrong; try again.';
}

/** Accepting: the list then reaches this device by sync (pulled at once rather than at the next poke). */
export async function acceptInvitation(invitation: ReceivedInvitation): Promise<void> {
  await sharingApi.accept(invitation.id);
  set({ items: view.items.filter((i) => i.id !== invitation.id) });
  void syncEngine()?.syncNow();
}

export async function declineInvitation(invitation: ReceivedInvitation): Promise<void> {
  await sharingApi.decline(invitation.id);
  set({ items: view.items.filter((i) => i.id !== invitation.id) });
}
