// Pub/sub: the outbox relay publishes, the worker and the bff subscribe. In-process in the embedded
// default; the Dapr (dapr-event-bus.ts) and Kafka (kafka-event-bus.ts) adapters keep this interface.
export interface BusEvent<T = unknown> {
  id: string;
  type: string;
  source: string;
  time: string;
  /** Partition key: one person's events stay in order. */
  subject?: string;
  data: T;
}

/** What a handler tells the bus: done, try again later, or give up on this event. */
export type HandlerResult = 'SUCCESS' | 'RETRY' | 'DROP';
export type EventHandler = (event: BusEvent) => Promise<HandlerResult>;
/** Several events of one topic, in delivery order; one answer per event, in the same order. */
export type BatchHandler = (events: BusEvent[]) => Promise<HandlerResult[]>;

export interface EventBus {
  publish(topic: string, event: BusEvent): Promise<void>;
  /**
   * Optional: publishes several events of one topic in as few requests as the bus allows, each
   * subject's in order. Resolves once all were acknowledged; a rejection does not say which went,
   * so the caller publishes them all again (consumers are idempotent by event id).
   */
  publishBatch?(topic: string, events: BusEvent[]): Promise<void>;
  subscribe(topic: string, group: string, handler: EventHandler): Promise<void>;
  /**
   * Optional: hands the group's waiting events over up to `maxBatch` at a time, for a consumer
   * that stores them together. Same guarantees as `subscribe`. Call `subscribeBatches`, which falls
   * back to one event at a time on an adapter without it.
   */
  subscribeBatch?(topic: string, group: string, handler: BatchHandler, maxBatch: number): Promise<void>;
  close(): Promise<void>;
}

/** Subscribes a batch handler: in batches where the bus delivers them, else in batches of one. */
export function subscribeBatches(
  bus: EventBus,
  topic: string,
  group: string,
  handler: BatchHandler,
  maxBatch = 500,
): Promise<void> {
  if (bus.subscribeBatch) return bus.subscribeBatch(topic, group, handler, maxBatch);
  return bus.subscribe(topic, group, async (event) => (await handler([event]))[0] ?? 'RETRY');
}

/**
 * Where the Kafka and Dapr adapters put an event a group gave up on (DROP, or still failing after
 * the last attempt), so it is kept for inspection and replay instead of lost.
 */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

interface Group {
  handler: EventHandler;
  /** Set for a batch subscription: the waiting events go to it up to `max` at a time. */
  batch?: { handler: BatchHandler; max: number };
  queue: BusEvent[];
  running: boolean;
}

/**
 * Delivers each event to one handler per group, in publish order per topic, at least once:
 * a RETRY or a throw is retried with backoff, up to `maxAttempts`, then dropped and logged.
 * A batch subscription gets what waits, in order; the answers up to the first failure count, and
 * the failed event is retried alone (as above) before batching resumes with the ones after it.
 */
export class InProcessEventBus implements EventBus {
  private readonly groups = new Map<string, Group>();
  private closed = false;

  constructor(
    private readonly onDrop: (topic: string, event: BusEvent, reason: string) => void = () => {},
    private readonly maxAttempts = 5,
    private readonly backoffMs = 50,
  ) {}

  async publish(topic: string, event: BusEvent): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    for (const [key, group] of this.groups) {
      if (!key.startsWith(`${topic}\u0000`)) continue;
      group.queue.push(event);
      if (!group.running) void this.drain(topic, group);
    }
  }

  async subscribe(topic: string, group: string, handler: EventHandler): Promise<void> {
    this.groups.set(`${topic}\u0000${group}`, { handler, queue: [], running: false });
  }

  async subscribeBatch(topic: string, group: string, handler: BatchHandler, maxBatch: number): Promise<void> {
    const one: EventHandler = async (event) => (await handler([event]))[0] ?? 'RETRY';
    const batch = { handler, max: Math.max(1, maxBatch) };
    this.groups.set(`${topic}\u0000${group}`, { handler: one, batch, queue: [], running: false });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async drain(topic: string, group: Group) {
    group.running = true;
    while (group.queue.length > 0 && !this.closed) {
      if (group.batch) {
        const done = await this.deliverBatch(topic, group.queue.slice(0, group.batch.max), group);
        group.queue.splice(0, done);
        continue;
      }
      const event = group.queue[0]!;
      await this.deliver(topic, event, group.handler);
      group.queue.shift();
    }
    group.running = false;
  }

  /** Returns how many events from the front of `events` are done with (at least one). */
  private async deliverBatch(topic: string, events: BusEvent[], group: Group): Promise<number> {
    let answers: unknown[] = [];
    try {
      answers = await group.batch!.handler(events);
    } catch {
      // as a RETRY of the first event
    }
    let done = 0;
    for (; done < events.length; done++) {
      const answer = answers[done];
      if (answer === 'DROP') this.onDrop(topic, events[done]!, 'handler dropped it');
      else if (answer !== 'SUCCESS') break;
    }
    if (done === events.length) return done;
    // This one failed (a throw fails them all): its later attempts go alone, so only its own count.
    await this.backoff(1);
    await this.deliver(topic, events[done]!, group.handler, 2);
    return done + 1;
  }

  private async deliver(topic: string, event: BusEvent, handler: EventHandler, from = 1): Promise<void> {
    for (let attempt = from; attempt <= this.maxAttempts; attempt++) {
      let outcome: HandlerResult | Error;
      try {
        outcome = await handler(event);
      } catch (err) {
        outcome = err as Error;
      }
      if (outcome === 'SUCCESS') return;
      if (outcome === 'DROP') return this.onDrop(topic, event, 'handler dropped it');
      await this.backoff(attempt);
    }
    this.onDrop(topic, event, `still failing after ${this.maxAttempts} attempts`);
  }

  private backoff(attempt: number): Promise<void> {
    return new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
  }
}
