// A consumer's handler measured and traced: each event is handled in a span ("consume <topic>") of the
// trace it carries (the write that made it, through the outbox), counted by its answer, and its lag
// (from its commit to now) observed. The same for every bus: Dapr, Kafka and in process.
import { eventConsumerLag, eventsConsumed, secondsSince } from '../metrics.ts';
import { contextOf, inSpan, SpanKind } from '../tracing.ts';
import type { BatchHandler, BusEvent, EventHandler, HandlerResult } from './event-bus.ts';

/** A handler that threw counts as RETRY: that is what every bus makes of it. */
function count(service: string, topic: string, event: BusEvent, outcome: HandlerResult | 'ERROR'): void {
  eventsConsumed.inc({ service, topic, outcome: outcome === 'ERROR' ? 'RETRY' : outcome });
  if (outcome === 'SUCCESS') eventConsumerLag.observe({ service, topic }, secondsSince(event.time));
}

export function observedHandler(service: string, topic: string, handler: EventHandler): EventHandler {
  return (event) =>
    inSpan(
      `consume ${topic}`,
      SpanKind.CONSUMER,
      contextOf(event.traceparent),
      async (span) => {
        let outcome: HandlerResult | 'ERROR' = 'ERROR';
        try {
          outcome = await handler(event);
          span.setAttribute('todo.event.outcome', outcome);
          return outcome;
        } finally {
          count(service, topic, event, outcome);
        }
      },
      {
        'messaging.destination.name': topic,
        'messaging.message.id': event.id,
        'cloudevents.event_type': event.type,
      },
    );
}

/**
 * A batch is handled once, in the span of its first event's trace; every other event gets a span of
 * its own trace too, so each write's trace reaches the consumer whatever the batch it came in.
 */
export function observedBatchHandler(service: string, topic: string, handler: BatchHandler): BatchHandler {
  return async (events) => {
    const [first, ...rest] = events;
    if (!first) return [];
    let settle!: (answers: HandlerResult[]) => void;
    let fail!: (err: unknown) => void;
    const answered = new Promise<HandlerResult[]>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    // Awaited only by the other events' spans: a batch of one must not leave its failure unhandled.
    answered.catch(() => undefined);
    const others = rest.map((event) =>
      inSpan(`consume ${topic}`, SpanKind.CONSUMER, contextOf(event.traceparent), () => answered, {
        'messaging.destination.name': topic,
        'messaging.message.id': event.id,
      }).catch(() => undefined),
    );
    try {
      const answers = await inSpan(
        `consume ${topic}`,
        SpanKind.CONSUMER,
        contextOf(first.traceparent),
        () => handler(events),
        {
          'messaging.destination.name': topic,
          'messaging.message.id': first.id,
          'messaging.batch.message_count': events.length,
        },
      );
      settle(answers);
      events.forEach((event, i) => count(service, topic, event, answers[i] ?? 'RETRY'));
      return answers;
    } catch (err) {
      fail(err);
      for (const event of events) count(service, topic, event, 'ERROR');
      throw err;
    } finally {
      await Promise.all(others);
    }
  };
}
