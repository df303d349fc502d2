// Bad input gets the documented 4xx with a problem+json body that says what and why, and nothing is
// written: the person's data is exactly as before every refused request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let api: ApiClient;
let todoId: string;
let snapshot: string;

async function state(): Promise<string> {
  const todos = await api.get('/api/todos?limit=200');
  const tags = await api.get('/api/tags');
  return JSON.stringify([todos.body, tags.body]);
}

beforeAll(async () => {
  stack = await startStack();
  ({ client: api } = await signUp(stack.url));
  todoId = (await api.post('/api/todos', { title: 'Untouched', dueAt: '2099-12-01T10:00:00Z' })).body.id;
  snapshot = await state();
});
afterAll(() => stack.close());

function expectProblem(
  res: { status: number; headers: Headers; body: any; text: string },
  status: number,
  type: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type, status, title: expect.any(String), detail: expect.any(String) });
  expect(res.text).not.toMatch(/at .*\.ts:\d+|select |insert |update |knex|stack/i);
}

describe('refused input', () => {
  const invalid: [string, string, string, unknown, string][] = [
    ['unknown priority', 'POST', '/api/todos', { title: 'x', priority: 'critical' }, 'priority'],
    ['priority by PUT', 'PUT', '/api/todos/{id}/priority', { priority: 'top' }, 'priority'],
    ['date without offset', 'POST', '/api/todos', { title: 'x', dueAt: '2099-12-01T10:00:00' }, 'dueAt'],
    ['not a date', 'POST', '/api/todos', { title: 'x', dueAt: 'next tuesday' }, 'dueAt'],
    ['impossible date', 'PATCH', '/api/todos/{id}', { dueAt: '2099-02-30T10:00:00Z' }, 'dueAt'],
    ['unknown time zone', 'POST', '/api/todos', { title: 'x', timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['empty title', 'POST', '/api/todos', { title: '   ' }, 'title'],
    ['unknown field', 'POST', '/api/todos', { title: 'x', owner: 'me' }, '(body)'],
    ['wrong type', 'PATCH', '/api/todos/{id}', { title: 42 }, 'title'],
    ['bad colour', 'POST', '/api/tags', { name: 'x', color: 'red' }, 'color'],
    ['bad reminder time', 'POST', '/api/todos/{id}/reminder', { remindAt: 'soon' }, 'remindAt'],
    ['negative snooze', 'POST', '/api/todos/{id}/reminders/{id}/snooze', { minutes: -5 }, 'minutes'],
    ['bad recurrence type', 'POST', '/api/todos/{id}/recur', { type: 'hourly' }, 'type'],
    ['bad limit', 'GET', '/api/todos?limit=5000', undefined, 'limit'],
    ['bad sort', 'GET', '/api/todos/sort?by=colour', undefined, 'by'],
    ['malformed id', 'GET', '/api/todos/not-a-uuid', undefined, 'id'],
  ];
  for (const [name, method, path, body, field] of invalid) {
    it(`400 for ${name}, naming ${field}`, async () => {
      const res = await api.request(method, path.replaceAll('{id}', todoId), { body });
      expectProblem(res, 400, 'validation-error');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });
  }

  it('413 for a 1 MB title', async () => {
    const res = await api.post('/api/todos', { title: 'x'.repeat(1024 * 1024) });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await api.request('POST', '/api/todos', {
      raw: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415, 'unsupported-media-type');
    const plain = await api.request('POST', '/api/todos', {
      raw: '{"title":"x"}',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(plain, 415, 'unsupported-media-type');
  });

  it('400 for garbage JSON', async () => {
    const res = await api.request('POST', '/api/todos', {
      raw: '{"title": "x",,}',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'malformed-json');
  });

  it('401 without a session, 404 for an unknown route', async () => {
    expectProblem(
      await new (api.constructor as typeof ApiClient)(stack.url).get('/api/todos'),
      401,
      'unauthorized',
    );
    expectProblem(await api.get('/api/nothing-here'), 404, 'not-found');
  });

  it('wrote nothing', async () => {
    expect(await state()).toBe(snapshot);
  });
});
