// The todos in memory, for the list: read once from Dexie, then kept current from Dexie's own change
// feed (`storagemutated`, which also carries other tabs' and the service worker's writes) and at once
// from this tab's writes. With 10,000 todos, re-reading the table on every change (what a liveQuery over
// all todos does after an explicit transaction) takes ~100 ms; this takes well under a frame.
import Dexie, { RangeSet, type ObservabilitySet } from 'dexie';
import type { Written } from '../sync/local.ts';
import type { TodoDatabase } from './database.ts';
import type { TodoRecord, TodoState } from './records.ts';

export interface MirrorSnapshot {
  /** Increases on every change; React re-renders on it. */
  version: number;
  loaded: boolean;
  todos: ReadonlyMap<string, TodoState>;
}

export class TodoMirror {
  private todos = new Map<string, TodoState>();
  private listeners = new Set<() => void>();
  /** Bumped by every local write of a key: a re-read begun before it must not overwrite it. */
  private generation = new Map<string, number>();
  private snapshot: MirrorSnapshot = { version: 0, loaded: false, todos: this.todos };
  private loading: Promise<void> | null = null;
  private readonly onMutated = (parts: ObservabilitySet) => this.mutated(parts);

  constructor(private readonly db: TodoDatabase) {}

  start(): Promise<void> {
    Dexie.on('storagemutated', this.onMutated);
    return this.reload();
  }

  stop(): void {
    Dexie.on('storagemutated').unsubscribe(this.onMutated);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): MirrorSnapshot => this.snapshot;

  get(id: string): TodoState | undefined {
    return this.todos.get(id);
  }

  private emit(loaded = this.snapshot.loaded): void {
    this.snapshot = { version: this.snapshot.version + 1, loaded, todos: this.todos };
    for (const listener of this.listeners) listener();
  }

  private set(record: TodoRecord | undefined, id: string): void {
    if (record && !record.deleted) this.todos.set(id, record);
    else this.todos.delete(id);
  }

  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const started = new Map(this.generation);
        const all = await this.db.todos.toArray();
        const next = new Map<string, TodoState>();
        for (const r of all) if (!r.deleted) next.set(r.id, r);
        // Keep what this tab wrote while the table was being read.
        for (const [id, gen] of this.generation) {
          if (started.get(id) === gen) continue;
          const mine = this.todos.get(id);
          if (mine) next.set(id, mine);
          else next.delete(id);
        }
        this.todos = next;
        this.emit(true);
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** This tab's writes, shown without waiting for the change feed. */
  applyWritten(written: Written): void {
    if (written.todos.length === 0 && written.removedTodos.length === 0) return;
    for (const r of written.todos) {
      this.bump(r.id);
      this.set(r, r.id);
    }
    for (const id of written.removedTodos) {
      this.bump(id);
      this.todos.delete(id);
    }
    this.emit();
  }

  private bump(id: string): void {
    this.generation.set(id, (this.generation.get(id) ?? 0) + 1);
  }

  private mutated(parts: ObservabilitySet): void {
    const tree = parts[`idb://${this.db.name}/todos/`];
    if (!tree) return;
    const keys: string[] = [];
    for (const node of RangeSet(tree)) {
      if (typeof node.from !== 'string' || node.from !== node.to) {
        void this.reload(); // a range (a clear, or the first signal): read everything again
        return;
      }
      keys.push(node.from);
    }
    if (keys.length) void this.reread(keys);
  }

  private async reread(keys: string[]): Promise<void> {
    const started = keys.map((k) => this.generation.get(k));
    const records = await this.db.todos.bulkGet(keys);
    let changed = false;
    keys.forEach((id, i) => {
      if (this.generation.get(id) !== started[i]) return; // a newer local write is already shown
      const record = records[i];
      const current = this.todos.get(id);
      if (!record && !current) return;
      if (record && current && record.version === current.version && sameRecord(record, current)) return;
      this.set(record, id);
      changed = true;
    });
    if (changed) this.emit();
  }
}

/** Cheap equality for re-read records: the stored form of what we already show. */
function sameRecord(a: TodoRecord, b: TodoState & { base?: unknown; deleted?: true }): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
