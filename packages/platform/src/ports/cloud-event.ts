// The wire form of a BusEvent: a CloudEvents 1.0 JSON envelope (structured mode), which Dapr uses
// and the Kafka adapter writes as the record value, so either path can read what the other wrote.
import { z } from 'zod';
import type { BusEvent } from './event-bus.ts';

export const CLOUD_EVENT_CONTENT_TYPE = 'application/cloudevents+json';

export interface CloudEvent<T = unknown> extends BusEvent<T> {
  specversion: '1.0';
  datacontenttype: string;
}

export function toCloudEvent(event: BusEvent): CloudEvent {
  return {
    specversion: '1.0',
    id: event.id,
    type: event.type,
    source: event.source,
    time: event.time,
    ...(event.subject === undefined ? {} : { subject: event.subject }),
    ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
    datacontenttype: 'application/json',
    data: event.data,
  };
}

// Dapr adds its own attributes (topic, pubsubname, traceid...): they are allowed and not kept, but
// traceparent (which Dapr sets from the publish request's context) is, so the consumer continues the trace.
const Envelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().min(1),
  time: z.string().min(1),
  subject: z.string().min(1).optional(),
  traceparent: z
    .string()
    .regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/)
    .optional()
    .catch(undefined),
  datacontenttype: z.string().optional(),
  data: z.unknown(),
});

export class NotACloudEventError extends Error {
  override name = 'NotACloudEventError';
}

/** The BusEvent in a parsed CloudEvents envelope; throws NotACloudEventError saying what is wrong. */
export function fromCloudEvent(value: unknown): BusEvent {
  const parsed = Envelope.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'envelope'}: ${i.message}`);
    throw new NotACloudEventError(`Not a CloudEvents 1.0 envelope (${issues.join('; ')})`);
  }
  const { id, type, source, time, subject, traceparent, data } = parsed.data;
  return {
    id,
    type,
    source,
    time,
    ...(subject === undefined ? {} : { subject }),
    ...(traceparent === undefined ? {} : { traceparent }),
    data,
  };
}
