// The behaviour every EventBus adapter promises, as one vitest suite that each adapter's test file
// registers with a target (in-process, Kafka, Dapr). Not a test file itself: it has no `.test.` name.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  deadLetterTopic,
  subscribeBatches,
  type BusEvent,
  type EventBus,
  type HandlerResult,
} from './event-bus.ts';

/** One running instance of a consuming app. */
export interface ContractConsumer {
  /** Kills the instance at once: no acknowledgement, no leaving the group, no goodbye. */
  crash?(): Promise<void>;
}

/** The world of one test: its publisher and the consumers it starts, all stopped by `close`. */
export interface ContractSession {
  /** A topic no other test uses (with several partitions where the bus has partitions). */
  topic(): Promise<string>;
  publisher: EventBus;
  /**
   * Starts an instance of a consuming app in `group`: `subscribe` registers its handlers on the bus
   * it is given, then the instance goes live (Dapr: its sidecar starts). Resolves once it receives.
   */
  consumer(group: string, subscribe: (bus: EventBus) => Promise<void>): Promise<ContractConsumer>;
  close(): Promise<void>;
}

export interface NotApplicable {
  notApplicable: string;
}

export interface EventBusContractTarget {
  name: string;
  /** Deliveries an always-failing event gets before it is dead-lettered. */
  maxAttempts: number;
  /** Longest wait for an expected delivery, retries and dead-lettering included. */
  deliveryTimeoutMs: number;
  /**
   * Redelivery after a consumer dies holding an event: how long the bus takes to notice, and
   * whether the subject's later events still wait for the redelivered one. Where a guarantee does
   * not hold for a bus, the target says why: that test is then not registered, and the suite's
   * name carries the reason, so the gap shows in every run instead of hiding as a skip.
   */
  crashRecovery: { timeoutMs: number; keepsOrder: true | NotApplicable } | NotApplicable;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  session(): Promise<ContractSession>;
}

let sequence = 0;
function event(subject: string, seq: number): BusEvent {
  return {
    id: randomUUID(),
    type: 'todo.updated',
    source: 'event-bus-contract',
    time: new Date().toISOString(),
    subject,
    data: { userId: subject, seq, note: `event ${++sequence}` },
  };
}

type Answer = (e: BusEvent, attempt: number) => HandlerResult | Promise<HandlerResult>;

/** A handler that records every delivery (in order) and answers with `answer`. */
function recorder(answer: Answer = () => 'SUCCESS') {
  const seen: BusEvent[] = [];
  const attempts = new Map<string, number>();
  const handler = async (e: BusEvent) => {
    seen.push(e);
    const attempt = (attempts.get(e.id) ?? 0) + 1;
    attempts.set(e.id, attempt);
    return answer(e, attempt);
  };
  const seqOf = (subject: string) =>
    seen.filter((e) => e.subject === subject).map((e) => (e.data as { seq: number }).seq);
  return { seen, attempts, handler, seqOf };
}

