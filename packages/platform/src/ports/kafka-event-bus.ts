// The Kafka adapter of the EventBus port (Kafka without Dapr): an idempotent producer keyed by the
// event's subject, and one consumer per (topic, group) that keeps partition order by retrying in place.
import kafkajs, {
  type Consumer,
  type ConsumerConfig,
  type EachMessagePayload,
  type IHeaders,
  type Kafka as KafkaClient,
  type KafkaConfig,
  type LogEntry,
  type Message,
  type Producer,
} from 'kafkajs';
import { createLogger, type Logger } from '../logger.ts';
import { CLOUD_EVENT_CONTENT_TYPE, fromCloudEvent, toCloudEvent, type CloudEvent } from './cloud-event.ts';
import { deadLetterTopic, type BusEvent, type EventBus, type EventHandler } from './event-bus.ts';
import { perTopicRoundRobin } from './kafka-assigner.ts';
import { OffsetCommits } from './kafka-offset-commits.ts';

// kafkajs is CommonJS: take its values from the default export, which Node always provides.
const { Kafka, logLevel, Partitioners } = kafkajs;

export interface KafkaEventBusOptions {
  /** host:port of one or more brokers. */
  brokers: string[];
  /** Names this process to the brokers (logs, quotas), e.g. the service name. */
  clientId: string;
  logger?: Logger;
  /** Deliveries of one event (RETRY or a throw each time) before it is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry; it doubles per attempt up to `maxBackoffMs`. Default 200. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Where a group with no committed offset starts. false (Kafka's default): events published from
   * now on; right for per-pod bff groups. true: everything retained; right for a new worker group.
   */
  fromBeginning?: boolean;
  /** How long subscribe() waits for its consumer to join the group. Default 30 s. */
  joinTimeoutMs?: number;
  /** Passed to kafkajs as is: ssl, sasl, connection timeouts, socketFactory... */
  kafka?: Partial<KafkaConfig>;
  /** Passed to each kafkajs consumer as is: sessionTimeout, heartbeatInterval, rebalanceTimeout... */
  consumer?: Partial<ConsumerConfig>;
  /** Partitions a consumer handles at the same time, each in order. Default PARTITIONS_AT_ONCE. */
  partitionsConsumedConcurrently?: number;
}

/** As many as the topics' partitions (6 by default, TOPIC_PARTITIONS), so one pod holding all keeps up. */
const PARTITIONS_AT_ONCE = 6;

/**
 * How long the broker waits for a silent consumer before it gives the consumer's partitions to the
 * rest of its group. kafkajs' 30 s kept a crashed worker's successor from every new reminder for ~33 s;
 * 10 s (Dapr's Kafka component's default) still lets a frozen process miss three heartbeats (every
 * 3 s) first. Brokers refuse less than group.min.session.timeout.ms (6 s by default).
 */
export const SESSION_TIMEOUT_MS = 10_000;

interface Subscription {
  topic: string;
  group: string;
  handler: EventHandler;
  consumer: Consumer;
  commits: OffsetCommits;
  /** Events being handled now (close waits for them, then for their commits). */
  handling: Set<Promise<unknown>>;
}

/** A produce request of publishBatch carries at most this many events, or this many bytes of them. */
const BATCH_EVENTS = 500;
const BATCH_BYTES = 512 * 1024;

/** Handler outcomes the loop acts on; anything else a handler returns counts as a failure. */
type Outcome = 'SUCCESS' | 'RETRY' | 'DROP';

/**
 * At least once, in order per partition (so per subject): an event is committed only after its
 * handler answered SUCCESS, or after it was written to `<topic>.dlq` (DROP, an unreadable record,
 * or still failing after `maxAttempts`). Until then later events of that partition wait.
 */
