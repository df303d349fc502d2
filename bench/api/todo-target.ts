// This product as the API bench's target: people seeded through the public API (sign-up, then their
// tags and todos in sync pushes of 1,000), and the requests of issue 14's table, each for a person
// drawn at random from the seeded ones.
import { randomUUID } from 'node:crypto';
import { signUp } from '../../tests/support/client.ts';
import type { BenchRequest, Person, SeedShape, Target } from './target.ts';
import { pick, seedTitle } from './target.ts';

const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
const DAY = 86_400_000;

interface TodoPerson extends Person {
  cookie: string;
  tagIds: string[];
  /** A tag on 1 todo in 10,000 (and on one of fewer): what a list of 100,000 must find without reading it all. */
  rareTagId: string;
}

/** The todos that carry the rare tag: 1 in 10,000. */
const RARELY = 10_000;

async function seedPerson(url: string, shape: SeedShape, index: number): Promise<TodoPerson> {
  const { client, user } = await signUp(url, { name: `Bench ${index}` });
  const tagIds = Array.from({ length: shape.tags }, () => randomUUID());
  const rareTagId = randomUUID();
  const todoIds = Array.from({ length: shape.todos }, () => randomUUID());
  const mutations = [
    ...tagIds.map((id, i) => ({
      id: randomUUID(),
      type: 'tag.create',
      payload: { id, name: `tag-${i}` },
    })),
    { id: randomUUID(), type: 'tag.create', payload: { id: rareTagId, name: 'rare' } },
    ...todoIds.map((id, i) => {
      const fields = todoFields(id, i, tagIds);
      if (i % RARELY === RARELY / 2 || (shape.todos < RARELY && i === 0)) fields.tagIds.push(rareTagId);
      return { id: randomUUID(), type: 'todo.create', payload: fields };
    }),
  ];
  for (let i = 0; i < mutations.length; i += 1000) {
    const res = await client.post('/api/sync/push', {
      clientId: 'bench-seed',
      mutations: mutations.slice(i, i + 1000),
    });
    const rejected = (res.body?.results ?? []).filter((r: { status: string }) => r.status === 'rejected');
    if (res.status !== 200 || rejected.length > 0)
      throw new Error(`seed push failed: ${res.status} ${res.text.slice(0, 300)}`);
  }
  return { id: user.id, cookie: client.cookie!, tagIds, rareTagId, todoIds };
}

/** A third due in the past (overdue when open), a third ahead, a third with no date; 0–2 tags. */
function todoFields(id: string, i: number, tagIds: string[]) {
  const due =
    i % 3 === 0 ? Date.now() - (1 + (i % 90)) * DAY : i % 3 === 1 ? Date.now() + (i % 90) * DAY : null;
  const tags = tagIds.length === 0 ? [] : [tagIds[i % tagIds.length]!, tagIds[(i * 7) % tagIds.length]!];
  return {
    id,
    title: seedTitle(i),
    description: i % 2 === 0 ? `Notes for item ${i}: ask about the price and the date first.` : undefined,
    priority: PRIORITIES[i % 4],
    dueAt: due === null ? null : new Date(due).toISOString(),
    // How many tags does not follow the due date (i % 3): overdue todos have tags as often as others.
    tagIds: [...new Set(tags.slice(0, Math.floor(i / 3) % 3))],
  };
}

const json = { 'content-type': 'application/json' };

function get(path: (p: TodoPerson) => string): (p: Person) => BenchRequest {
  return (p) => ({
    method: 'GET',
    path: path(p as TodoPerson),
    headers: { cookie: (p as TodoPerson).cookie },
  });
}

export const todoTarget: Target = {
  name: 'todo',
  async seed(url, shape) {
    const people: TodoPerson[] = [];
    // A few at a time: sign-up hashes a password, pushes are one transaction each.
    for (let i = 0; i < shape.people; i += 4) {
      const batch = Array.from({ length: Math.min(4, shape.people - i) }, (_, k) =>
        seedPerson(url, shape, i + k),
      );
      people.push(...(await Promise.all(batch)));
    }
    return people;
  },
  endpoints: [
    { name: 'GET /api/auth/me', kind: 'read', request: get(() => '/api/auth/me') },
    { name: 'GET /api/todos/{id}', kind: 'read', request: get((p) => `/api/todos/${pick(p.todoIds)}`) },
    { name: 'GET /api/todos?limit=50', kind: 'read', request: get(() => '/api/todos?limit=50') },
    {
      name: 'GET /api/todos/search?q=plumb',
      kind: 'read',
      request: get(() => '/api/todos/search?q=plumb'),
    },
    {
      name: 'GET /api/todos/filter?priority=high&status=open',
      kind: 'read',
      request: get(() => '/api/todos/filter?priority=high&status=open'),
    },
    {
      name: 'GET /api/todos?tag=…&sort=dueAt',
      kind: 'read',
      request: get((p) => `/api/todos?tag=${pick(p.tagIds)}&sort=dueAt`),
    },
    {
      name: 'GET /api/todos?tag=(rare)&sort=dueAt',
      kind: 'read',
      mixed: false,
      request: get((p) => `/api/todos?tag=${p.rareTagId}&sort=dueAt`),
    },
    { name: 'GET /api/todos?due=overdue', kind: 'read', request: get(() => '/api/todos?due=overdue') },
    {
      name: 'GET /api/todos/sort?by=priority&order=desc',
      kind: 'read',
      request: get(() => '/api/todos/sort?by=priority&order=desc'),
    },
    {
      name: 'POST /api/todos',
      kind: 'write',
      request: (p) => ({
        method: 'POST',
        path: '/api/todos',
        headers: { ...json, cookie: (p as TodoPerson).cookie },
        body: JSON.stringify({ title: 'Call the plumber back', priority: pick(PRIORITIES) }),
      }),
    },
    {
      name: 'PATCH /api/todos/{id}',
      kind: 'write',
      request: (p) => ({
        method: 'PATCH',
        path: `/api/todos/${pick(p.todoIds)}`,
        headers: { ...json, cookie: (p as TodoPerson).cookie },
        body: JSON.stringify({ priority: pick(PRIORITIES) }),
      }),
    },
  ],
};
