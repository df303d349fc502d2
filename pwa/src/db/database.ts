// The one Dexie database of the PWA. Store and index names below are stored in every installed copy:
// do not rename without a migration (add a new version() with an upgrade instead).
import Dexie, { type EntityTable } from 'dexie';
import { inboxIdOf } from '@todo/todo-rules';
import {
  readOutboxRecord,
  readTodoRecord,
  type ListRecord,
  type MetaKey,
  type MetaRecord,
  type OutboxRecord,
  type TagRecord,
  type TodoRecord,
} from './records.ts';
import { hashBits, TodoChunks, type TodoChunk } from './todo-chunks.ts';

export const DB_NAME = 'todo';

export class TodoDatabase extends Dexie {
  // do not rename without a migration (the todos, in chunks: see todo-chunks.ts)
  todoChunks!: EntityTable<TodoChunk, 'id'>;
  // do not rename without a migration
  tags!: EntityTable<TagRecord, 'id'>;
  // do not rename without a migration
  lists!: EntityTable<ListRecord, 'id'>;
  // do not rename without a migration
  outbox!: EntityTable<OutboxRecord, 'seq'>;
  // do not rename without a migration
  meta!: EntityTable<MetaRecord, 'key'>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    // Relaxed durability (Chromium's own default today): a commit is done once the OS has it, without
    // waiting for the disk; only a power loss in that instant could lose the last write.
    super(name, { chromeTransactionDurability: 'relaxed', ...options });
    this.version(1).stores({
      todos: 'id, status, dueAt, *tagIds',
      tags: 'id',
      // `&id`: a mutation id is queued once; `*entities`: what a rebase re-applies per record.
      outbox: '++seq, &id, *entities, state',
      meta: 'key',
    });
    // v2: the list filters in memory (no status/dueAt indexes to maintain on every write), and
    // acknowledgement is a watermark (meta.ackedSeq) instead of a state on each outbox row.
    this.version(2)
      .stores({ todos: 'id, *tagIds', outbox: '++seq, &id, *entities' })
      .upgrade(async (tx) => {
        let acked = 0;
        let prefix = true;
        await tx
          .table('outbox')
          .orderBy('seq')
          .each((row: { seq: number; state?: string }) => {
            prefix &&= row.state === 'acked';
            if (prefix) acked = row.seq;
          });
        if (acked > 0) await tx.table('meta').put({ key: 'ackedSeq', value: acked });
      });
    // v3: todos in chunk records (todo-chunks.ts), one write per ~100 todos instead of one per todo;
    // the `*tagIds` index goes with the records (a tag's deletion scans the chunks). Dexie lets the
    // upgrade read the `todos` store this version removes, and removes it afterwards.
    this.version(3)
      .stores({ todos: null, todoChunks: 'id' })
      .upgrade((tx) => {
        const chunks = new TodoChunks(tx.table('todoChunks'));
        return tx
          .table('todos')
          .toArray()
          .then((rows: TodoRecord[]) => chunks.put(rows))
          .then(() => chunks.flush());
      });
    // v4: lists. Todos stored before them sit in the person's Inbox (its id derives from theirs), and the
    // next pull starts from 0: earlier versions of the app skipped pulled lists, so some were never stored.
    this.version(4)
      .stores({ lists: 'id' })
      .upgrade(async (tx) => {
        const user = (await tx.table('meta').get('user'))?.value as { id: string } | undefined;
        const inbox = user ? inboxIdOf(user.id) : '';
        const place = (todo: TodoRecord): TodoRecord => ({
          ...todo,
          listId: todo.listId ?? inbox,
          position: todo.position ?? '',
          assigneeId: todo.assigneeId ?? null,
          subtasks: todo.subtasks ?? [],
        });
        await tx
          .table('todoChunks')
          .toCollection()
          .modify((chunk: TodoChunk) => {
            chunk.todos = chunk.todos.map((t) => ({
              ...place(t),
              ...(t.base ? { base: place(t.base) } : {}),
            }));
          });
        if ((await tx.table('meta').get('cursor'))?.value)
          await tx.table('meta').put({ key: 'cursor', value: 0 });
      });
    // Fields added later without an index (all-day todos, reminders' time of day) get their defaults
    // when an older row is read, instead of a version that rewrites every row (todosOf, TodoChunks.get).
    this.outbox.hook('reading', readOutboxRecord);
  }

  /** One todo, read outside the sync's transactions (a notification in the service worker). */
  async getTodo(id: string): Promise<TodoRecord | undefined> {
    // The chunk covering a hash is the greatest chunk id at or below it (see chunkIdOf).
    const chunk = await this.todoChunks.where('id').belowOrEqual(hashBits(id)).last();
    return readTodoRecord(chunk?.todos.find((t) => t.id === id));
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
