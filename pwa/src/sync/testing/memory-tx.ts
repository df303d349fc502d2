// The sync's transaction interface over plain Maps, for tests: the same local logic as the app, without IndexedDB.
import type { ListRecord, MetaKey, OutboxRecord, TagRecord, TodoRecord } from '../../db/records.ts';
import type { LocalTx } from '../local.ts';

export class MemoryStore {
  todos = new Map<string, TodoRecord>();
  tags = new Map<string, TagRecord>();
  lists = new Map<string, ListRecord>();
  outbox: OutboxRecord[] = [];
  meta = new Map<MetaKey, unknown>();
  private seq = 0;
  ackedSeq = 0;

  /** 'acked' or 'queued' for each outbox row, in order. */
  states(): string[] {
    return this.outbox.map((row) => (row.seq! <= this.ackedSeq ? 'acked' : 'queued'));
  }

  tx(): LocalTx {
    const clone = <T>(v: T): T => structuredClone(v);
    return {
      getTodos: async (ids) => ids.map((id) => clone(this.todos.get(id))),
      getTags: async (ids) => ids.map((id) => clone(this.tags.get(id))),
      getLists: async (ids) => ids.map((id) => clone(this.lists.get(id))),
      putTodos: async (records) => records.forEach((r) => this.todos.set(r.id, clone(r))),
      deleteTodos: async (ids) => ids.forEach((id) => this.todos.delete(id)),
      putTags: async (records) => records.forEach((r) => this.tags.set(r.id, clone(r))),
      deleteTags: async (ids) => ids.forEach((id) => this.tags.delete(id)),
      putLists: async (records) => records.forEach((r) => this.lists.set(r.id, clone(r))),
      deleteLists: async (ids) => ids.forEach((id) => this.lists.delete(id)),
      clearRecords: async () => {
        this.todos.clear();
        this.tags.clear();
        this.lists.clear();
      },
      todoIdsWithTag: async (tagId) =>
        [...this.todos.values()].filter((t) => t.tagIds.includes(tagId)).map((t) => t.id),
      todoIdsInList: async (listId) =>
        [...this.todos.values()]
          .filter((t) => t.listId === listId || t.base?.listId === listId)
          .map((t) => t.id),
      outbox: async () => clone(this.outbox),
      outboxCount: async () => this.outbox.length,
      outboxFor: async (keys) =>
        clone(this.outbox.filter((row) => row.entities.some((k) => keys.includes(k)))),
      outboxByIds: async (ids) => clone(this.outbox.filter((row) => ids.includes(row.id))),
      queued: async (limit, after = 0) =>
        clone(this.outbox.filter((row) => row.seq! > Math.max(this.ackedSeq, after)).slice(0, limit)),
      ackedIds: async () => this.outbox.filter((row) => row.seq! <= this.ackedSeq).map((row) => row.id),
      ackThrough: async (seq) => {
        this.ackedSeq = Math.max(this.ackedSeq, seq);
      },
      addOutbox: async (rows) => {
        for (const row of rows) this.outbox.push(clone({ ...row, seq: ++this.seq }));
      },
      deleteOutbox: async (rows) => {
        const ids = new Set(rows.map((row) => row.id));
        this.outbox = this.outbox.filter((row) => !ids.has(row.id));
      },
      getMeta: async <T>(key: MetaKey) => this.meta.get(key) as T | undefined,
      setMeta: async (key, value) => void this.meta.set(key, value),
    };
  }
}
