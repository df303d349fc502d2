// Unit tests of the in-process event bus of the embedded default: fan-out to every group, order per
// topic, retries that hold later events back, and what is given up on (onDrop).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  InProcessEventBus,
  subscribeBatches,
  type BusEvent,
  type EventBus,
  type HandlerResult,
} from './event-bus.ts';

function event(id: string, type = 'todo.completed'): BusEvent {
  return {
    id,
    type,
    source: 'core-service',
    time: '2026-03-08T09:00:00.000Z',
    subject: 'user-1',
    data: { id },
  };
}

interface Drop {
  topic: string;
  id: string;
  reason: string;
}

/** A bus with a 1 ms backoff and a record of what it dropped. */
function busWithDrops(maxAttempts = 5) {
  const drops: Drop[] = [];
  const bus = new InProcessEventBus(
    (topic, e, reason) => drops.push({ topic, id: e.id, reason }),
    maxAttempts,
    1,
  );
  return { bus, drops };
}

/** A handler that records the id of every delivery and answers with `answer(event, attempt)`. */
function recorder(
  answer: (e: BusEvent, attempt: number) => HandlerResult | Promise<HandlerResult> = () => 'SUCCESS',
) {
  const seen: string[] = [];
  const attempts = new Map<string, number>();
  const handler = async (e: BusEvent) => {
    seen.push(e.id);
    const attempt = (attempts.get(e.id) ?? 0) + 1;
    attempts.set(e.id, attempt);
    return answer(e, attempt);
  };
  return { seen, handler };
}

