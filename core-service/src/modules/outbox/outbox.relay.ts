// The outbox relay: publishes the events written with each change, in order, marking each published
// only after the bus acknowledged it. A crash between publishing and marking publishes it again,
// which consumers tolerate (they are idempotent by event id). It wakes on every commit and polls
// besides, for changes made by other replicas; while a device uploads a backlog it lets the batches
// pass first (see BULK_QUIET_MS).
import type { BusEvent, EventBus, Logger } from '@todo/platform';
import type { OutboxRepository, OutboxRow } from './outbox.repository.ts';

export interface RelayOptions {
  pollMs?: number;
  /** Events per drain (one transaction, one UPDATE marking them). */
  batch?: number;
}

/**
 * A device back online pushes thousands of changes at once; fewer, larger drains cost the database
 * less (on PGlite, where relay, worker and requests share one connection, it shows).
 */
const BATCH = 1000;

/**
 * After a bulk commit (one batch of a device's backlog) the relay waits until no other bulk commit
 * came for this long, and at most BULK_HOLD_MAX_MS from the first, before publishing. Publishing
 * 10,000 events while their batches still stream in shares the database (on PGlite one connection,
 * one thread) with them: the upload took ~20% longer. Other devices hear of the backlog when it is
 * in, instead of pulling it piecemeal; a reminder falling due meanwhile goes out at most that late.
 */
export const BULK_QUIET_MS = 250;
export const BULK_HOLD_MAX_MS = 3000;

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private failures = 0;
  /** Since when publishing waits for bulk commits to pause (null: it does not wait). */
  private heldSince: number | null = null;
  private lastBulkAt = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly options: RelayOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Something was committed: publish soon (after the backlog, for a bulk commit). */
  nudge(commit: { bulk?: boolean } = {}): void {
    if (this.stopped) return;
    if (commit.bulk) {
      this.lastBulkAt = Date.now();
      this.heldSince ??= this.lastBulkAt;
    }
    if (this.running) this.again = true;
    else this.schedule(this.holdLeft());
  }

  /** How long publishing still waits for bulk commits to pause; 0 ends the wait. */
  private holdLeft(): number {
    if (this.heldSince === null) return 0;
    const until = Math.min(this.lastBulkAt + BULK_QUIET_MS, this.heldSince + BULK_HOLD_MAX_MS);
    const left = until - Date.now();
    if (left <= 0) this.heldSince = null;
    return Math.max(0, left);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes until nothing is left (tests and shutdown use it). */
  async flush(): Promise<void> {
    while ((await this.outbox.drain(this.options.batch ?? BATCH, (rows) => this.publish(rows))) !== 0) {
      /* keep going */
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    const held = this.holdLeft();
    if (held > 0) return this.schedule(held);
    this.running = this.run();
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const backoff = Math.min(30_000, 250 * 2 ** this.failures);
    this.schedule(this.again ? this.holdLeft() : this.failures > 0 ? backoff : (this.options.pollMs ?? 1000));
    this.again = false;
  }

  private async run(): Promise<void> {
    try {
      let sent: number | null;
      do sent = await this.outbox.drain(this.options.batch ?? BATCH, (rows) => this.publish(rows));
      while (sent !== null && sent > 0 && !this.stopped);
      this.failures = 0;
    } catch (err) {
      this.failures++;
      this.logger.warn(
        { err: String(err), failures: this.failures },
        'outbox relay could not publish; will retry',
      );
    }
  }

  /**
   * Publishes in order and stops at the first failure; returns how many went out. Consecutive events
   * of one topic go as one batch where the bus takes batches (Kafka: one request, not one per event).
   */
  private async publish(rows: OutboxRow[]): Promise<number> {
    let sent = 0;
    try {
      for (const run of runsOfOneTopic(rows)) {
        if (run.length > 1 && this.bus.publishBatch) {
          await this.bus.publishBatch(run[0]!.topic, run.map(toCloudEvent));
          sent += run.length;
          continue;
        }
        for (const row of run) {
          await this.bus.publish(row.topic, toCloudEvent(row));
          sent++;
        }
      }
    } catch (err) {
      if (sent === 0) throw err;
      this.logger.warn({ err: String(err), eventId: rows[sent]!.id }, 'publish failed; the rest waits');
    }
    return sent;
  }
}

/** The rows split where the topic changes, order kept. */
function runsOfOneTopic(rows: OutboxRow[]): OutboxRow[][] {
  const runs: OutboxRow[][] = [];
  for (const row of rows) {
    const last = runs.at(-1);
    if (last && last[0]!.topic === row.topic) last.push(row);
    else runs.push([row]);
  }
  return runs;
}

export function toCloudEvent(row: OutboxRow): BusEvent {
  return {
    id: row.id,
    type: row.type,
    source: 'core-service',
    time: row.createdAt.toISOString(),
    subject: row.partitionKey,
    data: row.payload,
  };
}