export class KafkaEventBus implements EventBus {
  private readonly kafka: KafkaClient;
  private producer: Producer;
  private producerReady?: Promise<void>;
  private readonly subscriptions: Subscription[] = [];
  private readonly stopping = new AbortController();
  private readonly log: Logger;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: KafkaEventBusOptions) {
    this.log = (options.logger ?? createLogger('event-bus', 'warn')).child({ component: 'kafka-event-bus' });
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.INFO,
      logCreator: () => (entry) => logKafka(this.log, entry),
      ...options.kafka,
    });
    this.producer = this.newProducer();
  }

  /** Idempotent with one request in flight: a retried send neither duplicates nor reorders. */
  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner, // murmur2, as the Java client
    });
  }

  async publish(topic: string, event: BusEvent): Promise<void> {
    this.assertOpen();
    const envelope = toCloudEvent(event);
    await this.send(topic, event.subject ?? null, JSON.stringify(envelope), ceHeaders(envelope));
  }

  /** One produce request per BATCH_EVENTS events or BATCH_BYTES (the broker's limit is 1 MB). */
  async publishBatch(topic: string, events: BusEvent[]): Promise<void> {
    this.assertOpen();
    let batch: Message[] = [];
    let bytes = 0;
    for (const event of events) {
      const envelope = toCloudEvent(event);
      const value = JSON.stringify(envelope);
      if (batch.length > 0 && (batch.length >= BATCH_EVENTS || bytes + value.length > BATCH_BYTES)) {
        await this.sendAll(topic, batch);
        batch = [];
        bytes = 0;
      }
      batch.push({ key: event.subject ?? null, value, headers: ceHeaders(envelope) });
      bytes += value.length;
    }
    if (batch.length > 0) await this.sendAll(topic, batch);
  }

  async subscribe(topic: string, group: string, handler: EventHandler): Promise<void> {
    this.assertOpen();
    if (this.subscriptions.some((s) => s.topic === topic && s.group === group)) {
      throw new Error(`Already subscribed to ${topic} as group ${group}`);
    }
    const consumer = this.kafka.consumer({
      groupId: group,
      partitionAssigners: [perTopicRoundRobin],
      // A disconnect waits for the fetch in flight: a 1 s long-poll (not kafkajs' 5 s) keeps
      // shutdown and rebalances quick, at one idle fetch a second.
      maxWaitTimeInMs: 1_000,
      sessionTimeout: SESSION_TIMEOUT_MS,
      ...this.options.consumer,
    });
    const subscription: Subscription = {
      topic,
      group,
      handler,
      consumer,
      commits: new OffsetCommits(consumer, this.log.child({ topic, group })),
      handling: new Set(),
    };
    this.subscriptions.push(subscription);
    const joinTimeoutMs = this.options.joinTimeoutMs ?? 30_000;
    let stopWaiting = () => {};
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`Consumer of ${topic} did not join group ${group} within ${joinTimeoutMs} ms`)),
        joinTimeoutMs,
      );
      const off = consumer.on(consumer.events.GROUP_JOIN, () => {
        stopWaiting();
        resolve();
      });
      stopWaiting = () => {
        clearTimeout(timer);
        off();
      };
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: this.options.fromBeginning ?? false });
      await consumer.run({
        autoCommit: false,
        // Each partition's events still one after another (their order holds), the partitions side by
        // side: one at a time, a handler and its offset commit per event (~5 ms) capped a consumer at
        // ~170 events a second, and the worker fell behind writes (issue 14's bench over Kafka).
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? PARTITIONS_AT_ONCE,
        eachMessage: (payload: EachMessagePayload) => this.handle(subscription, payload),
      });
      await joined;
    } catch (err) {
      stopWaiting();
      this.subscriptions.splice(this.subscriptions.indexOf(subscription), 1);
      await consumer.disconnect().catch(() => {});
      throw err;
    }
  }

  /** Stops retry waits, lets in-flight handlers finish, leaves the groups and disconnects. */
  async close(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    // The handlers in flight end (a retry's wait is cut short), then what they handled is committed
    // while the consumer still runs (kafkajs drops a commit asked of a stopped one), then it leaves.
    const consumers = this.subscriptions.splice(0).map(async (s) => {
      while (s.handling.size > 0) await Promise.allSettled([...s.handling]);
      await s.commits.settled();
      await s.consumer.disconnect();
    });
    await Promise.allSettled(consumers);
    if (this.producerReady) await this.producer.disconnect();
  }

  /** consume(), tracked; once the bus is closing, an event is left uncommitted for the group's next consumer. */
  private handle(sub: Subscription, payload: EachMessagePayload): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    const run = this.consume(sub, payload);
    const tracked = run.catch(() => {}).finally(() => sub.handling.delete(tracked));
    sub.handling.add(tracked);
    return run;
  }

  private async consume(sub: Subscription, payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message, heartbeat } = payload;
    const position = { topic, partition, offset: message.offset };
    const log = this.log.child({ topic, group: sub.group, partition, offset: message.offset });
    let event: BusEvent;
    try {
      event = fromCloudEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
    } catch (err) {
      log.error({ err }, 'unreadable record; dead-lettering it');
      return this.deadLetter(sub, payload, `unreadable record: ${(err as Error).message}`, 0);
    }
    const eventLog = log.child({ eventId: event.id, userId: event.subject });
    for (let attempt = 1; ; attempt++) {
      const outcome = await runHandler(sub.handler, event);
      if (outcome === 'SUCCESS') {
        sub.commits.handled(position);
        return;
      }
      if (outcome === 'DROP') {
        eventLog.warn('handler answered DROP; dead-lettering the event');
        return this.deadLetter(sub, payload, 'handler answered DROP', attempt);
      }
      const reason = outcome === 'RETRY' ? 'handler answered RETRY' : `handler failed: ${outcome.message}`;
      if (attempt >= this.maxAttempts) {
        eventLog.error({ attempt, reason }, 'still failing after the last attempt; dead-lettering the event');
        return this.deadLetter(sub, payload, `still failing after ${attempt} attempts: ${reason}`, attempt);
      }
      const delay = Math.min(this.backoffMs * 2 ** (attempt - 1), this.maxBackoffMs);
      eventLog.warn({ attempt, delay, reason }, 'retrying the event in place');
      await this.wait(delay, heartbeat);
    }
  }

  private async deadLetter(sub: Subscription, payload: EachMessagePayload, reason: string, attempts: number) {
    const { topic, partition, message } = payload;
    const headers: IHeaders = {
      ...message.headers,
      dlq_reason: reason,
      dlq_topic: topic,
      dlq_partition: String(partition),
      dlq_offset: message.offset,
      dlq_group: sub.group,
      dlq_attempts: String(attempts),
    };
    // If this send fails the record stays uncommitted and comes back: never skipped silently.
    await this.send(deadLetterTopic(topic), message.key ?? null, message.value ?? null, headers);
    sub.commits.handled({ topic, partition, offset: message.offset });
  }

  private async send(
    topic: string,
    key: Buffer | string | null,
    value: Buffer | string | null,
    headers: IHeaders,
  ) {
    await this.sendAll(topic, [{ key, value, headers }]);
  }

  private async sendAll(topic: string, messages: Message[]) {
    this.producerReady ??= this.producer.connect().catch((err: unknown) => {
      this.producerReady = undefined;
      throw err;
    });
    await this.producerReady;
    const producer = this.producer;
    try {
      await producer.send({ topic, acks: -1, messages });
    } catch (err) {
      const lost = lostSequence(err);
      if (lost && this.producer === producer) await this.replaceProducer(lost);
      throw err;
    }
  }

  /**
   * A broker stopped in the middle of an append may keep part of a batch that the producer then sends
   * again: from then on it refuses every send of that producer as out of order, and kafkajs keeps its
   * sequence numbers (only a new producer id starts them anew). So the producer is replaced; the caller
   * sends again (the relay does) under a new id, and what the broker already kept of the batch arrives
   * twice, which consumers absorb as any redelivery (at least once).
   */
  private async replaceProducer(reason: string): Promise<void> {
    this.log.warn({ reason }, 'the broker refuses this producer’s sequence; starting a new producer');
    const old = this.producer;
    this.producer = this.newProducer();
    this.producerReady = undefined;
    await old.disconnect().catch(() => {});
  }

  /** Sleeps between attempts while keeping the group membership alive; close() cuts it short. */
  private async wait(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0; left = until - Date.now()) {
      await sleep(Math.min(left, 1000), this.stopping.signal);
      // A rebalance throws here: the record is uncommitted, so its new owner delivers it again.
      await heartbeat();
    }
  }

  private assertOpen(): void {
    if (this.stopping.signal.aborted) throw new Error('event bus is closed');
  }
}

