// The Kafka event bus's offset commits (kafka-event-bus.ts): after each event is handled, in the
// background, coalesced.
import type { Consumer } from 'kafkajs';
import type { Logger } from '../logger.ts';

export interface Position {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * A consumer's offset commits, made in the background one request at a time: what is handled while
 * one is out goes in the next, one offset per partition. Committing each event before taking the
 * next held a consumer to one commit round trip per event, ~170 events a second on any number of
 * partitions (issue 14: the worker fell behind the writes). An event is still committed only after
 * it was handled; one whose commit had not gone out when the process died is delivered again, as
 * before, and consumers are idempotent by event id.
 */
export class OffsetCommits {
  private readonly pending = new Map<string, Position>();
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly consumer: Pick<Consumer, 'commitOffsets'>,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** The event at `at` was handled (or dead-lettered): commit past it. */
  handled(at: Position): void {
    const next = (BigInt(at.offset) + 1n).toString();
    this.pending.set(`${at.topic}/${at.partition}`, {
      topic: at.topic,
      partition: at.partition,
      offset: next,
    });
    this.flushing ??= this.flush();
  }

  /** Resolves once every offset handed in so far was committed (or its commit failed). */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.pending.size > 0) {
      const offsets = [...this.pending.values()];
      this.pending.clear();
      try {
        await this.consumer.commitOffsets(offsets);
      } catch (err) {
        // A rebalance took the partition, or the broker is gone: its new owner, or this consumer
        // when it rejoins, starts at the last committed offset and delivers those events again.
        this.log.warn(
          { err, offsets },
          'offset commit failed; the events after the last one committed come again',
        );
      }
    }
    this.flushing = undefined;
  }
}
