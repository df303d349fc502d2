// Key/value state with expiry: sessions and rate-limit counters. In memory (and a file) in the
// embedded default; DaprStateStore (dapr-state-store.ts) shares it between replicas through Redis.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Writes only when the key holds nothing: the first writer wins, every later one gets false. A key
   * made this way is changed again only by `delete` (and, for counters, `increment`).
   */
  create(key: string, value: unknown, ttlSeconds?: number): Promise<boolean>;
  /**
   * Adds `by` to the counter under `key`, atomically across every process sharing the store, in a
   * fixed window: the first add starts a window of `windowSeconds`, when it ends the count restarts.
   */
  increment(key: string, by: number, windowSeconds: number): Promise<Counter>;
}

export interface Counter {
  count: number;
  /** When the window ends and the count restarts (ms since the epoch). */
  resetAt: number;
}

/** The next value of a counter: a new window when there was none or it ended. */
export function nextCount(
  current: Counter | undefined,
  by: number,
  windowSeconds: number,
  now: number,
): Counter {
  if (!current || current.resetAt <= now) return { count: by, resetAt: now + windowSeconds * 1000 };
  return { count: current.count + by, resetAt: current.resetAt };
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

export class MemoryStateStore implements StateStore {
  protected readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  async get<T>(key: string): Promise<T | undefined> {
    return this.read(key) as T | undefined;
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    this.write(key, value, ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    if (this.entries.delete(key)) this.changed();
  }

  // create and increment read and write with no await between: atomic within the one process.
  async create(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
    if (this.read(key) !== undefined) return false;
    this.write(key, value, ttlSeconds);
    return true;
  }

  async increment(key: string, by: number, windowSeconds: number): Promise<Counter> {
    const now = this.now();
    const next = nextCount(this.read(key) as Counter | undefined, by, windowSeconds, now);
    this.write(key, next, (next.resetAt - now) / 1000);
    return next;
  }

  private read(key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return structuredClone(entry.value);
  }

  private write(key: string, value: unknown, ttlSeconds?: number): void {
    const expiresAt = ttlSeconds === undefined ? Number.POSITIVE_INFINITY : this.now() + ttlSeconds * 1000;
    this.entries.set(key, { value: structuredClone(value), expiresAt });
    if (this.entries.size % 1000 === 0) this.sweep();
    this.changed();
  }

  /** Called after every change; a subclass persists here. */
  protected changed(): void {}

  protected sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

/**
 * The embedded default's store: in memory, written to one JSON file (atomically, shortly after each
 * change) so that sessions survive a restart of `npm start`. One process only; clusters use Dapr's.
 */
export class FileStateStore extends MemoryStateStore {
  private pending: Promise<void> | undefined;
  private dirty = false;

  private constructor(
    private readonly file: string,
    now: () => number,
  ) {
    super(now);
  }

  static async open(file: string, now: () => number = Date.now): Promise<FileStateStore> {
    const store = new FileStateStore(file, now);
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as [
        string,
        { value: unknown; expiresAt: number | null },
      ][];
      for (const [key, e] of saved)
        store.entries.set(key, { value: e.value, expiresAt: e.expiresAt ?? Infinity });
      store.sweep();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return store;
  }

  /** Resolves once everything changed so far is on disk. */
  async flush(): Promise<void> {
    while (this.pending) await this.pending;
  }

  protected override changed(): void {
    this.dirty = true;
    this.pending ??= new Promise<void>((resolve) => setTimeout(resolve, 50))
      .then(() => this.save())
      .finally(() => {
        this.pending = undefined;
        if (this.dirty) this.changed();
      });
  }

  private async save(): Promise<void> {
    this.dirty = false;
    const rows = [...this.entries].map(([k, e]) => [
      k,
      { value: e.value, expiresAt: Number.isFinite(e.expiresAt) ? e.expiresAt : null },
    ]);
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(rows), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}
