// The outbox relay: publishes the events written with each change, in order, marking each published
// only after the bus acknowledged it (the in-process bus: after every consumer group handled it, as it
// keeps nothing itself). A crash between publishing and marking publishes it again,
// which consumers tolerate (they are idempotent by event id). It wakes on every commit and polls
// besides, for changes made by other replicas; while a device uploads a backlog it lets the batches
// pass first (see BULK_QUIET_MS).
import {
  endSpans,
  outboxPublished,
  outboxPublishFailures,
  outboxPublishLag,
  secondsSince,
  outsideTrace,
  startProducerSpan,
  type BusEvent,
  type EventBus,
  type Logger,
} from '@todo/platform';
import type { CommitOptions } from '../../db/store.ts';
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
 * After a bulk commit (one batch of a person's backlog, coming from a device back online) that
 * person's events wait until no other bulk commit of theirs came for BULK_QUIET_MS, and at most
 * BULK_HOLD_MAX_MS from the first; everyone else's events go out as usual. Publishing 10,000 events
 * while their batches still stream in shares the database (on PGlite one connection, one thread) with
 * them: the upload took ~25% longer, and a 3 s cap (when the hold was for everyone) landed a whole drain
 * in the middle of a slower upload. The person's other devices hear of the backlog when it is in;
 * their own reminder falling due meanwhile waits with it. Order holds per person (the partition key).
 */
export const BULK_QUIET_MS = 250;
export const BULK_HOLD_MAX_MS = 10_000;

interface Hold {
  since: number;
  last: number;
}

/** When a person's hold ends: their bulk commits paused, or the longest hold is up. */
const releaseAt = (hold: Hold) => Math.min(hold.last + BULK_QUIET_MS, hold.since + BULK_HOLD_MAX_MS);

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  /** When the last drain began, and whether an ordinary commit came since (a drain is due then). */
  private lastRunAt = 0;
  private othersWaiting = false;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failures = 0;
  /** The in-process bus's drains, one after another (see drainOnce). */
  private exclusive: Promise<unknown> = Promise.resolve();
  /** People whose events wait for their bulk commits to pause: since when, and their last one. */
  private held = new Map<string, Hold>();

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

  /** Something was committed: publish soon (a bulk commit's person: after their backlog). */
  nudge(commit: CommitOptions = {}): void {
    if (this.stopped) return;
    if (commit.bulkFor) {
      const now = Date.now();
      const hold = this.held.get(commit.bulkFor);
      this.held.set(commit.bulkFor, { since: hold?.since ?? now, last: now });
      // Nothing of theirs goes out now; others' events go with the next commit or poll.
      if (!this.running) this.scheduleBy(this.nextRelease());
      return;
    }
    this.othersWaiting = true; // a drain running now schedules the next at once when it ends
    if (!this.running) this.schedule(0);
  }

  /** Ends the holds that are over; returns the people still held. */
  private stillHeld(): string[] {
    const now = Date.now();
    for (const [person, hold] of this.held) if (releaseAt(hold) <= now) this.held.delete(person);
    return [...this.held.keys()];
  }

  /** How long until the next hold ends (the poll interval when none is held). */
  private nextRelease(): number {
    let next = (this.options.pollMs ?? 1000) - (Date.now() - this.lastRunAt);
    for (const hold of this.held.values()) next = Math.min(next, releaseAt(hold) - Date.now());
    return Math.max(0, next);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes until nothing is left, held or not (tests and shutdown use it). */
  async flush(): Promise<void> {
    while ((await this.drainOnce([])) !== 0) {
      /* keep going */
    }
  }

  /**
   * One batch: published and marked in one transaction (its advisory lock keeps replicas in order) on
   * a bus that acknowledges when it has the event; on the in-process bus, whose acknowledgement waits
   * for the consumers, read, published, then marked, with no transaction open while consumers (using
   * the same database) run, and one drain at a time in this process.
   */
  private drainOnce(held: string[]): Promise<number | null> {
    const limit = this.options.batch ?? BATCH;
    if (!this.bus.publishHandled) return this.outbox.drain(limit, (rows) => this.publish(rows), held);
    const turn = this.exclusive.then(async () => {
      const rows = await this.outbox.unpublished(limit, held);
      if (rows.length === 0) return 0;
      const sent = await this.publish(rows);
      await this.outbox.markPublished(rows.slice(0, sent).map((r) => r.seq));
      return sent;
    });
    this.exclusive = turn.catch(() => undefined);
    return turn;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timerAt = Date.now() + ms;
    // Not in the trace of the request whose commit woke it: each event's span joins its own trace.
    this.timer = setTimeout(() => outsideTrace(() => void this.tick()), ms);
    this.timer.unref();
  }

  /** Schedules the next tick in `ms` unless one comes sooner. */
  private scheduleBy(ms: number): void {
    if (this.timer === undefined || Date.now() + ms < this.timerAt) this.schedule(ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    const heldBefore = this.held.size;
    const held = this.stillHeld();
    const pollDue = Date.now() - this.lastRunAt >= (this.options.pollMs ?? 1000);
    if (held.length > 0 && held.length === heldBefore && !this.othersWaiting && !pollDue) {
      // Only held people's batches came since the last drain: nothing to publish yet.
      this.schedule(this.nextRelease());
      return;
    }
    this.othersWaiting = false;
    this.lastRunAt = Date.now();
    this.running = this.run(held);
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const backoff = Math.min(30_000, 250 * 2 ** this.failures);
    this.schedule(this.othersWaiting ? 0 : this.failures > 0 ? backoff : this.nextRelease());
  }

  private async run(held: string[]): Promise<void> {
    try {
      const limit = this.options.batch ?? BATCH;
      let sent: number | null;
      // A batch that was not full took all there was: a commit since then has nudged (another
      // replica's waits for the poll). Reading again to find nothing cost a statement per write.
      do sent = await this.drainOnce(held);
      while (sent === limit && !this.stopped);
      this.failures = 0;
    } catch (err) {
      this.failures++;
      outboxPublishFailures.inc({ service: 'core-service' });
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
        if (this.bus.publishHandled) {
          await traced(run, (events) => this.bus.publishHandled!(run[0]!.topic, events));
          sent += published(run);
          continue;
        }
        if (run.length > 1 && this.bus.publishBatch) {
          await traced(run, (events) => this.bus.publishBatch!(run[0]!.topic, events));
          sent += published(run);
          continue;
        }
        for (const row of run) {
          await traced([row], ([event]) => this.bus.publish(row.topic, event!));
          sent += published([row]);
        }
      }
    } catch (err) {
      if (sent === 0) throw err;
      this.logger.warn({ err: String(err), eventId: rows[sent]!.id }, 'publish failed; the rest waits');
    }
    return sent;
  }
}

/**
 * Publishes rows as events each in the trace of the write that made it: a span per event ("outbox
 * publish <topic>", a child of that write's), whose context the event carries to its consumers.
 */
async function traced(rows: OutboxRow[], publish: (events: BusEvent[]) => Promise<void>): Promise<void> {
  const spans = rows.map((row) =>
    startProducerSpan(`outbox publish ${row.topic}`, row.traceparent ?? undefined),
  );
  const events = rows.map((row, i) => ({ ...toCloudEvent(row), traceparent: spans[i]!.traceparent }));
  try {
    await publish(events);
  } catch (err) {
    endSpans(
      spans.map((s) => s.span),
      err,
    );
    throw err;
  }
  endSpans(spans.map((s) => s.span));
}

/** Counts rows of one topic the bus acknowledged, and how long each waited since its commit. */
function published(rows: OutboxRow[]): number {
  const now = Date.now();
  const labels = { service: 'core-service', topic: rows[0]!.topic };
  outboxPublished.inc(labels, rows.length);
  for (const row of rows) outboxPublishLag.observe(labels, secondsSince(row.createdAt, now));
  return rows.length;
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
