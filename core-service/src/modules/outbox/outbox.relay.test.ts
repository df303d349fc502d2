// The relay publishes in outbox order: consecutive events of one topic as one batch where the bus
// takes batches, one by one elsewhere; it marks only what the bus acknowledged, and what follows a
// failure waits for the next drain.
import { createLogger, type BusEvent, type EventBus } from '@todo/platform';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BULK_HOLD_MAX_MS, BULK_QUIET_MS, OutboxRelay } from './outbox.relay.ts';
import type { OutboxRepository, OutboxRow } from './outbox.repository.ts';

const log = createLogger('test', 'silent');

function row(seq: number, topic = 'todo-events', partitionKey = 'user-1'): OutboxRow {
  return {
    seq,
    id: `event-${seq}`,
    topic,
    type: 'todo.created',
    partitionKey,
    payload: { userId: 'user-1', version: seq },
    createdAt: new Date('2026-03-08T09:00:00.000Z'),
  };
}

/** An outbox in memory: drain hands out the oldest unpublished rows and marks what publish got through. */
function outbox(rows: OutboxRow[]) {
  const published: number[] = [];
  const drains: string[][] = [];
  const repo = {
    async drain(limit: number, publish: (rows: OutboxRow[]) => Promise<number>, held: string[] = []) {
      drains.push(held);
      const waiting = rows
        .filter((r) => !published.includes(r.seq) && !held.includes(r.partitionKey))
        .slice(0, limit);
      if (waiting.length === 0) return 0;
      const sent = await publish(waiting);
      published.push(...waiting.slice(0, sent).map((r) => r.seq));
      return sent;
    },
  };
  return { repo: repo as unknown as OutboxRepository, published, drains };
}

/** A bus recording each call; `fail(ids)` says whether a call fails. */
function bus(options: { batches: boolean; fail?: (ids: string[]) => boolean }) {
  const calls: { topic: string; ids: string[] }[] = [];
  const record = async (topic: string, events: BusEvent[]) => {
    const ids = events.map((e) => e.id);
    if (options.fail?.(ids)) throw new Error('broker unavailable');
    calls.push({ topic, ids });
  };
  const bus: EventBus = {
    publish: (topic, event) => record(topic, [event]),
    subscribe: async () => {},
    close: async () => {},
    ...(options.batches
      ? { publishBatch: (topic: string, events: BusEvent[]) => record(topic, events) }
      : {}),
  };
  return { bus, calls };
}

describe('OutboxRelay', () => {
  it('publishes each run of one topic as one batch, in outbox order', async () => {
    const { repo, published } = outbox([row(1), row(2), row(3, 'reminder-events'), row(4), row(5)]);
    const { bus: b, calls } = bus({ batches: true });

    await new OutboxRelay(repo, b, log).flush();

    expect(calls).toEqual([
      { topic: 'todo-events', ids: ['event-1', 'event-2'] },
      { topic: 'reminder-events', ids: ['event-3'] },
      { topic: 'todo-events', ids: ['event-4', 'event-5'] },
    ]);
    expect(published).toEqual([1, 2, 3, 4, 5]);
  });

  it('publishes one by one on a bus without batches', async () => {
    const { repo, published } = outbox([row(1), row(2), row(3)]);
    const { bus: b, calls } = bus({ batches: false });

    await new OutboxRelay(repo, b, log).flush();

    expect(calls.map((c) => c.ids)).toEqual([['event-1'], ['event-2'], ['event-3']]);
    expect(published).toEqual([1, 2, 3]);
  });

  it('marks the runs before a failed batch and leaves that batch and the rest for the next drain', async () => {
    const { repo, published } = outbox([row(1), row(2, 'reminder-events'), row(3), row(4)]);
    let down = true;
    const { bus: b } = bus({ batches: true, fail: (ids) => down && ids.includes('event-3') });
    const relay = new OutboxRelay(repo, b, log);

    await expect(relay.flush()).rejects.toThrow('broker unavailable');
    expect(published).toEqual([1, 2]);

    down = false;
    await relay.flush();
    expect(published).toEqual([1, 2, 3, 4]);
  });
});

describe('OutboxRelay while a backlog comes in', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A started relay over an outbox that commits add rows to, polling too rarely to matter here. */
  async function started(batch?: number) {
    vi.useFakeTimers();
    const rows: OutboxRow[] = [];
    const { repo, published, drains } = outbox(rows);
    const relay = new OutboxRelay(repo, bus({ batches: true }).bus, log, { pollMs: 60_000, batch });
    relay.start();
    await vi.advanceTimersByTimeAsync(0);
    let seq = 0;
    /** An event of `person` committed; `bulk`: one batch of their backlog. */
    const commit = (person: string, bulk = false) => {
      rows.push(row(++seq, 'todo-events', person));
      relay.nudge(bulk ? { bulkFor: person } : {});
      return seq;
    };
    return { relay, published, commit, drains };
  }

  it('publishes an ordinary commit at once', async () => {
    const { relay, published, commit } = await started();
    commit('ann');
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([1]);
    await relay.stop();
  });

  it('reads the outbox once for a commit: a batch that was not full took all there was', async () => {
    const { relay, published, commit, drains } = await started();
    const drainsBefore = drains.length;
    commit('ann');
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([1]);
    expect(drains.length - drainsBefore).toBe(1);
    await relay.stop();
  });

  it('reads again at once after a full batch', async () => {
    const { relay, published, commit, drains } = await started(2);
    const drainsBefore = drains.length;
    commit('ann');
    commit('bob');
    commit('cy');
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([1, 2, 3]);
    expect(drains.length - drainsBefore).toBe(2);
    await relay.stop();
  });

  it("holds a person's events until their bulk commits pause for BULK_QUIET_MS, not anyone else's", async () => {
    const { relay, published, commit } = await started();
    commit('ann', true);
    await vi.advanceTimersByTimeAsync(BULK_QUIET_MS - 50);
    commit('ann', true);
    commit('ann'); // Ann's ordinary commit meanwhile waits too: her events stay in order
    commit('bob'); // Bob's goes at once
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([4]);
    await vi.advanceTimersByTimeAsync(BULK_QUIET_MS - 1);
    expect(published).toEqual([4]);
    await vi.advanceTimersByTimeAsync(1);
    expect(published).toEqual([4, 1, 2, 3]);

    commit('ann'); // the hold is over: her next ordinary commit goes at once
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([4, 1, 2, 3, 5]);
    await relay.stop();
  });

  it('holds a backlog that keeps coming at most BULK_HOLD_MAX_MS, without draining meanwhile', async () => {
    const { relay, published, commit, drains } = await started();
    const drainsBefore = drains.length;
    const every = BULK_QUIET_MS / 2;
    for (let waited = 0; waited < BULK_HOLD_MAX_MS - every; waited += every) {
      commit('ann', true);
      await vi.advanceTimersByTimeAsync(every);
    }
    expect(published).toEqual([]);
    expect(drains.length).toBe(drainsBefore); // nobody else committed: no drain ran for nothing
    commit('ann', true);
    await vi.advanceTimersByTimeAsync(every);
    expect(published.length).toBe(Math.ceil(BULK_HOLD_MAX_MS / every));
    await relay.stop();
  });
});