export function eventBusContract(target: EventBusContractTarget): void {
  const crash = 'timeoutMs' in target.crashRecovery ? target.crashRecovery : null;
  const notes: string[] = [];
  if (!crash) notes.push(`crash recovery: ${(target.crashRecovery as NotApplicable).notApplicable}`);
  if (crash && crash.keepsOrder !== true)
    notes.push(`order across a crash: ${crash.keepsOrder.notApplicable}`);
  const title = `EventBus contract: ${target.name}${notes.length ? ` (not tested here: ${notes.join('; ')})` : ''}`;

  describe(title, () => {
    const wait = target.deliveryTimeoutMs;
    const testTimeout = wait * 3;
    let s: ContractSession;
    const group = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
    const until = (check: () => void, timeout = wait) => vi.waitFor(check, { timeout, interval: 25 });
    const start = (g: string, topic: string, handler: (e: BusEvent) => Promise<HandlerResult>) =>
      s.consumer(g, (bus) => bus.subscribe(topic, g, handler));

    beforeAll(async () => target.setup?.(), 180_000);
    afterAll(async () => target.teardown?.(), 60_000);
    beforeEach(async () => {
      s = await target.session();
    }, 60_000);
    afterEach(async () => s.close(), 60_000);

    it(
      'delivers a published event to a subscriber with its envelope intact',
      async () => {
        const topic = await s.topic();
        const worker = recorder();
        await start(group('worker'), topic, worker.handler);
        const sent = event('user-a', 1);

        await s.publisher.publish(topic, sent);

        await until(() => expect(worker.seen).toHaveLength(1));
        expect(worker.seen[0]).toEqual(sent);
      },
      testTimeout,
    );

    it(
      'gives every group every event',
      async () => {
        const topic = await s.topic();
        const worker = recorder();
        const bff = recorder();
        await start(group('worker'), topic, worker.handler);
        await start(group('bff'), topic, bff.handler);
        const sent = Array.from({ length: 10 }, (_, i) => event(i % 2 ? 'user-a' : 'user-b', i));

        for (const e of sent) await s.publisher.publish(topic, e);

        const ids = sent.map((e) => e.id).sort();
        await until(() => expect(worker.seen.map((e) => e.id).sort()).toEqual(ids));
        await until(() => expect(bff.seen.map((e) => e.id).sort()).toEqual(ids));
      },
      testTimeout,
    );

    it(
      "keeps each subject's events in publish order",
      async () => {
        const topic = await s.topic();
        const worker = recorder();
        await start(group('worker'), topic, worker.handler);
        const users = ['user-a', 'user-b', 'user-c'];
        const expected = Array.from({ length: 50 }, (_, i) => i + 1);

        for (const seq of expected)
          for (const user of users) await s.publisher.publish(topic, event(user, seq));

        await until(() => expect(worker.seen).toHaveLength(150));
        for (const user of users) expect(worker.seqOf(user), user).toEqual(expected);
      },
      testTimeout,
    );

    it(
      'retries an event answered RETRY in place: later events of its subject wait for it',
      async () => {
        const topic = await s.topic();
        const worker = recorder((e, attempt) =>
          (e.data as { seq: number }).seq === 1 && attempt <= 2 ? 'RETRY' : 'SUCCESS',
        );
        await start(group('worker'), topic, worker.handler);
        const [first, second, third] = [event('user-a', 1), event('user-a', 2), event('user-a', 3)];

        for (const e of [first, second, third]) await s.publisher.publish(topic, e);

        await until(() => expect(worker.seqOf('user-a')).toEqual([1, 1, 1, 2, 3]));
        expect(worker.attempts.get(first!.id)).toBe(3);
      },
      testTimeout,
    );

    it(
      'dead-letters an event answered DROP and delivers the later ones',
      async () => {
        const topic = await s.topic();
        const g = group('worker');
        const worker = recorder((e) => ((e.data as { seq: number }).seq === 1 ? 'DROP' : 'SUCCESS'));
        const dead = recorder();
        await start(g, topic, worker.handler);
        await start(`${g}-dlq`, deadLetterTopic(topic), dead.handler);
        const [dropped, next] = [event('user-a', 1), event('user-a', 2)];

        await s.publisher.publish(topic, dropped);
        await s.publisher.publish(topic, next);

        await until(() => expect(dead.seen.map((e) => e.id)).toEqual([dropped.id]));
        await until(() => expect(worker.seqOf('user-a')).toEqual([1, 2]));
        expect(dead.seen[0]).toEqual(dropped);
      },
      testTimeout,
    );

    it(
      `dead-letters an event still failing after ${target.maxAttempts} attempts (RETRY or a throw) and moves on`,
      async () => {
        const topic = await s.topic();
        const g = group('worker');
        const worker = recorder((e, attempt) => {
          if ((e.data as { seq: number }).seq !== 1) return 'SUCCESS';
          if (attempt % 2) throw new Error('the mail server is down');
          return 'RETRY';
        });
        const dead = recorder();
        await start(g, topic, worker.handler);
        await start(`${g}-dlq`, deadLetterTopic(topic), dead.handler);
        const [failing, next] = [event('user-a', 1), event('user-a', 2)];

        await s.publisher.publish(topic, failing);
        await s.publisher.publish(topic, next);

        await until(() => expect(dead.seen.map((e) => e.id)).toEqual([failing.id]));
        await until(() => expect(worker.seqOf('user-a')).toEqual([...Array(target.maxAttempts).fill(1), 2]));
      },
      testTimeout,
    );

    it(
      'gives a batch subscriber (subscribeBatches) every event in order per subject, retrying in place',
      async () => {
        const topic = await s.topic();
        const g = group('worker');
        const worker = recorder((e, attempt) =>
          e.subject === 'user-a' && (e.data as { seq: number }).seq === 3 && attempt === 1
            ? 'RETRY'
            : 'SUCCESS',
        );
        await s.consumer(g, (bus) =>
          subscribeBatches(bus, topic, g, async (events) => {
            // Like a consumer whose order matters: nothing after a failure is handled.
            const answers: HandlerResult[] = [];
            for (const e of events) {
              const failed = answers.some((a) => a !== 'SUCCESS');
              answers.push(failed ? 'RETRY' : await worker.handler(e));
            }
            return answers;
          }),
        );
        const expected = Array.from({ length: 20 }, (_, i) => i + 1);

        for (const seq of expected)
          for (const user of ['user-a', 'user-b']) await s.publisher.publish(topic, event(user, seq));

        await until(() => expect(worker.seqOf('user-a').at(-1)).toBe(20));
        await until(() => expect(worker.seqOf('user-b')).toEqual(expected));
        expect(worker.seqOf('user-a')).toEqual([1, 2, 3, ...expected.slice(2)]);
      },
      testTimeout,
    );

    it(
      'never acknowledges an event whose handler threw: it is delivered again',
      async () => {
        const topic = await s.topic();
        const worker = recorder((_e, attempt) => {
          if (attempt === 1) throw new Error('database restarting');
          return 'SUCCESS';
        });
        await start(group('worker'), topic, worker.handler);
        const sent = event('user-a', 1);

        await s.publisher.publish(topic, sent);

        await until(() => expect(worker.attempts.get(sent.id)).toBe(2));
      },
      testTimeout,
    );

    // Registered only where a consumer can die holding an event and another instance can take over.
    if (crash) {
      /** Starts a consumer that takes the first event and never answers, publishes it, and kills the consumer. */
      const crashHolding = async (topic: string, g: string, held: BusEvent) => {
        let release: (r: HandlerResult) => void = () => {};
        const stuck = recorder(() => new Promise<HandlerResult>((resolve) => (release = resolve)));
        const first = await start(g, topic, stuck.handler);
        await s.publisher.publish(topic, held);
        await until(() => expect(stuck.seen.map((e) => e.id)).toEqual([held.id]));
        await first.crash!();
        return () => release('RETRY');
      };

      it(
        'redelivers an event whose consumer died before acknowledging it to the next consumer of the group',
        async () => {
          const topic = await s.topic();
          const g = group('worker');
          const [held, later] = [event('user-a', 1), event('user-a', 2)];
          const release = await crashHolding(topic, g, held);
          try {
            const successor = recorder();
            await start(g, topic, successor.handler);
            await s.publisher.publish(topic, later);

            await until(() => expect(successor.seqOf('user-a').sort()).toEqual([1, 2]), crash.timeoutMs);
            expect(successor.seen.find((e) => e.id === held.id)).toEqual(held);
          } finally {
            release();
          }
        },
        crash.timeoutMs + testTimeout,
      );

      if (crash.keepsOrder === true) {
        it(
          "keeps a subject's order across a crash: later events wait for the redelivered one",
          async () => {
            const topic = await s.topic();
            const g = group('worker');
            const [held, later] = [event('user-a', 1), event('user-a', 2)];
            const release = await crashHolding(topic, g, held);
            try {
              const successor = recorder();
              await s.publisher.publish(topic, later);
              await start(g, topic, successor.handler);

              await until(() => expect(successor.seqOf('user-a')).toEqual([1, 2]), crash.timeoutMs);
            } finally {
              release();
            }
          },
          crash.timeoutMs + testTimeout,
        );
      }
    }
  });
}
