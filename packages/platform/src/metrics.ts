// The process's Prometheus metrics (docs/observability.md is the list): one registry per process, so
// the embedded launcher's three services show one set of process metrics and tell their own series
// apart by the `service` label. Labels are bounded: route templates, status codes, topics, never ids.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];
/** Sub-millisecond to a minute: an API call, a push to a push service, a publish. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** A second to a few hours: how late an event or a reminder arrives. */
const LAG_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by service, method, route template and status',
  labelNames: ['service', 'method', 'route', 'status'],
  buckets: LATENCY_BUCKETS,
  registers,
});

export const syncPushDuration = new Histogram({
  name: 'todo_sync_push_duration_seconds',
  help: 'Sync pushes (a batch of mutations from one device), applied',
  labelNames: ['service'],
  buckets: LATENCY_BUCKETS,
  registers,
});

export const syncPushMutations = new Counter({
  name: 'todo_sync_push_mutations_total',
  help: 'Mutations received by sync push, by result',
  labelNames: ['service', 'result'],
  registers,
});

export const syncPullDuration = new Histogram({
  name: 'todo_sync_pull_duration_seconds',
  help: 'Sync pull pages served',
  labelNames: ['service'],
  buckets: LATENCY_BUCKETS,
  registers,
});

export const outboxUnpublished = new Gauge({
  name: 'todo_outbox_unpublished_events',
  help: 'Outbox events not yet acknowledged by the bus',
  labelNames: ['service'],
  registers,
});

export const outboxOldestAge = new Gauge({
  name: 'todo_outbox_oldest_unpublished_age_seconds',
  help: 'Age of the oldest unpublished outbox event (0 when none waits)',
  labelNames: ['service'],
  registers,
});

export const outboxPublished = new Counter({
  name: 'todo_outbox_published_events_total',
  help: 'Outbox events acknowledged by the bus',
  labelNames: ['service', 'topic'],
  registers,
});

export const outboxPublishLag = new Histogram({
  name: 'todo_outbox_publish_lag_seconds',
  help: "From an event's commit to the bus's acknowledgement",
  labelNames: ['service', 'topic'],
  buckets: LAG_BUCKETS,
  registers,
});

export const outboxPublishFailures = new Counter({
  name: 'todo_outbox_publish_failures_total',
  help: 'Relay drains that could not publish (the events stay for the next try)',
  labelNames: ['service'],
  registers,
});

export const remindersClaimed = new Counter({
  name: 'todo_reminders_claimed_total',
  help: 'Due reminders claimed by the reminder clock',
  labelNames: ['service'],
  registers,
});

export const pageCacheLookups = new Counter({
  name: 'todo_page_cache_lookups_total',
  help: 'Pages of todos asked for: kept at the version (hit), a kept one with the todos changed since merged in (merged), made taking kept todos (remade), made whole (miss)',
  labelNames: ['service', 'result'],
  registers,
});

export const reminderDeliveryDelay = new Histogram({
  name: 'todo_reminder_delivery_delay_seconds',
  help: "From a reminder's remindAt to its delivery, by channel",
  labelNames: ['service', 'channel'],
  buckets: LAG_BUCKETS,
  registers,
});

export const pushSends = new Counter({
  name: 'todo_push_sends_total',
  help: 'Web Push sends by outcome (HTTP status of the push service, timeout, blocked, error)',
  labelNames: ['service', 'status'],
  registers,
});

export const pushFailures = new Counter({
  name: 'todo_push_failures_total',
  help: 'Web Push sends that failed, by status',
  labelNames: ['service', 'status'],
  registers,
});

export const eventsConsumed = new Counter({
  name: 'todo_events_consumed_total',
  help: 'Events handled by a consumer, by its answer to the bus',
  labelNames: ['service', 'topic', 'outcome'],
  registers,
});

export const eventConsumerLag = new Histogram({
  name: 'todo_event_consumer_lag_seconds',
  help: "From an event's time (its commit) to a consumer handling it",
  labelNames: ['service', 'topic'],
  buckets: LAG_BUCKETS,
  registers,
});

export const sseConnections = new Gauge({
  name: 'todo_sse_connections',
  help: 'Open realtime (SSE) streams',
  labelNames: ['service'],
  registers,
});

/** Seconds since `time` (an ISO string or a Date), never negative (clocks of two hosts differ). */
export function secondsSince(time: string | Date, now = Date.now()): number {
  const at = typeof time === 'string' ? Date.parse(time) : time.getTime();
  return Number.isFinite(at) ? Math.max(0, (now - at) / 1000) : 0;
}

/**
 * Gauges read on scrape (the outbox's backlog): `read` runs when Prometheus asks, at most once per
 * scrape, and a failure leaves the last values (the scrape itself never fails for it).
 */
export function onScrape(read: () => Promise<void>): () => void {
  const hook = { read, active: true };
  scrapeHooks.add(hook);
  return () => {
    hook.active = false;
    scrapeHooks.delete(hook);
  };
}

const scrapeHooks = new Set<{ read: () => Promise<void>; active: boolean }>();

/** The registry's text, after the scrape-time readers ran. */
export async function scrapeMetrics(): Promise<string> {
  await Promise.all(
    [...scrapeHooks].map((hook) =>
      hook.read().catch(() => {
        // keep the last values; the reader logs its own failures
      }),
    ),
  );
  return metricsRegistry.metrics();
}
