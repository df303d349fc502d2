// The one Dexie database of the PWA. Store and index names below are stored in every installed copy:
// do not rename without a migration (add a new version() with an upgrade instead).
import Dexie, { type EntityTable } from 'dexie';
import type { MetaKey, MetaRecord, OutboxRecord, TagRecord, TodoRecord } from './records.ts';

export const DB_NAME = 'todo';

export class TodoDatabase extends Dexie {
  // do not rename without a migration
  todos!: EntityTable<TodoRecord, 'id'>;
  // do not rename without a migration
  tags!: EntityTable<TagRecord, 'id'>;
  // do not rename without a migration
  outbox!: EntityTable<OutboxRecord, 'seq'>;
  // do not rename without a migration
  meta!: EntityTable<MetaRecord, 'key'>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      todos: 'id, status, dueAt, *tagIds',
      tags: 'id',
      // `&id`: a mutation id is queued once; `*entities`: what a rebase re-applies per record.
      outbox: '++seq, &id, *entities, state',
      meta: 'key',
    });
  }

  async getMeta<T>(key: MetaKey): Promise<T | undefined> {
    return (await this.meta.get(key))?.value as T | undefined;
  }

  async setMeta(key: MetaKey, value: unknown): Promise<void> {
    await this.meta.put({ key, value });
  }
}

let shared: TodoDatabase | undefined;

/**
 * The page's (or the service worker's) connection. Dexie reopens by itself on the next query when the
 * browser drops the connection (Safari does); a version change from a newer tab closes ours, and the
 * page then asks to reload.
 */
export function database(): TodoDatabase {
  if (!shared) {
    shared = new TodoDatabase();
    shared.on('versionchange', () => {
      shared?.close({ disableAutoOpen: false });
      globalThis.dispatchEvent?.(new Event('todo:db-version-change'));
      return false;
    });
  }
  return shared;
}
