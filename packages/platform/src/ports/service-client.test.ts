// Unit tests of the direct HTTP service client (how the bff and worker call core-service in the
// embedded default), against a node:http server on loopback that records what it was sent.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectHttpServiceClient, ServiceUnavailableError } from './service-client.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status?: number;
  contentType?: string;
  body?: string;
  /** Never answer (to test the timeout). */
  hang?: boolean;
}

const servers: Server[] = [];

/** A loopback server that records each request and answers with `answer`. */
async function fakeService(answer: Answer = {}) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (answer.hang) return;
      res.statusCode = answer.status ?? 200;
      if (answer.contentType) res.setHeader('content-type', answer.contentType);
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

describe('DirectHttpServiceClient', () => {
  it('sends the method, path, query, JSON body and headers it is given', async () => {
    const core = await fakeService({ status: 201, contentType: 'application/json', body: '{"id":"t-1"}' });
    const client = new DirectHttpServiceClient({ 'core-service': core.base });

    await client.invoke('core-service', {
      method: 'POST',
      path: '/internal/users/u-1/todos',
      query: 'priority=high&priority=urgent',
      body: { title: 'Buy milk', tagIds: [] },
      headers: { 'x-internal-token': 'secret-token-1234', 'x-request-id': 'req-7' },
    });

    expect(core.received).toHaveLength(1);
    const [req] = core.received;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/internal/users/u-1/todos?priority=high&priority=urgent');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-internal-token']).toBe('secret-token-1234');
    expect(req!.headers['x-request-id']).toBe('req-7');
    expect(JSON.parse(req!.body)).toEqual({ title: 'Buy milk', tagIds: [] });
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE'] as const)('sends a %s as that method', async (method) => {
    const core = await fakeService({ status: 204 });
    const client = new DirectHttpServiceClient({ core: core.base });

    await client.invoke('core', { method, path: '/todos/t-1' });

    expect(core.received[0]!.method).toBe(method);
  });

  it('sends no body and no content type when there is no body', async () => {
    const core = await fakeService({ status: 204 });
    const client = new DirectHttpServiceClient({ core: core.base });

    await client.invoke('core', { method: 'GET', path: '/todos' });

    expect(core.received[0]!.url).toBe('/todos');
    expect(core.received[0]!.headers['content-type']).toBeUndefined();
    expect(core.received[0]!.body).toBe('');
  });

  it('lets a caller send its own JSON media type', async () => {
    const worker = await fakeService({ status: 200 });
    const client = new DirectHttpServiceClient({ worker: worker.base });

    await client.invoke('worker', {
      method: 'POST',
      path: '/events',
      body: { id: 'e1' },
      headers: { 'content-type': 'application/cloudevents+json' },
    });

    expect(worker.received[0]!.headers['content-type']).toBe('application/cloudevents+json');
  });

  it('sends a falsy JSON body such as false or 0 rather than dropping it', async () => {
    const core = await fakeService({ status: 200 });
    const client = new DirectHttpServiceClient({ core: core.base });

    await client.invoke('core', { method: 'PUT', path: '/flag', body: false });

    expect(core.received[0]!.body).toBe('false');
  });

  it('parses a JSON answer and reports its status, content type and the text as sent', async () => {
    const sent = '{"items":[{"id":"t-1","title":"Buy milk"}],"nextCursor":null}';
    const core = await fakeService({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: sent,
    });
    const client = new DirectHttpServiceClient({ core: core.base });

    const res = await client.invoke('core', { method: 'GET', path: '/todos' });

    expect(res).toEqual({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      text: sent,
      body: { items: [{ id: 't-1', title: 'Buy milk' }], nextCursor: null },
    });
  });

  it('hands back malformed JSON as text, failing only when the body is read', async () => {
    const core = await fakeService({ status: 200, contentType: 'application/json', body: '{"items":' });
    const client = new DirectHttpServiceClient({ core: core.base });

    const res = await client.invoke('core', { method: 'GET', path: '/todos' });

    expect(res.text).toBe('{"items":');
    expect(() => res.body).toThrow(SyntaxError);
  });

  it('parses a problem+json answer and hands back the error status instead of throwing', async () => {
    const core = await fakeService({
      status: 404,
      contentType: 'application/problem+json',
      body: '{"type":"not-found","title":"Not Found","status":404,"detail":"Todo was not found"}',
    });
    const client = new DirectHttpServiceClient({ core: core.base });

    const res = await client.invoke('core', { method: 'GET', path: '/todos/t-9' });

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ type: 'not-found', detail: 'Todo was not found' });
  });

  it('hands back a text answer as text, and an empty answer as no body', async () => {
    const text = await fakeService({ status: 200, contentType: 'text/plain', body: 'pong' });
    const empty = await fakeService({ status: 204 });
    const client = new DirectHttpServiceClient({ text: text.base, empty: empty.base });

    expect((await client.invoke('text', { method: 'GET', path: '/ping' })).body).toBe('pong');
    expect((await client.invoke('empty', { method: 'DELETE', path: '/todos/t-1' })).body).toBeUndefined();
  });

  it('throws ServiceUnavailableError naming an app id it has no address for', async () => {
    const client = new DirectHttpServiceClient({ 'core-service': 'http://127.0.0.1:1' });

    const call = client.invoke('search-service', { method: 'GET', path: '/' });

    await expect(call).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(call).rejects.toThrow(/search-service/);
  });

  it('throws ServiceUnavailableError naming the app when nothing listens on its port', async () => {
    const gone = await fakeService();
    const server = servers.pop()!;
    await new Promise((r) => server.close(r));
    const client = new DirectHttpServiceClient({ 'core-service': gone.base });

    const call = client.invoke('core-service', { method: 'GET', path: '/healthz' });

    await expect(call).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(call).rejects.toThrow(/core-service/);
  });

  it('throws ServiceUnavailableError when the service does not answer in time', async () => {
    const stuck = await fakeService({ hang: true });
    const client = new DirectHttpServiceClient({ core: stuck.base }, 50);

    const started = Date.now();
    const call = client.invoke('core', { method: 'GET', path: '/todos' });

    await expect(call).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
