// `helm test`'s smoke test (templates/tests/smoke-test.yaml runs it in the bff image): a new person
// registers, creates a todo and finds it in their list, through the bff Service as a client would.
// Any step that does not answer as expected fails the test with what it got.
const base = process.env.BASE_URL;
const email = `helm-test-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const password = `Smoke-${crypto.randomUUID()}`;
let cookie = '';

async function call(method, path, body, expected) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  const text = await res.text();
  if (res.status !== expected) {
    throw new Error(`${method} ${path} answered ${res.status}, expected ${expected}: ${text.slice(0, 500)}`);
  }
  const session = res.headers.get('set-cookie');
  if (session) cookie = session.split(';')[0];
  return text ? JSON.parse(text) : undefined;
}

try {
  await call('GET', '/readyz', undefined, 200);
  await call('POST', '/api/auth/register', { email, password }, 201);
  const id = crypto.randomUUID();
  const created = await call('POST', '/api/todos', { id, title: 'helm test smoke' }, 201);
  if (created.id !== id) throw new Error(`created todo has id ${created.id}, not ${id}`);
  const read = await call('GET', `/api/todos/${id}`, undefined, 200);
  if (read.title !== 'helm test smoke') throw new Error(`read back title '${read.title}'`);
  await call('DELETE', `/api/todos/${id}`, undefined, 204);
  console.log(`smoke test passed: registered ${email}, created, read and deleted todo ${id}`);
} catch (err) {
  console.error(`smoke test FAILED: ${err.message}`);
  process.exit(1);
}