/** Errors after which only a new producer id can send (see replaceProducer). */
const LOST_SEQUENCE = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/** The protocol error's type when a send failed for one of LOST_SEQUENCE (kafkajs wraps it in causes). */
export function lostSequence(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const { type, cause } = e as Error & { type?: unknown; cause?: unknown };
    if (typeof type === 'string' && LOST_SEQUENCE.has(type)) return type;
    e = cause;
  }
  return undefined;
}

async function runHandler(handler: EventHandler, event: BusEvent): Promise<Outcome | Error> {
  try {
    const outcome: unknown = await handler(event);
    if (outcome === 'SUCCESS' || outcome === 'RETRY' || outcome === 'DROP') return outcome;
    return new Error(`handler answered ${JSON.stringify(outcome)}, not SUCCESS, RETRY or DROP`);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(new Error('event bus is closing; the event stays uncommitted and is delivered again'));
    };
    if (signal.aborted) return stop();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** CloudEvents Kafka binding attribute headers, beside the structured value, for routing and tools. */
function ceHeaders(event: CloudEvent): IHeaders {
  const headers: IHeaders = {
    'content-type': CLOUD_EVENT_CONTENT_TYPE,
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_type: event.type,
    ce_source: event.source,
    ce_time: event.time,
  };
  if (event.subject !== undefined) headers.ce_subject = event.subject;
  return headers;
}

function logKafka(log: Logger, { namespace, level, log: entry }: LogEntry): void {
  const { message, timestamp: _t, logger: _l, ...details } = entry;
  const fields = { kafka: namespace, ...details };
  if (level === logLevel.ERROR) log.error(fields, message);
  else if (level === logLevel.WARN) log.warn(fields, message);
  else if (level === logLevel.INFO) log.info(fields, message);
  else log.debug(fields, message);
}
