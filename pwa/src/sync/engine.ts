// The page's sync engine. One tab at a time leads (navigator.locks): it holds the realtime stream and
// runs cycles on start, on `online`, on focus, on a server poke, on a timer and after local writes.
// Each cycle runs under a second lock that the service worker's Background Sync takes too.
import Dexie, { type ObservabilitySet } from 'dexie';
import type { TodoDatabase } from '../db/database.ts';
import { inLocalTx, queuedCount } from '../db/local-tx.ts';
import type { TodoMirror } from './mirror.ts';
import { syncCycle, type RunTx, type SyncApi } from './cycle.ts';
import { addNotice } from './notices.ts';
import { HttpError, OfflineError, streamUrl } from '../api/transport.ts';

import { BACKGROUND_SYNC_TAG, describeRejection, LEADER_LOCK, RUN_LOCK } from './engine-constants.ts';
const TIMER_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;

export interface SyncStatus {
  online: boolean;
  syncing: boolean;
  /** This tab runs sync (others show the shared state from IndexedDB). */
  leader: boolean;
  /** The last cycle's failure in plain words, or null. */
  error: string | null;
  sessionExpired: boolean;
}

export interface CycleStats {
  pushed: number;
  pulled: number;
  pushMs: number;
  pullMs: number;
  ms: number;
}

export class SyncEngine {
  private status: SyncStatus = {
    online: navigator.onLine,
    syncing: false,
    leader: false,
    error: null,
    sessionExpired: false,
  };
  private listeners = new Set<() => void>();
  private stopped = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;
  private running: Promise<CycleStats | null> | null = null;
  private again = false;
  private failures = 0;
  private stream: EventSource | null = null;
  private readonly run: RunTx;
  /** The last successful cycle's figures (for benchmarks and diagnostics). */
  lastCycle: CycleStats | null = null;

  constructor(
    private readonly db: TodoDatabase,
    private readonly mirror: TodoMirror,
    private readonly clientId: string,
    private readonly api: SyncApi,
  ) {
    // The mirror is told of every write through `written`: it need not read them back.
    this.run = (work) => inLocalTx(db, work, { shownHere: true });
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getStatus = () => this.status;

  private update(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l();
  }

  start(): void {
    const signal = this.stopped.signal;
    const on = (target: EventTarget, type: string, fn: () => void) =>
      target.addEventListener(type, fn, { signal });
    on(window, 'online', () => {
      this.update({ online: true });
      this.openStream();
      this.requestSync();
    });
    on(window, 'offline', () => {
      this.update({ online: false });
      this.closeStream();
    });
    on(window, 'focus', () => this.requestSync());
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') this.requestSync();
    });
    const outboxChanged = (parts: ObservabilitySet) => {
      if (parts[`idb://${this.db.name}/outbox/`] && !this.running) void this.syncIfQueued();
    };
    Dexie.on('storagemutated', outboxChanged);
    signal.addEventListener('abort', () => Dexie.on('storagemutated').unsubscribe(outboxChanged));

