// How fast one consumer of the Kafka event bus works off a backlog (issue 14: over Kafka the worker fell
// behind the writes). Publishes BENCH_EVENTS (2,000) events for 10 subjects to a new topic of 6
// partitions, then times one subscriber of a new group from the first event to the last, with a handler
// that takes BENCH_HANDLER_MS (0, then 1). Prints one JSON line. Needs KAFKA_BROKERS (scripts/kafka.sh).
import { randomUUID } from 'node:crypto';
import { deadLetterTopic, KafkaEventBus, provisionTopics, type BusEvent } from '@todo/platform';

const brokers = process.env.KAFKA_BROKERS?.split(',');
if (!brokers) throw new Error('BENCH=kafka-consume needs KAFKA_BROKERS (scripts/kafka.sh start prints it)');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const handlerMs = process.env.BENCH_HANDLER_MS ? [Number(process.env.BENCH_HANDLER_MS)] : [0, 1];

async function run(ms: number) {
  const topic = `bench-consume-${randomUUID()}`;
  const retention = { partitions: 6, retentionMs: 3_600_000 };
  await provisionTopics(brokers!, [
    { name: topic, ...retention },
    { name: deadLetterTopic(topic), ...retention },
  ]);
  const publisher = new KafkaEventBus({ brokers: brokers!, clientId: 'bench-publisher' });
  const events: BusEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
    id: randomUUID(),
    type: 'bench.event',
    source: 'bench',
    time: new Date().toISOString(),
    subject: `person-${i % 10}`,
    data: { i },
  }));
  await publisher.publishBatch(topic, events);
  const consumer = new KafkaEventBus({ brokers: brokers!, clientId: 'bench-consumer', fromBeginning: true });
  let handled = 0;
  let first = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.subscribe(topic, `bench-${randomUUID()}`, async () => {
      if (handled === 0) first = performance.now();
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      if (++handled === EVENTS) resolve(performance.now() - first);
      return 'SUCCESS';
    });
  });
  const elapsed = await done;
  await consumer.close();
  await publisher.close();
  return {
    handlerMs: ms,
    events: EVENTS,
    ms: Math.round(elapsed),
    perSecond: Math.round(EVENTS / (elapsed / 1000)),
  };
}

const results = [];
for (const ms of handlerMs) {
  const result = await run(ms);
  console.error(
    `[bench kafka-consume] handler ${ms} ms: ${result.events} events in ${result.ms} ms, ${result.perSecond}/s`,
  );
  results.push(result);
}
console.log(JSON.stringify({ bench: 'kafka-consume', partitions: 6, subjects: 10, results }));
