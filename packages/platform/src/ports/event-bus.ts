// Pub/sub: the outbox relay publishes, the worker and the bff subscribe. In-process in the embedded
// default; Dapr and Kafka adapters come with the events work and keep this interface.
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

export interface EventBus {
  publish(topic: string, event: BusEvent): Promise<void>;
  subscribe(topic: string, group: string, handler: EventHandler): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where the Kafka and Dapr adapters put an event a group gave up on (DROP, or still failing after
 * the last attempt), so it is kept for inspection and replay instead of lost.
 */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * Delivers each event to one handler per group, in publish order per topic, at least once:
 * a RETRY or a throw is retried with backoff, up to `maxAttempts`, then dropped and logged.
 */
export class InProcessEventBus implements EventBus {
  private readonly groups = new Map<string, { handler: EventHandler; queue: BusEvent[]; running: boolean }>();
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

  async close(): Promise<void> {
    this.closed = true;
  }

  private async drain(topic: string, group: { handler: EventHandler; queue: BusEvent[]; running: boolean }) {
    group.running = true;
    while (group.queue.length > 0 && !this.closed) {
      const event = group.queue[0]!;
      await this.deliver(topic, event, group.handler);
      group.queue.shift();
    }
    group.running = false;
  }

  private async deliver(topic: string, event: BusEvent, handler: EventHandler): Promise<void> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      let outcome: HandlerResult | Error;
      try {
        outcome = await handler(event);
      } catch (err) {
        outcome = err as Error;
      }
      if (outcome === 'SUCCESS') return;
      if (outcome === 'DROP') return this.onDrop(topic, event, 'handler dropped it');
      await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
    }
    this.onDrop(topic, event, `still failing after ${this.maxAttempts} attempts`);
  }
}