    if (!('locks' in navigator)) {
      this.lead();
      return;
    }
    // Held until this tab closes or signs out; the next tab in line then leads.
    void navigator.locks
      .request(LEADER_LOCK, { signal }, () => {
        this.lead();
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      })
      .catch(() => undefined);
  }

  private lead(): void {
    if (this.stopped.signal.aborted) return;
    this.update({ leader: true });
    this.openStream();
    this.interval = setInterval(() => {
      if (document.visibilityState === 'visible') this.requestSync();
    }, TIMER_MS);
    this.requestSync();
  }

  /** After signing in again: sync at once and reopen the stream. */
  resume(): void {
    this.update({ sessionExpired: false, error: null });
    this.openStream();
    this.requestSync();
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    clearTimeout(this.timer);
    clearInterval(this.interval);
    this.closeStream();
    await this.running?.catch(() => undefined);
    this.update({ leader: false, syncing: false });
  }

  /** Soon, coalesced; only the leading tab syncs (the others' writes reach it through IndexedDB). */
  requestSync(delay = 0): void {
    if (!this.status.leader || this.stopped.signal.aborted) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.cycle(), delay);
  }

  /** Runs a cycle now (or joins the running one and then runs another): for tests and benchmarks. */
  async syncNow(): Promise<CycleStats | null> {
    if (this.running) {
      this.again = true;
      await this.running.catch(() => undefined);
    }
    return this.cycle();
  }

  private async syncIfQueued(): Promise<void> {
    if ((await queuedCount(this.db)) > 0) this.requestSync();
  }

  private cycle(): Promise<CycleStats | null> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (!navigator.onLine) {
      this.update({ online: false });
      void this.askBackgroundSync();
      return Promise.resolve(null);
    }
    this.running = this.runCycle().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.requestSync();
      } else void this.syncIfQueued();
    });
    return this.running;
  }

  private async runCycle(): Promise<CycleStats | null> {
    this.update({ syncing: true, online: true });
    const started = performance.now();
    try {
      const work = () =>
        syncCycle(this.run, this.api, this.clientId, {
          written: (w) => this.mirror.applyWritten(w, { sync: true }),
          rejected: (rs) => void Promise.all(rs.map((r) => addNotice(this.db, describeRejection(r)))),
        }).finally(() => this.mirror.flushSync());
      const stats = 'locks' in navigator ? await navigator.locks.request(RUN_LOCK, work) : await work();
      this.failures = 0;
      this.update({ syncing: false, error: null, sessionExpired: false });
      if (this.status.sessionExpired || !this.stream) this.openStream();
      this.lastCycle = { ...stats, ms: performance.now() - started };
      return this.lastCycle;
    } catch (err) {
      this.failed(err);
      return null;
    }
  }

  private failed(err: unknown): void {
    if (err instanceof HttpError && err.status === 401) {
      this.closeStream();
      void this.db.setMeta('sessionExpired', true);
      this.update({
        syncing: false,
        sessionExpired: true,
        error: 'Signed out on the server: sign in again to sync',
      });
      return;
    }
    this.failures += 1;
    const offline = err instanceof OfflineError;
    if (!offline) console.warn('sync failed', (err as Error).stack ?? err);
    const message = offline
      ? 'Cannot reach the server; changes are kept here and sent later'
      : `Sync failed: ${(err as Error).message}`;
    this.update({ syncing: false, error: message, online: navigator.onLine });
    if (offline) void this.askBackgroundSync();
    const retryAfter = err instanceof HttpError && err.retryAfter ? err.retryAfter * 1000 : 0;
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
    this.requestSync(Math.max(retryAfter, backoff));
  }

  /** Lets the service worker send the outbox when the connection returns, even with the app closed. */
  async askBackgroundSync(): Promise<void> {
    try {
      const reg = await navigator.serviceWorker?.getRegistration();
      const sync = (
        reg as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
      )?.sync;
      await sync?.register(BACKGROUND_SYNC_TAG);
    } catch {
      // not supported (only Chromium has it) or not allowed: online/focus/timer syncs cover it
    }
  }

  private openStream(): void {
    if (!this.status.leader || this.stream || !navigator.onLine || typeof EventSource === 'undefined') return;
    const stream = new EventSource(streamUrl(this.clientId));
    const poke = () => this.requestSync();
    stream.addEventListener('ready', poke);
    stream.addEventListener('change', poke);
    stream.addEventListener('error', () => {
      // EventSource reconnects by itself; a closed one (e.g. signed out) is reopened after the next good sync.
      if (stream.readyState === EventSource.CLOSED && this.stream === stream) this.stream = null;
    });
    this.stream = stream;
  }

  private closeStream(): void {
    this.stream?.close();
    this.stream = null;
  }
}
