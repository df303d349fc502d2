// The FastAPI backend of Shumailaaijaz/phase-5-advanced-cloud-deployment as the API bench's target
// (issue 14 asks for the two side by side). People sign up and in through its API (a JWT each); their
// tags and todos go straight into its PostgreSQL tables (BENCH_FASTAPI_DATABASE_URL), as creating
// 1,000 todos a person through an API that answers a few dozen requests a second would take minutes.
// Rows map onto its routes: /api/{userId}/tasks with search, priority, completed, tag, due_before,
// sort_by and sort_order; it has no route for one task, so that row is left out.
//
// Running it (Python 3.11 here; its requirements.txt pins work): its backend/ folder in a venv under
// ~/.cache (pip install -r requirements.txt), then with DATABASE_URL=postgresql://… of a database of its
// own and BETTER_AUTH_SECRET set, `uvicorn main:app --port …` creates its tables at start; its alembic
// chain does not apply over them, so its search column is its migration 006's SQL applied by hand.
// It publishes events to a Dapr sidecar on localhost:3500 (USE_DAPR defaults to true); with none there
// each publish fails at once and is logged. Then: npm run bench -- api --target fastapi --url … --pids
// fastapi=<uvicorn's pid>, with BENCH_FASTAPI_DATABASE_URL naming its database.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BenchRequest, Person, SeedShape, Target } from './target.ts';
import { pick, seedTitle } from './target.ts';

const PRIORITIES = ['P4', 'P3', 'P2', 'P1'] as const; // low, medium, high, urgent
const DAY = 86_400_000;

interface FastApiPerson extends Person {
  token: string;
  tags: string[];
}

async function post<T>(url: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

async function seedPerson(url: string, db: pg.Client, shape: SeedShape): Promise<FastApiPerson> {
  const email = `${randomUUID()}@example.test`;
  await post(url, '/api/auth/sign-up/email', { email, password: 'correct horse battery', name: 'Bench' });
  const login = await post<{ access_token: string; user: { id: number } }>(url, '/api/auth/sign-in/email', {
    email,
    password: 'correct horse battery',
  });
  const userId = Number(login.user.id);
  const tags = Array.from({ length: shape.tags }, (_, i) => `tag-${i}`);
  const tagRows = await db.query<{ id: number }>(
    `INSERT INTO tag (name, user_id, created_at) SELECT unnest($1::text[]), $2, now() RETURNING id`,
    [tags, userId],
  );
  const tagIds = tagRows.rows.map((r) => r.id);
  const todos = Array.from({ length: shape.todos }, (_, i) => i);
  const due = todos.map((i) =>
    i % 3 === 2 ? null : new Date(Date.now() + (i % 3 === 0 ? -1 : 1) * (1 + (i % 90)) * DAY).toISOString(),
  );
  const taskRows = await db.query<{ id: number }>(
    `INSERT INTO task (title, description, completed, created_at, updated_at, priority, user_id, due_date,
       recurrence_depth, reminder_sent)
     SELECT t, d, false, now(), now(), p, $5, due, 0, false
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(t, d, p, due)
     RETURNING id`,
    [
      todos.map(seedTitle),
      todos.map((i) => (i % 2 === 0 ? `Notes for item ${i}: ask about the price and the date first.` : null)),
      todos.map((i) => PRIORITIES[i % 4]),
      due,
      userId,
    ],
  );
  const taskIds = taskRows.rows.map((r) => r.id);
  const links = taskIds.flatMap((id, i) =>
    tagIds.length === 0
      ? []
      : [
          ...new Set(
            [tagIds[i % tagIds.length]!, tagIds[(i * 7) % tagIds.length]!].slice(0, Math.floor(i / 3) % 3),
          ),
        ].map((tag) => [id, tag]),
  );
  await db.query(`INSERT INTO task_tag (task_id, tag_id) SELECT * FROM unnest($1::int[], $2::int[])`, [
    links.map((l) => l[0]),
    links.map((l) => l[1]),
  ]);
  return { id: String(userId), token: login.access_token, tags, todoIds: taskIds };
}

function request(
  method: BenchRequest['method'],
  path: (p: FastApiPerson) => string,
  body?: () => unknown,
): (p: Person) => BenchRequest {
  return (person) => {
    const p = person as FastApiPerson;
    return {
      method,
      path: path(p),
      headers: {
        authorization: `Bearer ${p.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body()) } : {}),
    };
  };
}

const tasks = (p: FastApiPerson) => `/api/${p.id}/tasks`;

export const fastapiTarget: Target = {
  name: 'fastapi (phase-5-advanced-cloud-deployment)',
  async seed(url, shape) {
    const connectionString = process.env.BENCH_FASTAPI_DATABASE_URL;
    if (!connectionString)
      throw new Error('--target fastapi needs BENCH_FASTAPI_DATABASE_URL (its database)');
    const db = new pg.Client({ connectionString });
    await db.connect();
    try {
      const people: Person[] = [];
      for (let i = 0; i < shape.people; i++) people.push(await seedPerson(url, db, shape));
      return people;
    } finally {
      await db.end();
    }
  },
  endpoints: [
    { name: 'GET /api/auth/me', kind: 'read', request: request('GET', () => '/api/auth/get-session') },
    {
      name: 'GET /api/todos?limit=50',
      kind: 'read',
      request: request('GET', (p) => `${tasks(p)}?page_size=50`),
    },
    {
      name: 'GET /api/todos/search?q=plumb',
      kind: 'read',
      request: request('GET', (p) => `${tasks(p)}?search=plumber`),
    },
    {
      name: 'GET /api/todos/filter?priority=high&status=open',
      kind: 'read',
      request: request('GET', (p) => `${tasks(p)}?priority=P2&completed=false`),
    },
    {
      name: 'GET /api/todos?tag=…&sort=dueAt',
      kind: 'read',
      request: request('GET', (p) => `${tasks(p)}?tag=${pick(p.tags)}&sort_by=due_date&sort_order=asc`),
    },
    {
      name: 'GET /api/todos?due=overdue',
      kind: 'read',
      request: request('GET', (p) => `${tasks(p)}?completed=false&due_before=${new Date().toISOString()}`),
    },
    {
      name: 'GET /api/todos/sort?by=priority&order=desc',
      kind: 'read',
      request: request('GET', (p) => `${tasks(p)}?sort_by=priority&sort_order=desc`),
    },
    {
      name: 'POST /api/todos',
      kind: 'write',
      request: request('POST', tasks, () => ({ title: 'Call the plumber back', priority: pick(PRIORITIES) })),
    },
    {
      name: 'PATCH /api/todos/{id}',
      kind: 'write',
      request: request(
        'PUT',
        (p) => `${tasks(p)}/${pick(p.todoIds)}`,
        () => ({ priority: pick(PRIORITIES) }),
      ),
    },
  ],
};
