// The todos in memory, for the list: read once from Dexie, then kept current from Dexie's own change
// feed (`storagemutated`, which also carries other tabs' and the service worker's writes: the ids of the
// todo chunks written) and at once from this tab's writes. With 10,000 todos, re-reading them all on every
// change (what a liveQuery does after an explicit transaction) takes ~100 ms; this takes well under a frame.
import Dexie, { RangeSet, type ObservabilitySet } from 'dexie';
import { applyToTodo, entitiesOf, type Pending } from './apply.ts';
import { commitLocal, type Written } from './local.ts';
import { LocalWrites } from './local-writes.ts';
import { baseOfTodo, todoRecord } from './rebase.ts';
import type { TodoDatabase } from '../db/database.ts';
import { inLocalTx, isShownHere } from '../db/local-tx.ts';
import { stateOfTodo, type TodoRecord, type TodoState } from '../db/records.ts';
import { coveredBy, todosOf } from '../db/todo-chunks.ts';

export interface MirrorSnapshot {
  /** Increases on every change; React re-renders on it. */
  version: number;
  loaded: boolean;
  todos: ReadonlyMap<string, TodoState>;
}

/** How far back the mirror remembers which todos changed, so a list can be patched instead of rebuilt. */
const LOG_SIZE = 64;

/**
 * Sync's writes are shown at most this often while a cycle runs (the first at once): each showing
 * re-runs the list's query over every todo, and between the pages of a 10,000-change pull that
 * main-thread time would hold up storing the next page.
 */
export const SYNC_SHOW_MS = 400;

/** What preview() showed, to settle once written. */
export interface Preview {
  ids: string[];
}

export class TodoMirror {
  private todos = new Map<string, TodoState>();
  private listeners = new Set<() => void>();
  /** The write count at each todo's last local write: a re-read begun before it must not overwrite it. */
  private generation = new Map<string, number>();
  private writes = 0;
  private snapshot: MirrorSnapshot = { version: 0, loaded: false, todos: this.todos };
  private loading: Promise<void> | null = null;
  /** Changed in the map but not yet announced to listeners (see SYNC_SHOW_MS). */
  private unshown: string[] = [];
  private showTimer: ReturnType<typeof setTimeout> | undefined;
  private shownAt = -Infinity;
  private readonly onMutated = (parts: ObservabilitySet) => this.mutated(parts);
  /** Hidden from the lists (a delete waiting out its Undo), with the record each would show. */
  private hidden = new Map<string, TodoState | undefined>();
  /**
   * Previews not yet written, per todo. While one is pending, a write that lands before it (an earlier
   * edit's, or sync's) holds the todo as it was before that preview: shown, it would take back what was
   * typed or ticked since (a removed subtask coming back, a tick undone) until the preview's own write
   * lands, which shows them all, as IndexedDB runs the transactions in order.
   */
  private unwritten = new Map<string, number>();
  /** This tab's writes until the outbox count shown includes them (the sync status's "waiting"). */
  readonly localWrites = new LocalWrites();

  constructor(private readonly db: TodoDatabase) {}

  start(): Promise<void> {
    Dexie.on('storagemutated', this.onMutated);
    return this.reload();
  }

  stop(): void {
    Dexie.on('storagemutated').unsubscribe(this.onMutated);
    clearTimeout(this.showTimer);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): MirrorSnapshot => this.snapshot;

  get(id: string): TodoState | undefined {
    return this.todos.get(id);
  }

  /** The ids changed in each recent version; null for "everything" (a reload). */
  private log: { version: number; ids: string[] | null }[] = [];

  private emit(changed: string[] | null, loaded = this.snapshot.loaded): void {
    if (this.unshown.length) {
      // Whatever React renders next reads the whole map: the held-back changes go with it.
      if (changed) changed = this.unshown.concat(changed);
      this.unshown = [];
    }
    clearTimeout(this.showTimer);
    this.showTimer = undefined;
    const version = this.snapshot.version + 1;
    this.log.push({ version, ids: changed });
    if (this.log.length > LOG_SIZE) this.log.shift();
    this.snapshot = { version, loaded, todos: this.todos };
    for (const listener of this.listeners) listener();
  }

