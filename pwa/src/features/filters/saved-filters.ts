// Saved filters ("Work this week", issue 15): a name for a query (search, filters, sort), kept per person
// on this device (localStorage). Not synced: the server's settings carry no filters yet.
import { useSyncExternalStore } from 'react';
import { DEFAULT_QUERY, type TodoQuery } from '../todos/query.ts';

export interface SavedFilter {
  id: string;
  name: string;
  query: TodoQuery;
}

const key = (userId: string) => `todo:saved-filters:${userId}`;
const listeners = new Set<() => void>();
const cache = new Map<string, SavedFilter[]>();

function read(userId: string): SavedFilter[] {
  let list = cache.get(userId);
  if (list) return list;
  try {
    const raw = JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as unknown;
    // Stored by an older or another version: keep what has a name and fill in the query's defaults.
    list = (Array.isArray(raw) ? (raw as Partial<SavedFilter>[]) : [])
      .filter((f) => typeof f?.id === 'string' && typeof f.name === 'string')
      .map((f) => ({
        id: f.id!,
        name: f.name!,
        query: { ...DEFAULT_QUERY, ...(typeof f.query === 'object' ? f.query : {}) },
      }));
  } catch {
    list = [];
  }
  cache.set(userId, list);
  return list;
}

function write(userId: string, list: SavedFilter[]): void {
  cache.set(userId, list);
  localStorage.setItem(key(userId), JSON.stringify(list));
  listeners.forEach((l) => l());
}

export function useSavedFilters(userId: string): SavedFilter[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => read(userId),
  );
}

export function saveFilter(userId: string, name: string, query: TodoQuery): void {
  write(userId, [...read(userId), { id: crypto.randomUUID(), name, query }]);
}

export function renameFilter(userId: string, id: string, name: string): void {
  write(
    userId,
    read(userId).map((f) => (f.id === id ? { ...f, name } : f)),
  );
}

export function deleteFilter(userId: string, id: string): void {
  write(
    userId,
    read(userId).filter((f) => f.id !== id),
  );
}
