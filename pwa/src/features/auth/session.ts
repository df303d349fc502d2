// Signing in and out on this device. The signed-in person is kept in IndexedDB, so the app opens
// offline; another person signing in, or signing out, clears the previous person's local data.
import type { User } from '@todo/contracts';
import { services, startSync, stopSync, syncEngine } from '../../sync/services.ts';
import { queuedCount } from '../../db/local-tx.ts';
import { authApi, OfflineError } from '../../api/transport.ts';

export async function signIn(email: string, password: string): Promise<void> {
  await adopt(await authApi.login(email.trim(), password));
}

export async function signUp(fields: { email: string; password: string; name?: string }): Promise<void> {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  await adopt(await authApi.register({ ...fields, email: fields.email.trim(), timeZone }));
}

async function adopt(user: User): Promise<void> {
  const { db } = services();
  const previous = await db.getMeta<User>('user');
  if (previous && previous.id !== user.id) {
    await stopSync();
    await clearLocalData();
  }
  await db.transaction('rw', db.meta, async () => {
    await db.setMeta('user', user);
    await db.setMeta('sessionExpired', false);
  });
  // The same engine carries on (a restart would abandon a pull under way); it only needs to know.
  startSync();
}

/** Refreshes the person's details (e.g. a changed time zone); a 401 marks the session as ended. */
export async function refreshUser(): Promise<void> {
  const { db } = services();
  try {
    const user = await authApi.me();
    const stored = await db.getMeta<User>('user');
    if (stored && stored.id === user.id && JSON.stringify(stored) !== JSON.stringify(user))
      await db.setMeta('user', user);
  } catch (err) {
    if (err instanceof OfflineError) return;
    if ((err as { status?: number }).status === 401) await db.setMeta('sessionExpired', true);
  }
}

/** Tries to send what is still queued (briefly), then forgets this person's data on this device. */
export async function signOut(): Promise<{ unsent: number }> {
  const { db } = services();
  const engine = syncEngine();
  if (engine && navigator.onLine) {
    await Promise.race([engine.syncNow(), new Promise((resolve) => setTimeout(resolve, 4000))]);
  }
  const unsent = await queuedCount(db);
  await stopSync();
  // Reminders of this person must not reach whoever uses the device next (offline, the push service
  // refuses the next message to the old subscription, and the server forgets it then).
  await Promise.race([
    import('../settings/push.ts').then((m) => m.disablePush()).catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 3000)),
  ]);
  try {
    await authApi.logout();
  } catch {
    // offline: the server session expires by itself; this device forgets it now
  }
  await clearLocalData();
  return { unsent };
}

export async function clearLocalData(): Promise<void> {
  const { db } = services();
  await db.transaction('rw', [db.todoChunks, db.tags, db.lists, db.outbox, db.meta], async () => {
    await db.todoChunks.clear();
    await db.tags.clear();
    await db.lists.clear();
    await db.outbox.clear();
    await db.meta.where('key').noneOf(['clientId']).delete();
  });
}
