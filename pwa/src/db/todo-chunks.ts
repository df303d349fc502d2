// Todos are stored in chunk records of up to CHUNK_MAX todos, not one record per todo: Chromium's
// IndexedDB spends most of a bulk write per record (10,000 todos: ~800 ms as records, ~40 ms as chunks).
import Dexie, { type EntityTable, type PromiseExtended } from 'dexie';
import { readTodoRecord, type TodoRecord } from './records.ts';

/**
 * The todos whose hash bits (hashBits) start with `id`. Chunk ids are a prefix-free cover of all hashes
 * (extendible hashing): the store starts with the one chunk '' and an overfull chunk splits into
 * id+'0' and id+'1'. Chunks never merge; an empty one stays, so the cover stays whole.
 */
export interface TodoChunk {
  id: string;
  todos: TodoRecord[];
}

/**
 * A chunk with more todos splits when written; 10,000 todos take ~40–80 chunks. Measured with the PWA
 * figures (10,000 todos): 64, 128 and 256 gave local writes alike (one chunk read and written each, p95
 * 8–16 ms), and a 10,000-change pull's own time of ~340, ~300 and ~210 ms.
 */
export const CHUNK_MAX = 256;

const HASH_BITS = 32;

/** FNV-1a of the id with murmur3's finalizer, so the first bits (which choose the chunk) mix well. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Bits of ids seen lately: a pull page asks for each of its ids' bits several times (load, place, split). */
const bitsSeen = new Map<string, string>();
const BITS_SEEN_MAX = 50_000;

/** A todo id's hash as 32 '0'/'1', the form chunk ids are prefixes of. */
export function hashBits(id: string): string {
  let bits = bitsSeen.get(id);
  if (bits === undefined) {
    if (bitsSeen.size >= BITS_SEEN_MAX) bitsSeen.clear();
    bits = hash(id).toString(2).padStart(HASH_BITS, '0');
    bitsSeen.set(id, bits);
  }
  return bits;
}

/**
 * The chunk id covering `bits`: the greatest id ≤ bits in the sorted cover (in a prefix-free cover, no
 * id lies between a prefix of `bits` and `bits`).
 */
export function chunkIdOf(sortedIds: readonly string[], bits: string): string {
  let lo = 0;
  let hi = sortedIds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sortedIds[mid]! <= bits) lo = mid;
    else hi = mid - 1;
  }
  return sortedIds[lo] ?? '';
}

/**
 * Whether a todo belongs in one of these chunks (or in what they split into): a test for many todos,
 * comparing the hash's first bits as numbers.
 */
export function coveredBy(chunkIds: readonly string[]): (todoId: string) => boolean {
  if (chunkIds.includes('')) return () => true;
  const prefixes = chunkIds.map((id) => ({ shift: HASH_BITS - id.length, value: parseInt(id, 2) }));
  return (todoId) => {
    const h = hash(todoId);
    return prefixes.some(({ shift, value }) => h >>> shift === value);
  };
}

/** The todos of chunk records, with the defaults of fields added later (see readTodoRecord). */
export function todosOf(chunks: readonly (TodoChunk | undefined)[]): TodoRecord[] {
  const out: TodoRecord[] = [];
  for (const chunk of chunks) if (chunk) for (const todo of chunk.todos) out.push(readTodoRecord(todo)!);
  return out;
}

const resolved = <T>(value: T): PromiseExtended<T> => Dexie.Promise.resolve(value);

/**
 * The todos of one read-write transaction: the chunks it touches are read once, changed in memory, and
 * written by flush() before the transaction ends. Every method returns a Dexie promise (see local-tx.ts).
 * Records are kept as given, not copied: callers hand over fresh records and do not change them after.
 */
export class TodoChunks {
  /** The chunk ids, sorted; read with the first request. */
  private ids: string[] | undefined;
  private chunks = new Map<string, Map<string, TodoRecord>>();
  private dirty = new Set<string>();
  /** Chunks split in this transaction, deleted by flush(). */
  private split = new Set<string>();

  constructor(private readonly table: EntityTable<TodoChunk, 'id'>) {}

  get(ids: readonly string[]): PromiseExtended<(TodoRecord | undefined)[]> {
    if (!ids.length) return resolved([]);
    return this.load(ids).then(() => ids.map((id) => readTodoRecord(this.chunkOf(id).todos.get(id))));
  }

  put(records: readonly TodoRecord[]): PromiseExtended<void> {
    if (!records.length) return resolved(undefined);
    return this.load(records.map((r) => r.id)).then(() => {
      for (const record of records) {
        const { id, todos } = this.chunkOf(record.id);
        todos.set(record.id, record);
        this.dirty.add(id);
      }
    });
  }

