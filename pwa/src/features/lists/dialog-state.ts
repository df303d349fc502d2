// Which list dialog is open (one at a time, from the sidebar, the drawer or a list's header): a tiny
// store so any of them can open it and the Shell mounts it once.
import { useSyncExternalStore } from 'react';

/** 'new' for a new list, else the id of the list whose settings show. */
export type ListDialogTarget = 'new' | string | null;

let target: ListDialogTarget = null;
const listeners = new Set<() => void>();

export function openListDialog(next: 'new' | string): void {
  target = next;
  for (const l of listeners) l();
}

export function closeListDialog(): void {
  target = null;
  for (const l of listeners) l();
}

export function useListDialog(): ListDialogTarget {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => target,
  );
}
