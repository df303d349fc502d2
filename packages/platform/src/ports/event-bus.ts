// Pub/sub: the outbox relay publishes, the worker and the bff subscribe. In-process in the embedded
// default; the Dapr (dapr-event-bus.ts) and Kafka (kafka-event-bus.ts) adapters keep this interface.
export interface BusEvent<T = unknown> {
  id: string;
  type: string;
  source: string;
  time: string;
  /** Partition key: one person's events stay in order. */
  subject?: string;
  /** W3C trace context of the write that made the event (CloudEvents distributed-tracing extension). */
  traceparent?: string;
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
  /**
   * Only on a bus that keeps nothing itself (in process): publishes these events of one topic and
   * resolves once every subscribed group handled each of them, or rejects when a group gave up on
   * one or the bus closed. Until then nothing is safe but the outbox row, so the relay marks rows
   * published after this, outside the transaction that read them (handlers use the database too).
   */
  publishHandled?(topic: string, events: BusEvent[]): Promise<void>;
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

/** Told when a group is done with an event: handled (SUCCESS or DROP) or given up on. */
interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

interface Group {
  handler: EventHandler;
  /** Set for a batch subscription: the waiting events go to it up to `max` at a time. */
  batch?: { handler: BatchHandler; max: number };
  queue: BusEvent[];
  /** publishHandled's waiters of queued events, by event (an event queued by publish has none). */
  waiters: Map<BusEvent, Waiter>;
  running: boolean;
}

/**
 * Delivers each event to one handler per group, in publish order per topic, at least once:
 * a RETRY or a throw is retried with backoff, up to `maxAttempts`, then dropped and logged (and
 * publishHandled rejects, so the outbox keeps the event for the relay's next try).
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

  /** Resolves once the event is queued for every group: nothing has handled it yet (publishHandled waits). */
  async publish(topic: string, event: BusEvent): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    for (const group of this.groupsOf(topic)) this.enqueue(topic, group, event);
  }

  async publishHandled(topic: string, events: BusEvent[]): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    const handled: Promise<void>[] = [];
    for (const group of this.groupsOf(topic)) {
      for (const event of events) {
        handled.push(new Promise<void>((resolve, reject) => group.waiters.set(event, { resolve, reject })));
        this.enqueue(topic, group, event);
      }
    }
    await Promise.all(handled);
  }

  async subscribe(topic: string, group: string, handler: EventHandler): Promise<void> {
    this.groups.set(`${topic}\u0000${group}`, { handler, queue: [], waiters: new Map(), running: false });
  }

  async subscribeBatch(topic: string, group: string, handler: BatchHandler, maxBatch: number): Promise<void> {
    const one: EventHandler = async (event) => (await handler([event]))[0] ?? 'RETRY';
    const batch = { handler, max: Math.max(1, maxBatch) };
    this.groups.set(`${topic}\u0000${group}`, {
      handler: one,
      batch,
      queue: [],
      waiters: new Map(),
      running: false,
    });
  }

  /** Stops delivering; whoever waits on an event not handled yet hears that it was not. */
  async close(): Promise<void> {
    this.closed = true;
    for (const group of this.groups.values()) {
      for (const waiter of group.waiters.values()) waiter.reject(new Error('event bus is closed'));
      group.waiters.clear();
    }
  }

  private groupsOf(topic: string): Group[] {
    return [...this.groups].filter(([key]) => key.startsWith(`${topic}\u0000`)).map(([, group]) => group);
  }

  private enqueue(topic: string, group: Group, event: BusEvent): void {
    group.queue.push(event);
    if (!group.running) void this.drain(topic, group);
  }

  /** The group is done with `event`: handled, or given up on (`failure`). */
  private settle(group: Group, event: BusEvent, failure?: string): void {
    const waiter = group.waiters.get(event);
    if (!waiter) return;
    group.waiters.delete(event);
    if (failure) waiter.reject(new Error(failure));
    else waiter.resolve();
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
      this.settle(group, event, await this.deliver(topic, event, group.handler));
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
      this.settle(group, events[done]!);
    }
    if (done === events.length) return done;
    // This one failed (a throw fails them all): its later attempts go alone, so only its own count.
    await this.backoff(1);
    this.settle(group, events[done]!, await this.deliver(topic, events[done]!, group.handler, 2));
    return done + 1;
  }

  /** Delivers until handled (returns undefined) or given up on (returns why). */
  private async deliver(
    topic: string,
    event: BusEvent,
    handler: EventHandler,
    from = 1,
  ): Promise<string | undefined> {
    for (let attempt = from; attempt <= this.maxAttempts; attempt++) {
      let outcome: HandlerResult | Error;
      try {
        outcome = await handler(event);
      } catch (err) {
        outcome = err as Error;
      }
      if (outcome === 'SUCCESS') return undefined;
      if (outcome === 'DROP') {
        this.onDrop(topic, event, 'handler dropped it');
        return undefined;
      }
      await this.backoff(attempt);
    }
    const reason = `still failing after ${this.maxAttempts} attempts`;
    this.onDrop(topic, event, reason);
    return reason;
  }

  private backoff(attempt: number): Promise<void> {
    return new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
  }
}
