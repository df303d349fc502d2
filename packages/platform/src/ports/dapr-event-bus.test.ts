// Unit tests of the Dapr adapter on loopback, with no sidecar: what it sends to the publish API and
// what its routes answer Dapr. The real sidecar runs in dapr-event-bus.stack.test.ts.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, listen, type RunningServer } from '../http/server.ts';
import { DaprEventBus, DaprPublishError, type DaprEventBusOptions } from './dapr-event-bus.ts';
import type { BusEvent, EventHandler } from './event-bus.ts';

const logger = pino({ level: 'silent' });
const event: BusEvent = {
  id: '0190f1c2-0000-7000-8000-000000000001',
  type: 'todo.completed',
  source: 'core-service',
  time: '2026-03-08T09:00:00.000Z',
  subject: 'user 1/a',
  data: { userId: 'user 1/a', todoId: 't1', version: 3 },
};
const envelope = { specversion: '1.0', datacontenttype: 'application/json', ...event };

interface Captured {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A stand-in for the sidecar's HTTP API: records requests and answers `status` with `body`. */
async function fakeSidecar(status: number, body = '') {
  const requests: Captured[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      requests.push({ url: req.url!, headers: req.headers, body: text });
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { requests, port, close: () => new Promise((r) => server.close(r)) };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe('DaprEventBus.publish', () => {
  it('posts the CloudEvent to the publish API with the subject as partition key', async () => {
    const sidecar = await fakeSidecar(204);
    cleanups.push(sidecar.close);
    const bus = new DaprEventBus({
      pubsubName: 'events',
      daprHttpPort: sidecar.port,
      daprApiToken: 's3',
      logger,
    });

    await bus.publish('todo-events', event);

    const [req] = sidecar.requests;
    expect(req!.url).toBe('/v1.0/publish/events/todo-events?metadata.partitionKey=user%201%2Fa');
    expect(req!.headers['content-type']).toBe('application/cloudevents+json');
    expect(req!.headers['dapr-api-token']).toBe('s3');
    expect(JSON.parse(req!.body)).toEqual(envelope);
  });

  it('throws when the sidecar answers an error, with its answer', async () => {
    const sidecar = await fakeSidecar(
      500,
      '{"errorCode":"ERR_PUBSUB_PUBLISH_MESSAGE","message":"redis down"}',
    );
    cleanups.push(sidecar.close);
    const bus = new DaprEventBus({ pubsubName: 'events', daprHttpPort: sidecar.port, logger });

    const publishing = bus.publish('todo-events', event);

    await expect(publishing).rejects.toBeInstanceOf(DaprPublishError);
    await expect(publishing).rejects.toThrow(/500 .*redis down/);
  });
});

describe('DaprEventBus.routes', () => {
  async function app(handler: EventHandler, options: Partial<DaprEventBusOptions> = {}) {
    const bus = new DaprEventBus({ pubsubName: 'events', logger, ...options });
    await bus.subscribe('todo-events', 'worker', handler);
    await bus.subscribe('reminder-events', 'worker', handler);
    const http = createHttpApp({ name: 'test', logger });
    http.use(bus.routes());
    const server: RunningServer = await listen(http, 0, '127.0.0.1');
    cleanups.push(server.close);
    return { bus, url: server.url };
  }
  const deliver = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/dapr/events/todo-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', ...headers },
      body: JSON.stringify(body),
    });

  it('lists the subscriptions with their dead-letter topics on GET /dapr/subscribe', async () => {
    const { url } = await app(async () => 'SUCCESS');

    const res = await fetch(`${url}/dapr/subscribe`);

    expect(await res.json()).toEqual([
      {
        pubsubname: 'events',
        topic: 'todo-events',
        route: '/dapr/events/todo-events',
        deadLetterTopic: 'todo-events.dlq',
      },
      {
        pubsubname: 'events',
        topic: 'reminder-events',
        route: '/dapr/events/reminder-events',
        deadLetterTopic: 'reminder-events.dlq',
      },
    ]);
  });

  it('hands the handler the event and answers its verdict', async () => {
    const received: BusEvent[] = [];
    const { url } = await app(async (e) => {
      received.push(e);
      return 'DROP';
    });

    // Dapr adds its own attributes to the envelope; the handler sees the event as published.
    const res = await deliver(url, {
      ...envelope,
      topic: 'todo-events',
      pubsubname: 'events',
      traceparent: '00-x',
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'DROP' });
    expect(received).toEqual([event]);
  });

  it.each([
    [
      'throws',
      (async () => {
        throw new Error('smtp down');
      }) as EventHandler,
    ],
    ['answers something else', (async () => undefined) as unknown as EventHandler],
  ])('answers RETRY, never SUCCESS, when the handler %s', async (_what, handler) => {
    const { url } = await app(handler);

    const res = await deliver(url, envelope);

    expect(await res.json()).toEqual({ status: 'RETRY' });
  });

  it('answers DROP for a body that is not a CloudEvent, without calling the handler', async () => {
    let called = false;
    const { url } = await app(async () => {
      called = true;
      return 'SUCCESS';
    });

    const res = await deliver(url, { id: 'x' });

    expect(await res.json()).toEqual({ status: 'DROP' });
    expect(called).toBe(false);
  });

  it('answers OPTIONS on a route (input bindings ask first) and refuses other methods', async () => {
    const { url } = await app(async () => 'SUCCESS');

    const options = await fetch(`${url}/dapr/events/todo-events`, { method: 'OPTIONS' });
    const get = await fetch(`${url}/dapr/events/todo-events`);

    expect(options.status).toBe(200);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('refuses deliveries without the app API token when one is configured', async () => {
    const { url } = await app(async () => 'SUCCESS', { appApiToken: 'app-secret' });

    const without = await deliver(url, envelope);
    const withToken = await deliver(url, envelope, { 'dapr-api-token': 'app-secret' });

    expect(without.status).toBe(401);
    expect(await withToken.json()).toEqual({ status: 'SUCCESS' });
  });

  it('answers RETRY once closed, and close waits for the handler in flight', async () => {
    let finish: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const { bus, url } = await app(() => {
      started();
      return new Promise((resolve) => (finish = () => resolve('SUCCESS')));
    });
    const inFlight = deliver(url, envelope);
    await running;

    let closed = false;
    const closing = bus.close().then(() => (closed = true));
    const late = await deliver(url, envelope);
    expect(closed).toBe(false);
    finish();
    await closing;

    expect(await (await inFlight).json()).toEqual({ status: 'SUCCESS' });
    expect(await late.json()).toEqual({ status: 'RETRY' });
  });

  it('refuses a second consumer group: one sidecar is one group', async () => {
    const bus = new DaprEventBus({ pubsubName: 'events', logger });
    await bus.subscribe('todo-events', 'bff-pod-a', async () => 'SUCCESS');

    await expect(bus.subscribe('reminder-events', 'worker', async () => 'SUCCESS')).rejects.toThrow(
      /one consumer group/,
    );
  });
});
