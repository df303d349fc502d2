// Property: two people, each on their own device, edit one shared list offline — moving todos
// between two shared lists, dragging them into a new order, adding subtasks, ticking and renaming
// existing ones — and their queues reach the server in any interleaving. Afterwards both pull the
// same state, which is what per-field last-write-in-server-order says, and nothing is lost: every
// subtask added on either device is there.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { generateNKeysBetween } from 'fractional-indexing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let people: Record<'ann' | 'bob', ApiClient>;
let lists: string[];

const KEYS = generateNKeysBetween(null, null, 16);

beforeAll(async () => {
  stack = await startStack();
  const ann = await signUp(stack.url, { name: 'Ann' });
  const bob = await signUp(stack.url, { name: 'Bob' });
  people = { ann: ann.client, bob: bob.client };
  lists = [];
  for (const name of ['Home', 'Garden']) {
    const list = (await ann.client.post('/api/lists', { name })).body;
    const invitation = (await ann.client.post(`/api/lists/${list.id}/invitations`, { email: bob.email }))
      .body;
    expect((await bob.client.post(`/api/invitations/${invitation.id}/accept`)).status).toBe(200);
    lists.push(list.id);
  }
});
afterAll(() => stack.close());

type Op =
  | { device: 'ann' | 'bob'; kind: 'move'; todo: number; list: number; key: number }
  | { device: 'ann' | 'bob'; kind: 'reorder'; todo: number; key: number }
  | { device: 'ann' | 'bob'; kind: 'add'; todo: number; title: string }
  | { device: 'ann' | 'bob'; kind: 'tick'; todo: number; subtask: number; done: boolean }
  | { device: 'ann' | 'bob'; kind: 'rename'; todo: number; subtask: number; title: string };

const device = fc.constantFrom('ann' as const, 'bob' as const);
const todo = fc.nat(2);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    device,
    kind: fc.constant('move' as const),
    todo,
    list: fc.nat(1),
    key: fc.nat(KEYS.length - 1),
  }),
  fc.record({ device, kind: fc.constant('reorder' as const), todo, key: fc.nat(KEYS.length - 1) }),
  fc.record({
    device,
    kind: fc.constant('add' as const),
    todo,
    title: fc.constantFrom('rake', 'seeds', 'gloves'),
  }),
  fc.record({ device, kind: fc.constant('tick' as const), todo, subtask: fc.nat(1), done: fc.boolean() }),
  fc.record({
    device,
    kind: fc.constant('rename' as const),
    todo,
    subtask: fc.nat(1),
    title: fc.constantFrom('x', 'y'),
  }),
);

interface Expected {
  listId: string;
  position: string;
  subtasks: Map<string, { title: string; done: boolean }>;
}

async function pullTodos(api: ApiClient) {
  const todos = new Map<string, any>();
  let cursor = 0;
  for (;;) {
    const res = await api.get(`/api/sync/pull?cursor=${cursor}&limit=5000`);
    for (const c of res.body.changes) if (c.entity === 'todo') todos.set(c.id, c.todo);
    cursor = res.body.cursor;
    if (!res.body.more) return todos;
  }
}

describe('a shared list edited offline on two people’s devices', () => {
  it('converges to the same state, per field last write wins, nothing lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        // Three todos with two subtasks each, made by Ann, known to both devices.
        const todos: any[] = [];
        for (let i = 0; i < 3; i++) {
          const made = await people.ann.post('/api/todos', {
            title: `todo ${i}`,
            listId: lists[0],
            subtasks: [{ title: 'first' }, { title: 'second' }],
          });
          todos.push(made.body);
        }
        const expected: Expected[] = todos.map((t) => ({
          listId: t.listId,
          position: t.position,
          subtasks: new Map(t.subtasks.map((s: any) => [s.id, { title: s.title, done: s.done }])),
        }));
        // Each run of one device's ops is one push; the array is the order the server hears them in.
        const mutations = ops.map((o) => {
          const t = todos[o.todo];
          const e = expected[o.todo]!;
          const m = (type: string, payload: unknown) => ({ id: randomUUID(), type, payload });
          switch (o.kind) {
            case 'move':
              Object.assign(e, { listId: lists[o.list], position: KEYS[o.key] });
              return m('todo.update', { id: t.id, fields: { listId: lists[o.list], position: KEYS[o.key] } });
            case 'reorder':
              e.position = KEYS[o.key]!;
              return m('todo.update', { id: t.id, fields: { position: KEYS[o.key] } });
            case 'add': {
              const id = randomUUID();
              e.subtasks.set(id, { title: o.title, done: false });
              return m('subtask.add', { todoId: t.id, subtask: { id, title: o.title } });
            }
            case 'tick':
            case 'rename': {
              const sub = t.subtasks[o.subtask];
              const fields = o.kind === 'tick' ? { done: o.done } : { title: o.title };
              Object.assign(e.subtasks.get(sub.id)!, fields);
              return m('subtask.update', { todoId: t.id, id: sub.id, fields });
            }
          }
        });
        for (let i = 0; i < ops.length;) {
          const who = ops[i]!.device;
          const batch = [];
          while (i < ops.length && ops[i]!.device === who) batch.push(mutations[i++]);
          const res = await people[who].post('/api/sync/push', {
            clientId: `${who}-phone`,
            mutations: batch,
          });
          expect(
            res.body.results.every((r: { status: string }) => r.status === 'applied'),
            res.text,
          ).toBe(true);
        }
        const [ann, bob] = [await pullTodos(people.ann), await pullTodos(people.bob)];
        for (const [i, t] of todos.entries()) {
          const view = (x: any) => ({
            listId: x.listId,
            position: x.position,
            subtasks: x.subtasks.map((s: any) => ({ id: s.id, title: s.title, done: s.done })),
          });
          expect(view(ann.get(t.id))).toEqual(view(bob.get(t.id)));
          const e = expected[i]!;
          expect(ann.get(t.id)).toMatchObject({ listId: e.listId, position: e.position });
          const got = new Map(
            ann.get(t.id).subtasks.map((s: any) => [s.id, { title: s.title, done: s.done }]),
          );
          expect(got).toEqual(e.subtasks);
        }
      }),
      { numRuns: 15 },
    );
  }, 600_000);
});
