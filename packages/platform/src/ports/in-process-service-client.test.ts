// Unit tests of the in-process service client (how `npm start`'s bff calls core-service and the worker
// in the same process): a request handler that records what it was handed, and a Koa app of
// createHttpApp's, as the services are, reached without a socket.
import { ServerResponse, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Router from '@koa/router';
import { ProblemType } from '@todo/contracts';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors.ts';
import { createHttpApp } from '../http/server.ts';
import { InProcessServiceClient } from './in-process-service-client.ts';
import { ServiceUnavailableError } from './service-client.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A handler that records each request and answers `status` with `body` as `contentType`. */
function recorder(status = 200, contentType = 'application/json', body = '{"ok":true}') {
  const received: Received[] = [];
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    received.push({ method: req.method!, url: req.url!, headers: req.headers, body: text });
    res.statusCode = status;
    res.setHeader('content-type', contentType);
    res.end(body);
  };
  return { handler, received };
}

describe('InProcessServiceClient', () => {
  it('hands the handler the method, path, query, JSON body and headers, and answers what it wrote', async () => {
    const core = recorder(201, 'application/json; charset=utf-8', '{"id":"t-1"}');
    const client = new InProcessServiceClient({ 'core-service': core.handler });

    const res = await client.invoke('core-service', {
      method: 'POST',
      path: '/v1/todos',
      query: 'priority=high&priority=urgent',
      body: { title: 'Buy milk', tagIds: [] },
      headers: { 'x-internal-token': 'secret-token-1234', 'x-user-id': 'u-1' },
    });

    const [req] = core.received;
    expect(req).toMatchObject({ method: 'POST', url: '/v1/todos?priority=high&priority=urgent' });
    expect(req!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-internal-token': 'secret-token-1234',
      'x-user-id': 'u-1',
    });
    expect(JSON.parse(req!.body)).toEqual({ title: 'Buy milk', tagIds: [] });
    expect(res).toMatchObject({
      status: 201,
      contentType: 'application/json; charset=utf-8',
      text: '{"id":"t-1"}',
    });
    expect(res.body).toEqual({ id: 't-1' });
  });

  it('sends no body and no content type when there is none', async () => {
    const core = recorder(204, '', '');
    const res = await new InProcessServiceClient({ core: core.handler }).invoke('core', {
      method: 'DELETE',
      path: '/v1/todos/t-1',
    });
    expect(core.received[0]!.headers['content-type']).toBeUndefined();
    expect(core.received[0]!.body).toBe('');
    expect([res.status, res.text, res.body]).toEqual([204, '', undefined]);
  });

  it('runs a service app’s middleware as an HTTP call would: its body parser, its problems', async () => {
    const app = createHttpApp({ name: 'core', logger: pino({ level: 'silent' }) });
    const router = new Router();
    router.post('/v1/echo', (ctx) => {
      ctx.status = 201;
      ctx.body = { got: ctx.request.body, from: ctx.ip };
    });
    router.get('/v1/refused', () => {
      throw new AppError(ProblemType.validation, 422, 'not like that');
    });
    app.use(router.routes());
    const client = new InProcessServiceClient({ core: app.callback() });

    const echoed = await client.invoke('core', { method: 'POST', path: '/v1/echo', body: { n: 1 } });
    expect([echoed.status, echoed.body]).toEqual([201, { got: { n: 1 }, from: '127.0.0.1' }]);
    const refused = await client.invoke('core', { method: 'GET', path: '/v1/refused' });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 422, detail: 'not like that' });
  });

  it('takes a text or JSON answer from a service app unwritten, as HTTP would have carried it', async () => {
    const app = createHttpApp({ name: 'core', logger: pino({ level: 'silent' }) });
    const router = new Router();
    router.get('/v1/text', (ctx) => {
      ctx.type = 'text/csv';
      ctx.body = 'a,b\n1,ü\n';
    });
    router.get('/v1/json', (ctx) => {
      ctx.status = 201;
      ctx.set('ETag', '"v7"');
      ctx.body = { items: [{ id: 't-1', title: 'Grüße "quoted"' }] };
    });
    router.get('/v1/refused', () => {
      throw new AppError(ProblemType.notFound, 404, 'no such todo');
    });
    router.get('/v1/buffer', (ctx) => {
      ctx.type = 'application/octet-stream';
      ctx.body = Buffer.from('raw bytes');
    });
    router.get('/v1/stream', (ctx) => {
      ctx.type = 'text/plain';
      ctx.body = Readable.from(['stre', 'amed']);
    });
    router.delete('/v1/none', (ctx) => {
      ctx.status = 204;
    });
    app.use(router.routes());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new InProcessServiceClient({ core: app.callback() });
    const write = vi.spyOn(ServerResponse.prototype, 'write');
    try {
      for (const [method, path, written] of [
        ['GET', '/v1/text', false],
        ['GET', '/v1/json', false],
        ['GET', '/v1/refused', false],
        ['GET', '/v1/buffer', true],
        ['GET', '/v1/stream', true],
        ['DELETE', '/v1/none', false],
      ] as const) {
        write.mockClear();
        const inProcess = await client.invoke('core', { method, path });
        expect(write.mock.calls.length > 0, `${path} written`).toBe(written);
        const overHttp = await fetch(base + path, { method });
        expect(
          { status: inProcess.status, contentType: inProcess.contentType, text: inProcess.text },
          path,
        ).toEqual({
          status: overHttp.status,
          contentType: overHttp.headers.get('content-type') ?? '',
          text: await overHttp.text(),
        });
      }
    } finally {
      write.mockRestore();
      server.close();
    }
  });

  it('gives up on a handler that does not answer in time, and on an app it has no handler for', async () => {
    const hangs = () => {};
    const client = new InProcessServiceClient({ core: hangs }, 50);
    const late = await client.invoke('core', { method: 'GET', path: '/v1/slow' }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ServiceUnavailableError);
    expect((late as Error).message).toMatch(/core did not answer in time/);
    const none = await client.invoke('worker', { method: 'GET', path: '/v1/x' }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(ServiceUnavailableError);
    expect((none as Error).message).toMatch(/worker/);
  });

  it('turns a handler that throws into ServiceUnavailableError', async () => {
    const throws = () => {
      throw new Error('boom');
    };
    const err = await new InProcessServiceClient({ core: throws })
      .invoke('core', { method: 'GET', path: '/v1/x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as Error).message).toMatch(/core failed to answer: boom/);
  });
});
