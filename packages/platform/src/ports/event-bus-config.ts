// Which event bus a service uses, chosen by configuration: the in-process bus (embedded default), a
// Dapr sidecar's pub/sub, or Kafka directly through kafkajs. Services spread these keys into their
// config schema and call createEventBus; they never know which one they got.
import type { Middleware } from 'koa';
import { z } from 'zod';
import { envInt, envOptional, envPort } from '../config.ts';
import type { Logger } from '../logger.ts';
import { DaprEventBus } from './dapr-event-bus.ts';
import { InProcessEventBus, type EventBus } from './event-bus.ts';
import { KafkaEventBus, SESSION_TIMEOUT_MS } from './kafka-event-bus.ts';
import { kafkaSecurity, KafkaSecuritySettings, type KafkaSecurityConfig } from './kafka-security.ts';

export const EventBusSettings = {
  EVENT_BUS: z.enum(['inprocess', 'dapr', 'kafka']).default('inprocess'),
  /** Comma-separated host:port list (EVENT_BUS=kafka). */
  KAFKA_BROKERS: envOptional(z.string()),
  /**
   * How long the broker waits for a silent consumer before its partitions go to the rest of the group
   * (a crashed pod's successor waits this long); within the broker's group.min.session.timeout.ms (6 s)
   * and group.max.session.timeout.ms (30 min) by default.
   */
  KAFKA_SESSION_TIMEOUT_MS: envInt(SESSION_TIMEOUT_MS, { min: 6_000, max: 1_800_000 }),
  /** TLS and SASL to the brokers (EVENT_BUS=kafka): KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_SASL_*. */
  ...KafkaSecuritySettings,
  /** The sidecar's HTTP port (EVENT_BUS=dapr); Dapr sets DAPR_HTTP_PORT itself. */
  DAPR_HTTP_PORT: envPort(3500),
  DAPR_PUBSUB_NAME: z.string().default('events'),
  /** Sent to the sidecar when it requires a token. */
  DAPR_API_TOKEN: envOptional(z.string()),
  /**
   * Dapr's app API token: every call from the sidecar (deliveries, bindings, invocations) must carry
   * it; required when any building block is Dapr's (dapr-settings.ts).
   */
  APP_API_TOKEN: envOptional(z.string().min(16, 'must have at least 16 characters')),
};

export type EventBusConfig = KafkaSecurityConfig & {
  EVENT_BUS: 'inprocess' | 'dapr' | 'kafka';
  KAFKA_BROKERS?: string | undefined;
  KAFKA_SESSION_TIMEOUT_MS?: number | undefined;
  DAPR_HTTP_PORT: number;
  DAPR_PUBSUB_NAME: string;
  DAPR_API_TOKEN?: string | undefined;
  APP_API_TOKEN?: string | undefined;
};

export interface ConfiguredBus {
  bus: EventBus;
  /** Koa middleware serving the bus's deliveries (Dapr's /dapr/subscribe and routes); mount it first. */
  routes?: Middleware;
}

export function createEventBus(
  config: EventBusConfig,
  options: { clientId: string; logger: Logger; fromBeginning?: boolean },
): ConfiguredBus {
  if (config.EVENT_BUS === 'kafka') {
    if (!config.KAFKA_BROKERS) throw new Error('EVENT_BUS=kafka needs KAFKA_BROKERS');
    const brokers = config.KAFKA_BROKERS.split(',').map((b) => b.trim());
    return {
      bus: new KafkaEventBus({
        brokers,
        clientId: options.clientId,
        logger: options.logger,
        fromBeginning: options.fromBeginning ?? false,
        kafka: kafkaSecurity(config),
        consumer: { sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS ?? SESSION_TIMEOUT_MS },
      }),
    };
  }
  if (config.EVENT_BUS === 'dapr') {
    const bus = new DaprEventBus({
      pubsubName: config.DAPR_PUBSUB_NAME,
      daprHttpPort: config.DAPR_HTTP_PORT,
      daprApiToken: config.DAPR_API_TOKEN,
      appApiToken: config.APP_API_TOKEN,
      logger: options.logger,
    });
    return { bus, routes: bus.routes() };
  }
  return {
    bus: new InProcessEventBus((topic, event, reason) =>
      options.logger.error({ topic, eventId: event.id, type: event.type, reason }, 'event dropped'),
    ),
  };
}
