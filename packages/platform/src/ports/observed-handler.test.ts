// The consumers' measurements: each event counted by its answer, a throw as the RETRY every bus makes
// of it, lag observed only for handled events, and a failing batch's error passed on as it was.
import { describe, expect, it } from 'vitest';
import { metricsRegistry } from '../metrics.ts';
import type { BusEvent } from './event-bus.ts';
import { observedBatchHandler, observedHandler } from './observed-handler.ts';

const event = (id: string, secondsAgo = 0): BusEvent => ({
  id,
  type: 'todo.created',
  source: 'core-service',
  time: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  data: {},
});

/** The value of the series `name` whose labels include every `k="v"` of `labels` (any order). */
async function series(name: string, labels: string): Promise<number | undefined> {
  const text = await metricsRegistry.getSingleMetricAsString(name.replace(/_(bucket|count|sum)$/, ''));
  const wanted = labels.split(',');
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((pair) => l.includes(pair)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('observed consumers', () => {
  it('count answers by outcome, a throw as RETRY, and the lag of handled events', async () => {
    const answers = ['SUCCESS', 'DROP'] as const;
    let n = 0;
    const handler = observedHandler('svc-a', 'topic-a', async () => {
      if (n === 2) throw new Error('database gone');
      return answers[n++]!;
    });
    expect(await handler(event('1', 30))).toBe('SUCCESS');
    expect(await handler(event('2'))).toBe('DROP');
    await expect(handler(event('3'))).rejects.toThrow('database gone');
    const labels = (outcome: string) => `service="svc-a",topic="topic-a",outcome="${outcome}"`;
    expect(await series('todo_events_consumed_total', labels('SUCCESS'))).toBe(1);
    expect(await series('todo_events_consumed_total', labels('DROP'))).toBe(1);
    expect(await series('todo_events_consumed_total', labels('RETRY'))).toBe(1);
    expect(await series('todo_event_consumer_lag_seconds_count', 'service="svc-a",topic="topic-a"')).toBe(1);
    // Thirty seconds late, in the 30 s bucket and not below it.
    expect(
      await series('todo_event_consumer_lag_seconds_bucket', 'le="10",service="svc-a",topic="topic-a"'),
    ).toBe(0);
    expect(
      await series('todo_event_consumer_lag_seconds_bucket', 'le="60",service="svc-a",topic="topic-a"'),
    ).toBe(1);
  });

  it('pass a failing batch of one or more on as it failed, each event counted as RETRY', async () => {
    const failing = observedBatchHandler('svc-b', 'topic-b', async () => {
      throw new Error('batch failed');
    });
    await expect(failing([event('1')])).rejects.toThrow('batch failed');
    await expect(failing([event('2'), event('3')])).rejects.toThrow('batch failed');
    expect(
      await series('todo_events_consumed_total', 'service="svc-b",topic="topic-b",outcome="RETRY"'),
    ).toBe(3);
    const fine = observedBatchHandler('svc-b', 'topic-b', async (events) =>
      events.map(() => 'SUCCESS' as const),
    );
    expect(await fine([event('4'), event('5')])).toEqual(['SUCCESS', 'SUCCESS']);
    expect(
      await series('todo_events_consumed_total', 'service="svc-b",topic="topic-b",outcome="SUCCESS"'),
    ).toBe(2);
  });
});
