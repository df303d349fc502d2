// This tab's own writes, for the sync status's count of changes waiting. The list shows a change at
// once (the mirror's preview) while IndexedDB commits it, and the count of the outbox is a query run
// again only after the commit: between the two the status would say "Synced" with the change unsent.
// So a write counts here from the moment it shows until a count of the outbox begun after its commit
// is the one shown (such a count includes it, as IndexedDB orders reads after earlier commits). The
// status may count a write twice for a moment, never not at all.

export class LocalWrites {
  private started = 0;
  private commits = 0;
  /** Each write not yet counted by a shown count: its commit's number, or null while in flight. */
  private writes = new Map<number, number | null>();
  private version = 0;
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

  /** A count taken at `mark` is shown: the writes it includes need no counting here any more. */
  forget(mark: number): void {
    for (const [id, commit] of this.writes) if (commit !== null && commit <= mark) this.writes.delete(id);
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
