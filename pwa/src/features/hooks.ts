// Reading local data in components: small stores through useLiveQuery, the todo list through the
// in-memory mirror (kept current from Dexie's change feed), sync state from the engine and IndexedDB.
import type { List, Tag, User } from '@todo/contracts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { byPosition } from '../lib/positions.ts';
import { defaultInbox } from '../sync/inbox.ts';
import { queuedCount } from '../db/local-tx.ts';
import { nextOverdueAt } from './todos/query.ts';
import type { MirrorSnapshot } from '../sync/mirror.ts';
import type { SyncStatus } from '../sync/engine.ts';
import type { Notice } from '../sync/notices.ts';
import { services, subscribeEngine, syncEngine } from '../sync/services.ts';

export function useTodos(): MirrorSnapshot {
  const { mirror } = services();
  return useSyncExternalStore(mirror.subscribe, mirror.getSnapshot);
}

/** Tags by name; deleted-here ones are hidden. */
export function useTags(): Tag[] {
  const { db } = services();
  return (
    useLiveQuery(async () => {
      const all = await db.tags.toArray();
      return all
        .filter((t) => !t.deleted)
        .map(({ id, name, color }) => ({ id, name, color }))
        .sort((a, b) => a.name.localeCompare(b.name));
    }, []) ?? []
  );
}

/**
 * The person's lists, the Inbox first, then in their own order; archived ones too (the sidebar folds
 * them away). Lists deleted here are hidden. Until a first pull stores the Inbox, it is the one the server
 * made at sign-up (sync/inbox.ts). Empty while loading.
 */
export function useLists(): List[] {
  const { db } = services();
  return (
    useLiveQuery(async () => {
      const stored = (await db.lists.toArray()).filter((l) => !l.deleted);
      const user = await db.getMeta<User>('user');
      const lists: List[] = stored.map(({ base: _b, deleted: _d, ...list }) => list);
      if (user && !lists.some((l) => l.inbox)) lists.push(defaultInbox(user));
      return lists.sort((a, b) => Number(b.inbox) - Number(a.inbox) || byPosition(a, b));
    }, []) ?? []
  );
}

/** Open todos per list id, from the todos on this device. */
export function useOpenCounts(): ReadonlyMap<string, number> {
  const snapshot = useTodos();
  return useMemo(() => {
    const counts = new Map<string, number>();
    for (const todo of snapshot.todos.values())
      if (todo.status === 'open') counts.set(todo.listId, (counts.get(todo.listId) ?? 0) + 1);
    return counts;
  }, [snapshot]);
}

/** undefined while loading, null when nobody is signed in here. */
export function useUser(): User | null | undefined {
  const { db } = services();
  return useLiveQuery(async () => (await db.getMeta<User>('user')) ?? null, []);
}

export interface SyncView extends SyncStatus {
  pending: number;
  lastSyncedAt: string | null;
  running: boolean;
}

const OFFLINE_STATUS: SyncStatus = {
  online: navigator.onLine,
  syncing: false,
  leader: false,
  error: null,
  sessionExpired: false,
};

export function useSyncView(): SyncView {
  const { db, mirror } = services();
  useSyncExternalStore(mirror.localWrites.subscribe, mirror.localWrites.getVersion);
  const engine = useSyncExternalStore(subscribeEngine, syncEngine);
  const status = useSyncExternalStore(
    (l) => engine?.subscribe(l) ?? (() => undefined),
    () => engine?.getStatus() ?? OFFLINE_STATUS,
  );
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  const shared = useLiveQuery(async () => {
    // This tab's writes committed by now are in the count; later ones are added (local-writes.ts).
    const mark = mirror.localWrites.mark();
    return {
      queued: await queuedCount(db),
      mark,
      lastSyncedAt: (await db.getMeta<string>('lastSyncedAt')) ?? null,
      sessionExpired: (await db.getMeta<boolean>('sessionExpired')) ?? false,
    };
  }, []);
  const mark = shared?.mark ?? null;
  const [observer] = useState(() => ({}));
  useEffect(() => {
    if (mark !== null) mirror.localWrites.shown(observer, mark);
  }, [mirror, observer, mark]);
  useEffect(() => () => mirror.localWrites.leave(observer), [mirror, observer]);
  return {
    ...status,
    online,
    pending: (shared?.queued ?? 0) + mirror.localWrites.uncounted(mark),
    lastSyncedAt: shared?.lastSyncedAt ?? null,
    sessionExpired: status.sessionExpired || (shared?.sessionExpired ?? false),
    running: engine !== null,
  };
}

/** The browser's idea of the connection (settings and the history need the server). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
  );
}

export function useNotices(): Notice[] {
  const { db } = services();
  return useLiveQuery(async () => (await db.getMeta<Notice[]>('notices')) ?? [], []) ?? [];
}

/**
 * Now, moved on at each minute and at the moment the next of these todos becomes overdue, so "overdue"
 * shows on time (a minute's tick showed it up to a minute late) and "today" stays right.
 */
export function useListClock(snapshot: MirrorSnapshot): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const current = Date.now();
    const minute = Math.floor(current / 60_000) * 60_000 + 60_000;
    const overdue = nextOverdueAt(snapshot.todos.values(), current);
    const wake = Math.min(minute, overdue ?? minute);
    const id = setTimeout(() => setNow(Date.now()), wake - current + 5);
    return () => clearTimeout(id);
  }, [snapshot, now]);
  return now;
}

/** The current minute, so "overdue" and "today" stay right while the app is open. */
export function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  return Math.floor(now / 60_000) * 60_000;
}