  delete(ids: readonly string[]): PromiseExtended<void> {
    if (!ids.length) return resolved(undefined);
    return this.load(ids).then(() => {
      for (const todoId of ids) {
        const { id, todos } = this.chunkOf(todoId);
        if (todos.delete(todoId)) this.dirty.add(id);
      }
    });
  }

  clear(): PromiseExtended<void> {
    return this.table.clear().then(() => {
      this.ids = [''];
      this.chunks = new Map([['', new Map()]]);
      this.dirty.clear();
      this.split.clear();
    });
  }

  /** Scans every todo: only deleting a tag asks, so no index is kept up to date on every write for it. */
  idsWithTag(tagId: string): PromiseExtended<string[]> {
    return this.loadAll().then(() => {
      const out: string[] = [];
      for (const todos of this.chunks.values())
        for (const todo of todos.values()) if (todo.tagIds.includes(tagId)) out.push(todo.id);
      return out;
    });
  }

  /** Scans every todo (deleting a list and a list leaving the device ask): in the list here or on the server. */
  idsInList(listId: string): PromiseExtended<string[]> {
    return this.loadAll().then(() => {
      const out: string[] = [];
      for (const todos of this.chunks.values())
        for (const todo of todos.values())
          if (todo.listId === listId || todo.base?.listId === listId) out.push(todo.id);
      return out;
    });
  }

  /** Writes the changed chunks, splitting those that grew past CHUNK_MAX, and deletes the split ones. */
  flush(): PromiseExtended<void> {
    if (!this.dirty.size) return resolved(undefined);
    for (const id of [...this.dirty]) this.splitIfFull(id);
    const rows = [...this.dirty].map((id) => ({ id, todos: [...this.chunks.get(id)!.values()] }));
    const gone = [...this.split];
    this.dirty.clear();
    this.split.clear();
    return this.table.bulkPut(rows).then(() => (gone.length ? this.table.bulkDelete(gone) : undefined));
  }

  private chunkOf(todoId: string): { id: string; todos: Map<string, TodoRecord> } {
    const id = chunkIdOf(this.ids!, hashBits(todoId));
    return { id, todos: this.chunks.get(id)! };
  }

  private loadIds(): PromiseExtended<string[]> {
    if (this.ids) return resolved(this.ids);
    return this.table
      .toCollection()
      .primaryKeys()
      .then((ids) => {
        if (!this.ids) {
          // An empty store is the one empty chunk '' (written with its first todo).
          this.ids = ids.length ? ids : [''];
          if (!ids.length) this.chunks.set('', new Map());
        }
        return this.ids;
      });
  }

  /** Reads the chunks of these todos that this transaction has not read yet. */
  private load(todoIds: readonly string[]): PromiseExtended<void> {
    return this.loadIds().then((ids) => {
      const missing = new Set<string>();
      for (const todoId of todoIds) {
        const id = chunkIdOf(ids, hashBits(todoId));
        if (!this.chunks.has(id)) missing.add(id);
      }
      if (!missing.size) return undefined;
      // Most of the store: one getAll is cheaper than many gets.
      if (missing.size > ids.length / 2) return this.loadAll();
      return this.table.bulkGet([...missing]).then((rows) => this.keep(missing, rows));
    });
  }

  private loadAll(): PromiseExtended<void> {
    return this.loadIds().then((ids) => {
      if (ids.every((id) => this.chunks.has(id))) return undefined;
      return this.table.toArray().then((rows) => this.keep(ids, rows));
    });
  }

  /** Keeps the chunks as read, except those this transaction already holds (perhaps changed). */
  private keep(ids: Iterable<string>, rows: readonly (TodoChunk | undefined)[]): void {
    const byId = new Map<string, TodoChunk>();
    for (const row of rows) if (row) byId.set(row.id, row);
    for (const id of ids) {
      if (this.chunks.has(id)) continue;
      this.chunks.set(id, new Map(byId.get(id)?.todos.map((t) => [t.id, t])));
    }
  }

  private splitIfFull(id: string): void {
    const todos = this.chunks.get(id)!;
    if (todos.size <= CHUNK_MAX || id.length >= HASH_BITS) return;
    const zero = new Map<string, TodoRecord>();
    const one = new Map<string, TodoRecord>();
    for (const [todoId, todo] of todos) (hashBits(todoId)[id.length] === '0' ? zero : one).set(todoId, todo);
    // The children take the parent's place in the sorted ids: nothing lies between them in a prefix-free cover.
    const at = this.ids!.indexOf(id);
    this.ids!.splice(at, 1, `${id}0`, `${id}1`);
    this.chunks.delete(id);
    this.dirty.delete(id);
    this.split.add(id);
    this.chunks.set(`${id}0`, zero).set(`${id}1`, one);
    this.dirty.add(`${id}0`).add(`${id}1`);
    this.splitIfFull(`${id}0`);
    this.splitIfFull(`${id}1`);
  }
}