/** Lets every pending delivery and backoff timer run, so "nothing more happens" can be asserted. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('InProcessEventBus', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers every event to every group, in publish order', async () => {
    const { bus } = busWithDrops();
    const worker = recorder();
    const bff = recorder();
    await bus.subscribe('todos', 'worker', worker.handler);
    await bus.subscribe('todos', 'bff', bff.handler);

    for (const id of ['e1', 'e2', 'e3', 'e4', 'e5']) await bus.publish('todos', event(id));

    await vi.waitFor(() => expect(worker.seen).toHaveLength(5));
    await vi.waitFor(() => expect(bff.seen).toHaveLength(5));
    expect(worker.seen).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(bff.seen).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('hands the handler the event as published', async () => {
    const { bus } = busWithDrops();
    const received: BusEvent[] = [];
    await bus.subscribe('todos', 'worker', async (e) => {
      received.push(e);
      return 'SUCCESS';
    });

    await bus.publish('todos', event('e1', 'todo.created'));

    await vi.waitFor(() => expect(received).toEqual([event('e1', 'todo.created')]));
  });

  it('keeps order when events are published while earlier ones are still being handled', async () => {
    const { bus } = busWithDrops();
    const worker = recorder(async (): Promise<HandlerResult> => {
      await new Promise((r) => setTimeout(r, 2));
      return 'SUCCESS';
    });
    await bus.subscribe('todos', 'worker', worker.handler);

    await bus.publish('todos', event('e1'));
    await bus.publish('todos', event('e2'));
    await new Promise((r) => setTimeout(r, 3));
    await bus.publish('todos', event('e3'));

    await vi.waitFor(() => expect(worker.seen).toEqual(['e1', 'e2', 'e3']));
  });

  it('does not deliver to groups of other topics, even ones whose name starts the same', async () => {
    const { bus } = busWithDrops();
    const todos = recorder();
    const todo = recorder();
    const todosArchive = recorder();
    await bus.subscribe('todos', 'worker', todos.handler);
    await bus.subscribe('todo', 'worker', todo.handler);
    await bus.subscribe('todos.archive', 'worker', todosArchive.handler);

    await bus.publish('todo', event('only-todo'));
    await bus.publish('todos', event('only-todos'));

    await vi.waitFor(() => expect(todo.seen).toEqual(['only-todo']));
    await vi.waitFor(() => expect(todos.seen).toEqual(['only-todos']));
    await settle();
    expect(todosArchive.seen).toEqual([]);
    expect(todo.seen).toEqual(['only-todo']);
  });

  it('does not mind a topic nobody listens to', async () => {
    const { bus, drops } = busWithDrops();

    await expect(bus.publish('nobody-listens', event('e1'))).resolves.toBeUndefined();
    expect(drops).toEqual([]);
  });

  it('retries an event whose handler answers RETRY, and holds later events back until it succeeds', async () => {
    const { bus, drops } = busWithDrops();
    const worker = recorder((e, attempt) => (e.id === 'e1' && attempt < 3 ? 'RETRY' : 'SUCCESS'));
    await bus.subscribe('todos', 'worker', worker.handler);

    await bus.publish('todos', event('e1'));
    await bus.publish('todos', event('e2'));

    await vi.waitFor(() => expect(worker.seen).toEqual(['e1', 'e1', 'e1', 'e2']));
    expect(drops).toEqual([]);
  });

  it('retries an event whose handler throws, instead of treating the throw as done', async () => {
    const { bus, drops } = busWithDrops();
    const worker = recorder((e, attempt) => {
      if (e.id === 'e1' && attempt === 1) throw new Error('database is restarting');
      return 'SUCCESS';
    });
    await bus.subscribe('todos', 'worker', worker.handler);

    await bus.publish('todos', event('e1'));
    await bus.publish('todos', event('e2'));

    await vi.waitFor(() => expect(worker.seen).toEqual(['e1', 'e1', 'e2']));
    expect(drops).toEqual([]);
  });

  it('waits longer before each retry (exponential backoff)', async () => {
    vi.useFakeTimers();
    const bus = new InProcessEventBus(() => {}, 5, 50);
    const worker = recorder((_e, attempt) => (attempt < 3 ? 'RETRY' : 'SUCCESS'));
    await bus.subscribe('todos', 'worker', worker.handler);

    await bus.publish('todos', event('e1'));
    await vi.advanceTimersByTimeAsync(0);
    expect(worker.seen).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(49);
    expect(worker.seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(worker.seen).toHaveLength(2);

    // The second wait is twice the first.
    await vi.advanceTimersByTimeAsync(99);
    expect(worker.seen).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(worker.seen).toHaveLength(3);
  });

  it('gives up on an event whose handler answers DROP, tells onDrop, and goes on with the next', async () => {
    const { bus, drops } = busWithDrops();
    const worker = recorder((e) => (e.id === 'poison' ? 'DROP' : 'SUCCESS'));
    await bus.subscribe('todos', 'worker', worker.handler);

    await bus.publish('todos', event('poison'));
    await bus.publish('todos', event('e2'));

    await vi.waitFor(() => expect(worker.seen).toEqual(['poison', 'e2']));
    expect(drops).toEqual([{ topic: 'todos', id: 'poison', reason: 'handler dropped it' }]);
  });

  it('gives up after maxAttempts failures, tells onDrop why, and goes on with the next', async () => {
    const { bus, drops } = busWithDrops(3);
    const worker = recorder((e) => {
      if (e.id === 'stuck') throw new Error('always fails');
      return 'SUCCESS';
    });
    await bus.subscribe('todos', 'worker', worker.handler);

    await bus.publish('todos', event('stuck'));
    await bus.publish('todos', event('e2'));

    await vi.waitFor(() => expect(worker.seen).toEqual(['stuck', 'stuck', 'stuck', 'e2']));
    expect(drops).toHaveLength(1);
    expect(drops[0]).toMatchObject({ topic: 'todos', id: 'stuck' });
    expect(drops[0]!.reason).toMatch(/3 attempts/);
  });

  it('drops an event for one group only: the other groups still get it', async () => {
    const { bus, drops } = busWithDrops(2);
    const failing = recorder(() => 'RETRY');
    const fine = recorder();
    await bus.subscribe('todos', 'failing', failing.handler);
    await bus.subscribe('todos', 'fine', fine.handler);

    await bus.publish('todos', event('e1'));

    await vi.waitFor(() => expect(drops).toHaveLength(1));
    expect(fine.seen).toEqual(['e1']);
    expect(failing.seen).toEqual(['e1', 'e1']);
  });

  it('does not let a group that is retrying hold back another group', async () => {
    const { bus } = busWithDrops();
    let release = false;
    const slow = recorder(() => (release ? 'SUCCESS' : 'RETRY'));
    const fast = recorder();
    await bus.subscribe('todos', 'slow', slow.handler);
    await bus.subscribe('todos', 'fast', fast.handler);

    await bus.publish('todos', event('e1'));
    await bus.publish('todos', event('e2'));

    await vi.waitFor(() => expect(fast.seen).toEqual(['e1', 'e2']));
    expect(slow.seen.every((id) => id === 'e1')).toBe(true);
    release = true;
    await vi.waitFor(() => expect(slow.seen.at(-1)).toBe('e2'));
  });

  it('refuses to publish once closed', async () => {
    const { bus } = busWithDrops();
    const worker = recorder();
    await bus.subscribe('todos', 'worker', worker.handler);

    await bus.close();

    await expect(bus.publish('todos', event('e1'))).rejects.toThrow(/closed/);
    await settle();
    expect(worker.seen).toEqual([]);
  });

  describe('batch subscriptions', () => {
    /** A batch handler that records each call's ids and answers per event with `answer(event, attempt)`. */
    function batchRecorder(
      answer: (e: BusEvent, attempt: number) => HandlerResult | 'THROW' = () => 'SUCCESS',
    ) {
      const calls: string[][] = [];
      const attempts = new Map<string, number>();
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      const handler = async (events: BusEvent[]) => {
        calls.push(events.map((e) => e.id));
        await held;
        const answers = events.map((e) => {
          const attempt = (attempts.get(e.id) ?? 0) + 1;
          attempts.set(e.id, attempt);
          return answer(e, attempt);
        });
        if (answers.includes('THROW')) throw new Error('database is restarting');
        return answers as HandlerResult[];
      };
      return { calls, handler, release, seen: () => calls.flat() };
    }

    /** Publishes while the first delivery is held, so the rest waits and comes in batches. */
    async function publishHeld(bus: InProcessEventBus, ids: string[], worker: { release(): void }) {
      for (const id of ids) await bus.publish('todos', event(id));
      worker.release();
    }

    it('hands over what waits, in order, at most maxBatch at a time', async () => {
      const { bus, drops } = busWithDrops();
      const worker = batchRecorder();
      await bus.subscribeBatch('todos', 'worker', worker.handler, 3);

      await publishHeld(bus, ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'], worker);

      await vi.waitFor(() => expect(worker.seen()).toHaveLength(7));
      // e1 starts a delivery at once; the others queue behind it.
      expect(worker.calls).toEqual([['e1'], ['e2', 'e3', 'e4'], ['e5', 'e6', 'e7']]);
      expect(drops).toEqual([]);
    });

    it('counts the answers before a failure, retries the failed event alone, then the rest in order', async () => {
      const { bus, drops } = busWithDrops();
      const worker = batchRecorder((e, attempt) => (e.id === 'e3' && attempt < 3 ? 'RETRY' : 'SUCCESS'));
      await bus.subscribeBatch('todos', 'worker', worker.handler, 10);

      await publishHeld(bus, ['e1', 'e2', 'e3', 'e4', 'e5'], worker);

      await vi.waitFor(() => expect(worker.seen().at(-1)).toBe('e5'));
      expect(worker.calls).toEqual([['e1'], ['e2', 'e3', 'e4', 'e5'], ['e3'], ['e3'], ['e4', 'e5']]);
      expect(drops).toEqual([]);
    });

    it('treats a throw as a failure of the whole batch, never as done', async () => {
      const { bus, drops } = busWithDrops();
      const worker = batchRecorder((e, attempt) => (e.id === 'e2' && attempt === 1 ? 'THROW' : 'SUCCESS'));
      await bus.subscribeBatch('todos', 'worker', worker.handler, 10);

      await publishHeld(bus, ['e1', 'e2', 'e3'], worker);

      await vi.waitFor(() => expect(worker.seen().at(-1)).toBe('e3'));
      expect(worker.calls).toEqual([['e1'], ['e2', 'e3'], ['e2'], ['e3']]);
      expect(drops).toEqual([]);
    });

    it('passes a DROP in a batch to onDrop and goes on with the rest', async () => {
      const { bus, drops } = busWithDrops();
      const worker = batchRecorder((e) => (e.id === 'poison' ? 'DROP' : 'SUCCESS'));
      await bus.subscribeBatch('todos', 'worker', worker.handler, 10);

      await publishHeld(bus, ['e1', 'poison', 'e3'], worker);

      await vi.waitFor(() => expect(worker.seen().at(-1)).toBe('e3'));
      expect(worker.calls).toEqual([['e1'], ['poison', 'e3']]);
      expect(drops).toEqual([{ topic: 'todos', id: 'poison', reason: 'handler dropped it' }]);
    });

    it('gives up on an event after maxAttempts deliveries, its delivery in the batch included', async () => {
      const { bus, drops } = busWithDrops(3);
      const worker = batchRecorder((e) => (e.id === 'stuck' ? 'RETRY' : 'SUCCESS'));
      await bus.subscribeBatch('todos', 'worker', worker.handler, 10);

      await publishHeld(bus, ['e1', 'stuck', 'e3'], worker);

      await vi.waitFor(() => expect(drops).toHaveLength(1));
      await vi.waitFor(() => expect(worker.seen().at(-1)).toBe('e3'));
      expect(worker.seen().filter((id) => id === 'stuck')).toHaveLength(3);
      expect(drops[0]!.reason).toMatch(/3 attempts/);
    });

    it('subscribeBatches delivers one event at a time on a bus without batches', async () => {
      const { bus } = busWithDrops();
      const plain: EventBus = {
        publish: (topic, e) => bus.publish(topic, e),
        subscribe: (topic, group, handler) => bus.subscribe(topic, group, handler),
        close: () => bus.close(),
      };
      const worker = batchRecorder((e, attempt) => (e.id === 'e1' && attempt === 1 ? 'RETRY' : 'SUCCESS'));
      await subscribeBatches(plain, 'todos', 'worker', worker.handler);

      for (const id of ['e1', 'e2', 'e3']) await bus.publish('todos', event(id));
      worker.release();

      await vi.waitFor(() => expect(worker.seen()).toEqual(['e1', 'e1', 'e2', 'e3']));
      expect(worker.calls.every((c) => c.length === 1)).toBe(true);
    });
  });
});
