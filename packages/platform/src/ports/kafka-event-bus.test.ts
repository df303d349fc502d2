// The producer's recovery when a broker no longer accepts its sequence numbers (a broker stopped in
// the middle of an append, as the Kafka outage chaos test does), over a fake kafkajs client: the
// broker's side of it cannot be brought about on demand. Sends against a real broker are in
// kafka-event-bus.stack.test.ts.
import kafkajs from 'kafkajs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BusEvent } from './event-bus.ts';

const { KafkaJSConnectionError } = kafkajs;
// kafkajs' typings give these a message only; its own code passes the broker's error and a cause.
const ProtocolError = kafkajs.KafkaJSProtocolError as unknown as new (broker: {
  type: string;
  code: number;
  retriable: boolean;
  message: string;
}) => Error;
const NonRetriableError = kafkajs.KafkaJSNonRetriableError as unknown as new (
  e: Error,
  options: { cause: Error },
) => Error;

interface FakeProducer {
  connect: () => Promise<void>;
  send: ReturnType<typeof vi.fn>;
  disconnect: ReturnType<typeof vi.fn>;
}
const producers: FakeProducer[] = [];

vi.mock('kafkajs', async (importOriginal) => {
  const actual = (await importOriginal()) as { default: Record<string, unknown> };
  class FakeKafka {
    producer(): FakeProducer {
      const producer = {
        connect: async () => {},
        send: vi.fn(async () => []),
        disconnect: vi.fn(async () => {}),
      };
      producers.push(producer);
      return producer;
    }
  }
  return { ...actual, default: { ...actual.default, Kafka: FakeKafka } };
});

const { KafkaEventBus, lostSequence } = await import('./kafka-event-bus.ts');

const EVENT: BusEvent = {
  id: '0195f0a0-0000-7000-8000-000000000001',
  type: 'todo.created',
  source: 'core-service',
  time: '2026-12-05T10:00:00.000Z',
  subject: 'person-1',
  data: { title: 'milk' },
};

/** What kafkajs throws when the broker answers a produce request with this error (its retrier's bail). */
function refused(type: string, code: number): Error {
  const protocol = new ProtocolError({
    type,
    code,
    retriable: false,
    message: `${type} from the broker`,
  });
  return new NonRetriableError(protocol, { cause: protocol });
}

afterEach(() => {
  producers.length = 0;
});

describe('KafkaEventBus: a broker that refuses the producer’s sequence', () => {
  it('reads the refusal through kafkajs’ wrapping, and nothing else as one', () => {
    expect(lostSequence(refused('OUT_OF_ORDER_SEQUENCE_NUMBER', 45))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(lostSequence(refused('UNKNOWN_PRODUCER_ID', 59))).toBe('UNKNOWN_PRODUCER_ID');
    expect(lostSequence(refused('INVALID_PRODUCER_EPOCH', 47))).toBe('INVALID_PRODUCER_EPOCH');
    expect(lostSequence(refused('MESSAGE_TOO_LARGE', 10))).toBeUndefined();
    expect(lostSequence(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))).toBeUndefined();
    expect(lostSequence('not an error')).toBeUndefined();
  });

  it('fails that send and sends the next one by a new producer (a new id), leaving the old one', async () => {
    const bus = new KafkaEventBus({ brokers: ['127.0.0.1:1'], clientId: 'test' });
    await bus.publish('todo-events', EVENT);
    const first = producers[0]!;
    first.send.mockRejectedValueOnce(refused('OUT_OF_ORDER_SEQUENCE_NUMBER', 45));

    await expect(bus.publish('todo-events', EVENT)).rejects.toThrow(/OUT_OF_ORDER_SEQUENCE_NUMBER/);
    expect(first.disconnect).toHaveBeenCalledOnce();
    expect(producers).toHaveLength(2);

    await bus.publish('todo-events', EVENT);
    expect(producers[1]!.send).toHaveBeenCalledOnce();
    expect(first.send).toHaveBeenCalledTimes(2);
    await bus.close();
  });

  it('keeps its producer through any other failure, which kafkajs recovers from itself', async () => {
    const bus = new KafkaEventBus({ brokers: ['127.0.0.1:1'], clientId: 'test' });
    producers[0]!.send.mockRejectedValueOnce(new KafkaJSConnectionError('Connection error: ECONNREFUSED'));
    await expect(bus.publish('todo-events', EVENT)).rejects.toThrow(/ECONNREFUSED/);
    await bus.publish('todo-events', EVENT);
    expect(producers).toHaveLength(1);
    expect(producers[0]!.send).toHaveBeenCalledTimes(2);
    await bus.close();
  });
});
