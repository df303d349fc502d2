// Short-lived messages at the bottom of the screen ("Completed · Undo"); sync notices live in IndexedDB.
import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** Shows a toast for `ms`; its id, to take it away earlier. */
export function toast(text: string, action?: Toast['action'], ms = 5000): number {
  const id = nextId++;
  toasts = [...toasts.slice(-2), { id, text, ...(action ? { action } : {}) }];
  emit();
  setTimeout(() => dismissToast(id), ms);
  return id;
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function useToasts(): Toast[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
}
