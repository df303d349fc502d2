// Unit tests of the Kafka bus's offset commits, against a fake consumer whose commit requests the test
// answers: one request at a time, what comes meanwhile coalesced to one offset per partition (past
// the event handled), a failed commit logged and not fatal, settled() waiting for all of it.
import { describe, expect, it } from 'vitest';
import { OffsetCommits, type Position } from './kafka-offset-commits.ts';

function fakeConsumer() {
  const requests: { offsets: Position[]; answer: (err?: Error) => void }[] = [];
  return {
    requests,
    commitOffsets(offsets: Position[]): Promise<void> {
      return new Promise((resolve, reject) => {
        requests.push({ offsets, answer: (err) => (err ? reject(err) : resolve()) });
      });
    },
  };
}

const at = (partition: number, offset: number): Position => ({
  topic: 'todo-events',
  partition,
  offset: String(offset),
});
const tick = () => new Promise((r) => setImmediate(r));

describe('OffsetCommits', () => {
  it('commits past the handled event at once when no request is out', async () => {
    const consumer = fakeConsumer();
    const commits = new OffsetCommits(consumer, { warn: () => {} });

    commits.handled(at(0, 41));

    expect(consumer.requests).toHaveLength(1);
    expect(consumer.requests[0]!.offsets).toEqual([at(0, 42)]);
  });

  it('sends what was handled while a request was out in one next request, the last offset per partition', async () => {
    const consumer = fakeConsumer();
    const commits = new OffsetCommits(consumer, { warn: () => {} });
    commits.handled(at(0, 1));

    commits.handled(at(0, 2));
    commits.handled(at(1, 7));
    commits.handled(at(0, 3));
    await tick();
    expect(consumer.requests).toHaveLength(1);

    consumer.requests[0]!.answer();
    await tick();
    expect(consumer.requests).toHaveLength(2);
    expect(consumer.requests[1]!.offsets).toEqual([at(0, 4), at(1, 8)]);
    consumer.requests[1]!.answer();
    await commits.settled();
    expect(consumer.requests).toHaveLength(2);
  });

  it('logs a failed commit and goes on with the next', async () => {
    const consumer = fakeConsumer();
    const warnings: string[] = [];
    const commits = new OffsetCommits(consumer, {
      warn: (_fields: unknown, msg?: string) => warnings.push(msg!),
    });
    commits.handled(at(2, 9));
    commits.handled(at(2, 10));

    consumer.requests[0]!.answer(new Error('REBALANCE_IN_PROGRESS'));
    await tick();
    consumer.requests[1]!.answer();
    await commits.settled();

    expect(warnings).toEqual(['offset commit failed; the events after the last one committed come again']);
    expect(consumer.requests.map((r) => r.offsets)).toEqual([[at(2, 10)], [at(2, 11)]]);
  });

  it('settles only when everything handled so far is committed', async () => {
    const consumer = fakeConsumer();
    const commits = new OffsetCommits(consumer, { warn: () => {} });
    commits.handled(at(0, 1));
    commits.handled(at(0, 2));
    let settled = false;
    const waiting = commits.settled().then(() => (settled = true));

    consumer.requests[0]!.answer();
    await tick();
    expect(settled).toBe(false);
    consumer.requests[1]!.answer();
    await waiting;

    expect(settled).toBe(true);
  });
});