  /** The todos changed after `version`, or null when that is unknown (too long ago, or a reload). */
  changedSince(version: number): Set<string> | null {
    if (version === this.snapshot.version) return new Set();
    const first = this.log[0];
    if (!first || first.version > version + 1) return null;
    const ids = new Set<string>();
    for (const entry of this.log) {
      if (entry.version <= version) continue;
      if (entry.ids === null || ids.size + entry.ids.length > 500) return null;
      for (const id of entry.ids) ids.add(id);
    }
    return ids;
  }

  private set(record: TodoRecord | undefined, id: string): void {
    if (this.hidden.has(id)) this.hidden.set(id, record && !record.deleted ? record : undefined);
    else if (record && !record.deleted) this.todos.set(id, record);
    else this.todos.delete(id);
  }

  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const started = this.writes;
        const all = todosOf(await this.db.todoChunks.toArray());
        const next = new Map<string, TodoState>();
        const writtenSince = (id: string) => (this.generation.get(id) ?? 0) > started;
        for (const r of all) {
          if (!this.hidden.has(r.id)) {
            if (!r.deleted) next.set(r.id, r);
          } else if (!writtenSince(r.id)) this.hidden.set(r.id, r.deleted ? undefined : r);
        }
        // Keep what this tab wrote while the table was being read.
        for (const [id, gen] of this.generation) {
          if (gen <= started) continue;
          const mine = this.todos.get(id);
          if (mine) next.set(id, mine);
          else next.delete(id);
        }
        this.todos = next;
        this.emit(null, true);
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /**
   * This tab's writes, shown without waiting for the change feed. `sync`: written by a sync cycle, shown
   * at once if nothing was shown in the last SYNC_SHOW_MS, else with the next showing (flushSync at the
   * latest).
   */
  applyWritten(
    written: Written,
    { sync = false, previewed }: { sync?: boolean; previewed?: Preview } = {},
  ): void {
    if (previewed) this.settle(previewed);
    if (written.todos.length === 0 && written.removedTodos.length === 0) return;
    const ids: string[] = [];
    for (const r of written.todos) {
      this.bump(r.id);
      if (this.unwritten.has(r.id)) continue; // older than what is shown; the pending write brings it
      const current = this.todos.get(r.id);
      if (current && !r.deleted && sameRecord(r, current)) continue; // already shown by preview()
      this.set(r, r.id);
      ids.push(r.id);
    }
    for (const id of written.removedTodos) {
      this.bump(id);
      if (this.hidden.has(id)) this.hidden.set(id, undefined);
      if (this.todos.delete(id)) ids.push(id);
    }
    if (!ids.length) return;
    if (!sync) {
      this.emit(ids);
      return;
    }
    for (const id of ids) this.unshown.push(id);
    const wait = this.shownAt + SYNC_SHOW_MS - performance.now();
    if (wait <= 0) this.showUnshown();
    else this.showTimer ??= setTimeout(() => this.showUnshown(), wait);
  }

  private showUnshown(): void {
    this.shownAt = performance.now();
    if (this.unshown.length) this.emit([]);
  }

  /** Shows sync's held-back writes now: the cycle has ended (its next writes are shown at once). */
  flushSync(): void {
    this.showUnshown();
    this.shownAt = -Infinity;
  }

  /**
   * Shows local mutations at once, computed from what the mirror holds, while IndexedDB commits them
   * (commitLocal then gives the same records). Only todo records: tags come through their own query.
   */
  preview(mutations: Pending[]): Preview {
    const ids: string[] = [];
    for (const m of mutations) {
      for (const key of entitiesOf(m)) {
        if (!key.startsWith('todo:')) continue;
        const id = key.slice(5);
        const current = this.todos.get(id) as TodoRecord | undefined;
        const view = applyToTodo(current ? stateOfTodo(current) : null, m, id);
        const base = current ? baseOfTodo(current) : null;
        this.bump(id);
        this.set(todoRecord(view, base, true) ?? undefined, id);
        this.unwritten.set(id, (this.unwritten.get(id) ?? 0) + 1);
        ids.push(id);
      }
    }
    if (ids.length) this.emit(ids);
    return { ids };
  }

