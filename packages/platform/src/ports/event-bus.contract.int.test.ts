// The EventBus contract against the in-process bus of the embedded default (runs in `npm test`, no
// servers). Its onDrop callback is how it dead-letters: here it republishes to `<topic>.dlq`.
import { randomUUID } from 'node:crypto';
import { eventBusContract } from './event-bus.contract.ts';
import { deadLetterTopic, InProcessEventBus } from './event-bus.ts';

const MAX_ATTEMPTS = 5;

eventBusContract({
  name: 'in-process',
  maxAttempts: MAX_ATTEMPTS,
  deliveryTimeoutMs: 10_000,
  crashRecovery: {
    notApplicable:
      'publisher, queue and handlers share one process, so a crash takes them all and no other consumer exists to take over',
  },
  async session() {
    const bus: InProcessEventBus = new InProcessEventBus(
      (topic, event) => void bus.publish(deadLetterTopic(topic), event).catch(() => {}),
      MAX_ATTEMPTS,
      10,
    );
    return {
      topic: async () => `contract-${randomUUID()}`,
      publisher: bus,
      // One bus is the whole system in this mode: every "app" subscribes on it.
      async consumer(_group, subscribe) {
        await subscribe(bus);
        return {};
      },
      close: () => bus.close(),
    };
  },
});
