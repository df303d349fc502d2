// Unit tests of the error mapping (toAppError) and of the shared HTTP bootstrap (createHttpApp) as a
// client sees it on a loopback listener: operations endpoints, problem+json failures, body rules.
import Router from '@koa/router';
import { ProblemType } from '@todo/contracts';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, badRequest } from '../errors.ts';
import { toAppError } from './problem.ts';
import { createHttpApp, listen, type HttpAppOptions, type RunningServer } from './server.ts';

/** An error shaped like what `pg` throws. */
function pgError(code: string, message = 'pg said no'): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

/** An error shaped like what objection wraps a pg error in. */
function objectionError(name: string, nativeCode?: string): Error {
  const err = new Error('objection said no');
  err.name = name;
  return nativeCode ? Object.assign(err, { nativeError: pgError(nativeCode) }) : err;
}

/** An error shaped like what the body parser (raw-body / co-body) throws. */
function bodyError(type: string | undefined, status: number, name = 'Error'): Error {
  const err = Object.assign(new Error('body parser said no'), { status, statusCode: status, expose: true });
  err.name = name;
  return type ? Object.assign(err, { type }) : err;
}

describe('toAppError', () => {
  it.each([
    ['unique violation (23505)', pgError('23505'), 409, ProblemType.conflict],
    ['foreign key violation (23503)', pgError('23503'), 400, ProblemType.validation],
    ['check violation (23514)', pgError('23514'), 400, ProblemType.validation],
    ['not-null violation (23502)', pgError('23502'), 400, ProblemType.validation],
    ['invalid text representation (22P02)', pgError('22P02'), 400, ProblemType.validation],
    ['value too long (22001)', pgError('22001'), 400, ProblemType.validation],
    ['date out of range (22008)', pgError('22008'), 400, ProblemType.validation],
  ])('maps the pg %s error to %i', (_what, err, status, type) => {
    expect(toAppError(err)).toMatchObject({ status, type });
  });

  it.each([
    ['UniqueViolationError', 409, ProblemType.conflict],
    ['ForeignKeyViolationError', 400, ProblemType.validation],
    ['CheckViolationError', 400, ProblemType.validation],
    ['DataError', 400, ProblemType.validation],
    ['NotFoundError', 404, ProblemType.notFound],
  ])('maps objection %s to %i', (name, status, type) => {
    expect(toAppError(objectionError(name))).toMatchObject({ status, type });
  });

  it('maps an objection error by the pg code it wraps', () => {
    expect(toAppError(objectionError('DBError', '23505'))).toMatchObject({ status: 409 });
    expect(toAppError(objectionError('DBError', '22P02'))).toMatchObject({ status: 400 });
  });

  it('maps a body that is too large to 413 payload-too-large', () => {
    expect(toAppError(bodyError('entity.too.large', 413))).toMatchObject({
      status: 413,
      type: ProblemType.payloadTooLarge,
    });
  });

  it('maps a body that is not JSON to 400 malformed-json', () => {
    expect(toAppError(bodyError('entity.parse.failed', 400))).toMatchObject({
      status: 400,
      type: ProblemType.malformedJson,
    });
    // co-body's own JSON failure: a SyntaxError given status 400.
    expect(toAppError(bodyError(undefined, 400, 'SyntaxError'))).toMatchObject({
      status: 400,
      type: ProblemType.malformedJson,
    });
  });

  it('maps an unsupported body encoding or charset to 415', () => {
    expect(toAppError(bodyError('encoding.unsupported', 415))).toMatchObject({
      status: 415,
      type: ProblemType.unsupportedMediaType,
    });
    expect(toAppError(bodyError('charset.unsupported', 415))).toMatchObject({ status: 415 });
  });

  it('does not leak the library message or SQL into the mapped message', () => {
    const mapped = toAppError(
      pgError('23505', 'duplicate key value violates unique constraint "tags_user_name"'),
    );

    expect(mapped!.message).not.toMatch(/tags_user_name|duplicate key/);
  });

  it('passes an AppError through unchanged', () => {
    const err = badRequest('Tag name must not be empty', [{ path: 'name', message: 'must not be empty' }]);

    expect(toAppError(err)).toBe(err);
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a connection refusal', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a pg connection failure (08006)', pgError('08006')],
    ['a pg serialization failure (40001)', pgError('40001')],
    ['a 500 with a status', Object.assign(new Error('oops'), { status: 500 })],
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
  ])('returns null for %s (an unexpected error)', (_what, err) => {
    expect(toAppError(err)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// createHttpApp on a loopback listener.

const SECRET = 'password=hunter2 host=db.internal';

/** A logger that keeps its lines, so a test can see what an operator would find in the logs. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const running: RunningServer[] = [];

async function start(options: Partial<HttpAppOptions> = {}) {
  const { logger, lines } = memoryLogger();
  const app = createHttpApp({ name: 'test-service', logger, ...options });
  const router = new Router();
  router.post('/echo', (ctx) => {
    ctx.body = { received: ctx.request.body ?? null };
  });
  router.get('/todos/:id', (ctx) => {
    ctx.body = { id: ctx.params.id };
  });
  router.get('/boom', () => {
    throw new Error(SECRET);
  });
  router.get('/limited', () => {
    throw new AppError(ProblemType.rateLimited, 429, 'Too many attempts; wait a minute', undefined, {
      'retry-after': '60',
    });
  });
  router.get('/invalid', () => {
    throw badRequest('The query string is invalid (limit: too big)', [{ path: 'limit', message: 'too big' }]);
  });
  app.use(router.routes()).use(router.allowedMethods());
  const server = await listen(app, 0, '127.0.0.1');
  running.push(server);
  return { url: server.url, lines };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Asserts a problem+json answer and returns its body. */
async function problem(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, type });
  expect(typeof body.title).toBe('string');
  return body;
}

describe('createHttpApp', () => {
  it('answers /healthz with 200', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/healthz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /healthz with 200 even when a readiness check fails (liveness ignores dependencies)', async () => {
    const { url } = await start({ readiness: { database: () => Promise.reject(new Error('down')) } });

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('answers /readyz with 200 and each check when all checks pass', async () => {
    const { url } = await start({
      readiness: { database: async () => 'pong', eventBus: async () => undefined },
    });

    const res = await fetch(`${url}/readyz`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', eventBus: 'ok' } });
  });

  it('answers /readyz with 503 problem+json naming the failing check, not its error', async () => {
    const { url, lines } = await start({
      readiness: {
        database: async () => {
          throw new Error(`connect ECONNREFUSED ${SECRET}`);
        },
        eventBus: async () => undefined,
      },
    });

    const res = await fetch(`${url}/readyz`);

    const body = await problem(res, 503, ProblemType.dependencyUnavailable);
    expect(body.detail).toMatch(/database/);
    expect(body.detail).not.toMatch(/eventBus/);
    expect(JSON.stringify(body)).not.toContain(SECRET);
    // The reason goes to the log instead, for the operator.
    expect(lines.some((l) => l.check === 'database' && String(l.err).includes('ECONNREFUSED'))).toBe(true);
  });

  it('serves /metrics in Prometheus text with request durations by method, route and status', async () => {
    const { url } = await start();
    await fetch(`${url}/todos/7`);
    await fetch(`${url}/nope`);

    const res = await fetch(`${url}/metrics`);
    const text = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    // Labelled by the route pattern, not the raw path, so ids do not explode the series count.
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="GET"[^}]*route="\/todos\/:id"[^}]*status="200"[^}]*\} 1/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="404"[^}]*\} 1/,
    );
    expect(text).not.toContain('/todos/7');
    // Default process metrics are there too.
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/nope`);

    const body = await problem(res, 404, ProblemType.notFound);
    expect(body.detail).toBe('No route for GET /nope');
  });

  it('answers a known route with the wrong method with 405 problem+json', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/echo`);

    await problem(res, 405, ProblemType.methodNotAllowed);
    expect(res.headers.get('allow')).toMatch(/POST/);
  });

  it('answers an unexpected error with 500 problem+json that reveals neither message nor stack', async () => {
    const { url, lines } = await start();

    const res = await fetch(`${url}/boom`);

    const body = await problem(res, 500, ProblemType.internal);
    const raw = JSON.stringify(body);
    expect(raw).not.toContain('hunter2');
    expect(raw).not.toContain('db.internal');
    expect(raw).not.toMatch(/at .*\.ts:\d+/);
    expect(Object.keys(body).sort()).toEqual(['detail', 'status', 'title', 'type']);
    // Logged once, at error, with the stack, for the operator.
    const errors = lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect((errors[0]!.err as { stack: string }).stack).toContain(SECRET);
  });

  it('answers an AppError with its status, type, message, field errors and headers', async () => {
    const { url } = await start();

    const limited = await fetch(`${url}/limited`);
    const invalid = await fetch(`${url}/invalid`);

    const body = await problem(limited, 429, ProblemType.rateLimited);
    expect(body.detail).toBe('Too many attempts; wait a minute');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await problem(invalid, 400, ProblemType.validation)).toMatchObject({
      errors: [{ path: 'limit', message: 'too big' }],
    });
  });

  it('parses a JSON body', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ title: 'Buy milk', tags: ['home'] }),
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: { title: 'Buy milk', tags: ['home'] } });
  });

  it('accepts a POST without a body (e.g. complete, reopen)', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/echo`, { method: 'POST' });

    expect(res.status).toBe(200);
  });

  it('parses the extra JSON media types it was given', async () => {
    const { url } = await start({ jsonTypes: ['application/cloudevents+json'] });

    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ id: 'e1', type: 'todo.completed' }),
    });

    expect(await res.json()).toEqual({ received: { id: 'e1', type: 'todo.completed' } });
  });

  it('refuses a text/plain body with 415 rather than reading it as an empty object', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"title":"Buy milk"}',
    });

    const body = await problem(res, 415, ProblemType.unsupportedMediaType);
    expect(body.detail).toMatch(/text\/plain/);
  });

  // requireJson lets every `+json` type through, so the body parser must read them all too, or the
  // body would silently arrive as `{}`.
  it('parses any +json body it lets through (merge-patch+json), never handing on {}', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ title: 'Buy milk' }),
    });

    expect(await res.json()).toEqual({ received: { title: 'Buy milk' } });
  });

  it('refuses a body over the limit with 413 payload-too-large', async () => {
    const { url } = await start({ bodyLimit: '1kb' });

    const small = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(900) }),
    });
    const large = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(2000) }),
    });

    expect(small.status).toBe(200);
    await problem(large, 413, ProblemType.payloadTooLarge);
  });

  it.each([
    ['cut short', '{"title": "Buy milk"'],
    ['not JSON at all', 'title=Buy milk'],
    ['a bare string', '"Buy milk"'],
  ])('answers a JSON body that is %s with 400 malformed-json', async (_what, raw) => {
    const { url } = await start();

    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw,
    });

    await problem(res, 400, ProblemType.malformedJson);
  });

  it('echoes a well-formed x-request-id', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'req-42.retry_1' } });

    expect(res.headers.get('x-request-id')).toBe('req-42.retry_1');
  });

  it('generates an x-request-id when none comes, or the one that comes is not safe to log', async () => {
    const { url } = await start();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    const none = await fetch(`${url}/healthz`);
    const unsafe = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'a b"; drop' } });
    const tooLong = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'x'.repeat(101) } });

    expect(none.headers.get('x-request-id')).toMatch(uuid);
    expect(unsafe.headers.get('x-request-id')).toMatch(uuid);
    expect(tooLong.headers.get('x-request-id')).toMatch(uuid);
    expect(none.headers.get('x-request-id')).not.toBe(unsafe.headers.get('x-request-id'));
  });

  it('keeps the x-request-id on problem answers', async () => {
    const { url } = await start();

    const res = await fetch(`${url}/boom`, { headers: { 'x-request-id': 'trace-me' } });

    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('trace-me');
  });
});