  /**
   * Writes local mutations with their outbox entries in one transaction, shown at once from memory
   * (IndexedDB commits the same records a moment later).
   */
  async commit(mutations: Pending[]): Promise<void> {
    const write = this.localWrites.begin();
    const previewed = this.preview(mutations);
    let written;
    try {
      written = await inLocalTx(this.db, (tx) => commitLocal(tx, mutations), { shownHere: true });
    } catch (err) {
      this.localWrites.failed(write);
      this.settle(previewed);
      await this.reload();
      throw err;
    }
    this.localWrites.committed(write);
    this.applyWritten(written, { previewed });
  }

  /** A preview's write landed (given to applyWritten) or failed (then reload). */
  settle(preview: Preview): void {
    for (const id of preview.ids.splice(0)) {
      const left = (this.unwritten.get(id) ?? 0) - 1;
      if (left > 0) this.unwritten.set(id, left);
      else this.unwritten.delete(id);
    }
  }

  /**
   * Takes a todo out of the lists without writing anything, until show(id): a delete waiting out its
   * Undo. Changes to it meanwhile (a pull, another tab) are kept for when it shows again.
   */
  hide(id: string): void {
    if (this.hidden.has(id)) return;
    this.hidden.set(id, this.todos.get(id));
    if (this.todos.delete(id)) this.emit([id]);
  }

  /** Shows a hidden todo again, as it is now (not at all if it was deleted meanwhile). */
  show(id: string): void {
    if (!this.hidden.has(id)) return;
    const todo = this.hidden.get(id);
    this.hidden.delete(id);
    if (!todo) return;
    this.bump(id);
    this.todos.set(id, todo);
    this.emit([id]);
  }

  private bump(id: string): void {
    this.generation.set(id, ++this.writes);
  }

  private mutated(parts: ObservabilitySet): void {
    // This tab's own transaction, already shown through applyWritten (see inLocalTx's `shownHere`).
    if (isShownHere(parts)) return;
    const tree = parts[`idb://${this.db.name}/todoChunks/`];
    if (!tree) return;
    const keys: string[] = [];
    for (const node of RangeSet(tree)) {
      if (typeof node.from !== 'string' || node.from !== node.to) {
        // A range (a clear, a bulk write of 50 or more chunks, the first signal): read all again.
        void this.reload().catch(() => this.recover());
        return;
      }
      keys.push(node.from);
    }
    if (keys.length) void this.reread(keys).catch(() => this.recover());
  }

  /** A read failed (the connection was dropped): open again and read everything. */
  private async recover(): Promise<void> {
    try {
      this.db.close({ disableAutoOpen: false });
      await this.db.open();
      await this.reload();
    } catch {
      // the next change or the next start tries again
    }
  }

  /**
   * Re-reads written chunks. A todo shown here that is in none of them any more, though its hash falls
   * in one, was deleted; a split chunk (deleted, its todos written to its two halves in the same
   * transaction) reads as missing, and its todos are found in the halves.
   */
  private async reread(chunkIds: string[]): Promise<void> {
    const started = this.writes;
    const records = todosOf(await this.db.todoChunks.bulkGet(chunkIds));
    const newer = (id: string) => (this.generation.get(id) ?? 0) > started; // already shown
    const changed: string[] = [];
    const read = new Set<string>();
    for (const record of records) {
      read.add(record.id);
      if (newer(record.id)) continue;
      const current = this.todos.get(record.id);
      if (record.deleted ? !current : current?.version === record.version && sameRecord(record, current))
        continue;
      this.set(record, record.id);
      changed.push(record.id);
    }
    const covered = coveredBy(chunkIds);
    for (const id of this.todos.keys()) {
      if (read.has(id) || newer(id) || !covered(id)) continue;
      this.todos.delete(id);
      changed.push(id);
    }
    for (const id of this.hidden.keys())
      if (!read.has(id) && !newer(id) && covered(id)) this.hidden.set(id, undefined);
    if (changed.length) this.emit(changed);
  }
}

/** Cheap equality for re-read records: the stored form of what we already show. */
function sameRecord(a: TodoRecord, b: TodoState & { base?: unknown; deleted?: true }): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
