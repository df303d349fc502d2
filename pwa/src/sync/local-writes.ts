// This tab's own writes, for the sync status's count of changes waiting. The list shows a change at
// once (the mirror's preview) while IndexedDB commits it, and the count of the outbox is a query run
// again only after the commit: between the two the status would say "Synced" with the change unsent.
// So a write counts here from the moment it shows until every status on screen shows a count of the
// outbox begun after its commit (such a count includes it, as IndexedDB orders reads after earlier
// commits). A status may count a write twice for a moment, never not at all.

export class LocalWrites {
  private started = 0;
  private commits = 0;
  /** Each write not yet counted by a shown count: its commit's number, or null while in flight. */
  private writes = new Map<number, number | null>();
  private version = 0;
  /** The mark of the count each observer shows. */
  private marks = new Map<object, number>();
  private listeners = new Set<() => void>();

  /** A write is about to show: counted until forget() is given a count taken after its commit. */
  begin(): number {
    const id = ++this.started;
    this.writes.set(id, null);
    this.changed();
    return id;
  }

  /** The write is in IndexedDB: an outbox count begun from now on includes it. */
  committed(id: number): void {
    if (!this.writes.has(id)) return;
    this.writes.set(id, ++this.commits);
    this.changed();
  }

  /** The write failed: nothing of it is in IndexedDB to count. */
  failed(id: number): void {
    if (this.writes.delete(id)) this.changed();
  }

  /** To take just before counting the outbox: the commits that count will include. */
  mark(): number {
    return this.commits;
  }

  /** The writes a count taken at `mark` (null: none yet) does not include. */
  uncounted(mark: number | null): number {
    let n = 0;
    for (const commit of this.writes.values()) if (commit === null || mark === null || commit > mark) n++;
    return n;
  }

  /**
   * `observer` (each status on screen has its own count) shows a count taken at `mark`: the writes
   * that every observer's count includes need no counting here any more.
   */
  shown(observer: object, mark: number): void {
    this.marks.set(observer, mark);
    this.forget();
  }

  /** `observer` is gone (unmounted): its count holds nothing back. */
  leave(observer: object): void {
    this.marks.delete(observer);
    this.forget();
  }

  private forget(): void {
    const counted = Math.min(...this.marks.values());
    for (const [id, commit] of this.writes) if (commit !== null && commit <= counted) this.writes.delete(id);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
