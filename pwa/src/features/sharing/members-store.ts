// Members of the person's shared lists, read from IndexedDB once for every row that shows an assignee
// (one live query for the whole list of todos, not one per row).
import type { ListMember } from '@todo/contracts';
import { liveQuery, type Subscription } from 'dexie';
import { useSyncExternalStore } from 'react';
import { services } from '../../sync/services.ts';

type Shared = ReadonlyMap<string, ListMember[]>;

let shared: Shared = new Map();
let subscription: Subscription | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  subscription ??= liveQuery(() => services().db.lists.toArray()).subscribe({
    next(lists) {
      shared = new Map(lists.filter((l) => !l.deleted && l.members.length > 1).map((l) => [l.id, l.members]));
      listeners.forEach((l) => l());
    },
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    subscription?.unsubscribe();
    subscription = null;
  };
}

/** The members of this list when it is shared (more than one member); undefined otherwise. */
export function useSharedMembers(listId: string): ListMember[] | undefined {
  return useSyncExternalStore(subscribe, () => shared).get(listId);
}
