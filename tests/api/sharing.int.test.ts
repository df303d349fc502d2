// Shared lists through the bff's public API, against a real database: the owner invites by email, the
// invitee accepts and both work in the list (assignee, personal reminders); each one's devices pull
// the other's changes and are poked; a newly admitted member pulls the whole list, a removed one gets
// tombstones; editors cannot do what only the owner may; a third person sees nothing of it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { openSyncStream } from '../support/sse.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const m = (type: string, payload: unknown) => ({ id: randomUUID() as string, type, payload });

async function pullAll(api: ApiClient, cursor = 0) {
  const changes: any[] = [];
  for (;;) {
    const res = await api.get(`/api/sync/pull?cursor=${cursor}&limit=500`);
    expect(res.status, res.text).toBe(200);
    changes.push(...res.body.changes);
    cursor = res.body.cursor;
    if (!res.body.more) return { changes, cursor };
  }
}

/** Owner Ann shares a list with Bob, who accepts; Carol is a third person. */
async function household() {
  const ann = await signUp(stack.url, { name: 'Ann' });
  const bob = await signUp(stack.url, { name: 'Bob' });
  const carol = await signUp(stack.url, { name: 'Carol' });
  const list = (await ann.client.post('/api/lists', { name: 'Shopping' })).body;
  const milk = (await ann.client.post('/api/todos', { title: 'Milk', listId: list.id })).body;
  const invited = await ann.client.post(`/api/lists/${list.id}/invitations`, { email: bob.email });
  expect(invited.status).toBe(201);
  expect(invited.body).toMatchObject({ listId: list.id, email: bob.email, role: 'editor' });
  return { ann, bob, carol, list, milk, invitationId: invited.body.id as string };
}

describe('sharing a list', () => {
  it('lets the invitee see, accept and then work in the list; both see the members', async () => {
    const { ann, bob, carol, list, milk, invitationId } = await household();
    const inbox = await bob.client.get('/api/invitations');
    expect(inbox.body.items).toEqual([
      {
        id: invitationId,
        list: { id: list.id, name: 'Shopping' },
        from: { name: 'Ann', email: ann.email },
        role: 'editor',
      },
    ]);
    // Not addressed to Carol: she neither sees it nor can take it.
    expect((await carol.client.get('/api/invitations')).body.items).toEqual([]);
    expect((await carol.client.post(`/api/invitations/${invitationId}/accept`)).status).toBe(404);
    const accepted = await bob.client.post(`/api/invitations/${invitationId}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: list.id, role: 'editor', inbox: false });
    expect(accepted.body.members.map((x: { name: string; role: string }) => [x.name, x.role])).toEqual([
      ['Ann', 'owner'],
      ['Bob', 'editor'],
    ]);
    expect((await bob.client.get('/api/invitations')).body.items).toEqual([]);
    expect((await bob.client.get(`/api/todos/${milk.id}`)).body.title).toBe('Milk');
    const bread = await bob.client.post('/api/todos', {
      title: 'Bread',
      listId: list.id,
      assigneeId: ann.user.id,
    });
    expect(bread.status).toBe(201);
    const annSees = (await ann.client.get(`/api/todos?list=${list.id}&sort=position`)).body.items;
    expect(annSees.map((t: { title: string; assigneeId: string | null }) => [t.title, t.assigneeId])).toEqual(
      [
        ['Milk', null],
        ['Bread', ann.user.id],
      ],
    );
    // Only members can be assignees.
    expect((await ann.client.patch(`/api/todos/${milk.id}`, { assigneeId: carol.user.id })).status).toBe(400);
  });

  it('keeps reminders and tags personal on a shared todo', async () => {
    const { ann, bob, milk, invitationId } = await household();
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    const reminder = await bob.client.post(`/api/todos/${milk.id}/reminder`, {
      remindAt: '2099-05-01T08:00:00Z',
    });
    expect(reminder.status).toBe(201);
    const tag = (await bob.client.post('/api/tags', { name: 'dairy' })).body;
    await bob.client.put(`/api/todos/${milk.id}/tags`, { tagIds: [tag.id] });
    const bobs = (await bob.client.get(`/api/todos/${milk.id}`)).body;
    expect(bobs.reminders).toHaveLength(1);
    expect(bobs.tags.map((t: { name: string }) => t.name)).toEqual(['dairy']);
    const anns = (await ann.client.get(`/api/todos/${milk.id}`)).body;
    expect(anns.reminders).toEqual([]);
    expect(anns.tags).toEqual([]);
    // Ann setting her own tags leaves Bob's on it.
    const annTag = (await ann.client.post('/api/tags', { name: 'weekly' })).body;
    await ann.client.patch(`/api/todos/${milk.id}`, { tagIds: [annTag.id] });
    expect(
      (await bob.client.get(`/api/todos/${milk.id}`)).body.tags.map((t: { name: string }) => t.name),
    ).toEqual(['dairy']);
  });

  it('lets only the owner rename, invite, remove others and delete', async () => {
    const { ann, bob, carol, list, invitationId } = await household();
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    expect((await bob.client.patch(`/api/lists/${list.id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await bob.client.post(`/api/lists/${list.id}/invitations`, { email: carol.email })).status).toBe(
      403,
    );
    expect((await bob.client.delete(`/api/lists/${list.id}/members/${ann.user.id}`)).status).toBe(403);
    expect((await bob.client.delete(`/api/lists/${list.id}?todos=delete`)).status).toBe(403);
    // A member orders their own sidebar.
    expect((await bob.client.patch(`/api/lists/${list.id}`, { position: 'a5' })).status).toBe(200);
    expect((await ann.client.delete(`/api/lists/${list.id}/members/${ann.user.id}`)).status).toBe(409);
    expect((await ann.client.post(`/api/lists/${list.id}/invitations`, { email: bob.email })).status).toBe(
      409,
    );
  });

  it('declines an invitation', async () => {
    const { bob, list, invitationId } = await household();
    expect((await bob.client.delete(`/api/invitations/${invitationId}`)).status).toBe(204);
    expect((await bob.client.get('/api/invitations')).body.items).toEqual([]);
    expect((await bob.client.get(`/api/todos?list=${list.id}`)).body.items).toEqual([]);
    expect((await bob.client.post(`/api/invitations/${invitationId}/accept`)).status).toBe(404);
  });

  it('gives a third person 404 for the shared list and everything in it', async () => {
    const { ann, bob, carol, list, milk, invitationId } = await household();
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    const subtask = (await ann.client.post(`/api/todos/${milk.id}/subtasks`, { title: 'Oat' })).body;
    const attempts: [string, string, unknown?][] = [
      ['PATCH', `/api/lists/${list.id}`, { name: 'x' }],
      ['DELETE', `/api/lists/${list.id}?todos=move`],
      ['POST', `/api/lists/${list.id}/invitations`, { email: carol.email }],
      ['DELETE', `/api/lists/${list.id}/members/${bob.user.id}`],
      ['DELETE', `/api/lists/${list.id}/members/${carol.user.id}`],
      ['GET', `/api/todos/${milk.id}`],
      ['PATCH', `/api/todos/${milk.id}`, { title: 'x' }],
      ['POST', `/api/todos/${milk.id}/subtasks`, { title: 'x' }],
      ['PATCH', `/api/todos/${milk.id}/subtasks/${subtask.id}`, { done: true }],
      ['DELETE', `/api/todos/${milk.id}/subtasks/${subtask.id}`],
      ['POST', '/api/todos', { title: 'x', listId: list.id }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await carol.client.request(method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.text).not.toContain('Milk');
      expect(res.text).not.toContain('Shopping');
    }
    expect((await carol.client.get('/api/lists')).body.items.map((l: { name: string }) => l.name)).toEqual([
      'Inbox',
    ]);
    for (const path of [`/api/todos?list=${list.id}`, '/api/todos', '/api/todos/search?q=milk']) {
      expect((await carol.client.get(path)).body.items).toEqual([]);
    }
    expect(JSON.stringify((await pullAll(carol.client)).changes)).not.toContain(milk.id);
    expect((await ann.client.get(`/api/todos/${milk.id}`)).body.subtasks).toHaveLength(1);
  });
});

describe('sync follows list membership', () => {
  it('hands a newly admitted member the whole list, and each member the other’s changes', async () => {
    const { ann, bob, list, milk, invitationId } = await household();
    const before = await pullAll(bob.client);
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    const admitted = await pullAll(bob.client, before.cursor);
    expect(admitted.changes.find((c) => c.entity === 'list')).toMatchObject({ id: list.id, deleted: false });
    expect(admitted.changes.find((c) => c.entity === 'todo')).toMatchObject({
      id: milk.id,
      todo: { title: 'Milk' },
    });
    // Ann renames the todo on her device; Bob's device pulls it.
    const annCursor = (await pullAll(ann.client)).cursor;
    const push = await ann.client.post('/api/sync/push', {
      clientId: 'ann-phone',
      mutations: [
        m('todo.update', { id: milk.id, fields: { title: 'Oat milk' } }),
        m('subtask.add', { todoId: milk.id, subtask: { id: randomUUID(), title: 'Two cartons' } }),
      ],
    });
    expect(push.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const bobPull = await pullAll(bob.client, admitted.cursor);
    const latest = bobPull.changes.filter((c) => c.id === milk.id).at(-1);
    expect(latest.todo).toMatchObject({
      title: 'Oat milk',
      subtasks: [{ title: 'Two cartons', done: false }],
    });
    // And the other way: Bob's device adds a todo, Ann's pulls it.
    const eggs = randomUUID();
    await bob.client.post('/api/sync/push', {
      clientId: 'bob-phone',
      mutations: [m('todo.create', { id: eggs, title: 'Eggs', listId: list.id })],
    });
    const annPull = await pullAll(ann.client, annCursor);
    expect(annPull.changes.some((c) => c.id === eggs && c.todo?.title === 'Eggs')).toBe(true);
    // Each one's history says who of the others did what.
    await expect
      .poll(
        async () =>
          (await bob.client.get('/api/activity')).body.items.map((i: { summary: string }) => i.summary),
        {
          timeout: 15_000,
        },
      )
      .toContain('Changed title of "Oat milk" (by Ann)');
    await expect
      .poll(
        async () =>
          (await ann.client.get('/api/activity')).body.items.map((i: { summary: string }) => i.summary),
        {
          timeout: 15_000,
        },
      )
      .toContain('Created "Eggs" (by Bob)');
  });

  it('pokes the other member’s open stream within a second', async () => {
    const { ann, bob, milk, invitationId } = await household();
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    const stream = openSyncStream(
      `${stack.url}/api/sync/stream?clientId=bob-laptop`,
      bob.client.cookie!,
      15_000,
    );
    await stream.ready;
    const sent = Date.now();
    await ann.client.patch(`/api/todos/${milk.id}`, { title: 'Whole milk' });
    const poke = await stream.change;
    expect(poke).not.toBeNull();
    expect(poke!.at - sent).toBeLessThan(1000);
  });

  it('gives a removed member tombstones for the list and its todos, and 404 after', async () => {
    const { ann, bob, list, milk, invitationId } = await household();
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    await bob.client.post(`/api/todos/${milk.id}/reminder`, { remindAt: '2099-05-01T08:00:00Z' });
    await ann.client.patch(`/api/todos/${milk.id}`, { assigneeId: bob.user.id });
    // Ann's own assignment on the list stays when Bob goes.
    const bread = (await ann.client.post('/api/todos', { title: 'Bread', listId: list.id })).body;
    await ann.client.patch(`/api/todos/${bread.id}`, { assigneeId: ann.user.id });
    const cursor = (await pullAll(bob.client)).cursor;
    expect((await ann.client.delete(`/api/lists/${list.id}/members/${bob.user.id}`)).status).toBe(204);
    const after = await pullAll(bob.client, cursor);
    expect(after.changes.find((c) => c.id === list.id)).toMatchObject({
      entity: 'list',
      deleted: true,
      list: null,
    });
    expect(after.changes.find((c) => c.id === milk.id)).toMatchObject({
      entity: 'todo',
      deleted: true,
      todo: null,
    });
    expect((await bob.client.get(`/api/todos/${milk.id}`)).status).toBe(404);
    const anns = (await ann.client.get(`/api/todos/${milk.id}`)).body;
    expect(anns.assigneeId).toBeNull();
    expect((await ann.client.get(`/api/todos/${bread.id}`)).body.assigneeId).toBe(ann.user.id);
    expect(
      (await ann.client.get('/api/lists')).body.items.find((l: { id: string }) => l.id === list.id).members,
    ).toHaveLength(1);
  });

  it('lets a member leave, and the owner’s delete takes the list off every member', async () => {
    const { ann, bob, list, milk, invitationId } = await household();
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    expect((await bob.client.delete(`/api/lists/${list.id}/members/${bob.user.id}`)).status).toBe(204);
    expect((await bob.client.get(`/api/todos/${milk.id}`)).status).toBe(404);
    // Invited again and back, then the owner deletes the list with its todos.
    const again = (await ann.client.post(`/api/lists/${list.id}/invitations`, { email: bob.email })).body;
    await bob.client.post(`/api/invitations/${again.id}/accept`);
    expect((await bob.client.get(`/api/todos/${milk.id}`)).status).toBe(200);
    const cursor = (await pullAll(bob.client)).cursor;
    expect((await ann.client.delete(`/api/lists/${list.id}?todos=delete`)).status).toBe(204);
    const after = await pullAll(bob.client, cursor);
    expect(after.changes.find((c) => c.id === milk.id)).toMatchObject({ deleted: true });
    expect(after.changes.find((c) => c.id === list.id)).toMatchObject({ deleted: true });
  });
});

describe('a shared todo moved to a list only its owner is in', () => {
  it('leaves the other member with a tombstone, and without their reminders and tags on it', async () => {
    const { ann, bob, milk, invitationId } = await household();
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    await bob.client.post(`/api/todos/${milk.id}/reminder`, { remindAt: '2099-05-01T08:00:00Z' });
    const tag = (await bob.client.post('/api/tags', { name: 'dairy' })).body;
    await bob.client.put(`/api/todos/${milk.id}/tags`, { tagIds: [tag.id] });
    const cursor = (await pullAll(bob.client)).cursor;
    const mine = (await ann.client.post('/api/lists', { name: 'Just mine' })).body;
    expect((await ann.client.patch(`/api/todos/${milk.id}`, { listId: mine.id })).status).toBe(200);
    const after = await pullAll(bob.client, cursor);
    expect(after.changes.find((c) => c.id === milk.id)).toMatchObject({ deleted: true, todo: null });
    expect((await bob.client.get(`/api/todos/${milk.id}`)).status).toBe(404);
    expect(await stack.database.knex('reminders').where({ todoId: milk.id })).toEqual([]);
    expect((await bob.client.delete(`/api/tags/${tag.id}`)).status).toBe(204);
  });
});

describe('two members writing to a shared list at once', () => {
  it('applies both people’s pushes, however their transactions overlap', async () => {
    const { ann, bob, list, milk, invitationId } = await household();
    await bob.client.post(`/api/invitations/${invitationId}/accept`);
    const bread = (await bob.client.post('/api/todos', { title: 'Bread', listId: list.id })).body;
    // Each edits a different todo of the list: each holds their own change log and wants the other's.
    const edits = (id: string, who: string, round: number) =>
      [1, 2, 3, 4].map((n) => m('todo.update', { id, fields: { description: `${who} ${round}.${n}` } }));
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([
        ann.client.post('/api/sync/push', { clientId: 'ann-phone', mutations: edits(milk.id, 'ann', round) }),
        bob.client.post('/api/sync/push', {
          clientId: 'bob-phone',
          mutations: edits(bread.id, 'bob', round),
        }),
      ]);
      expect(a.status, a.text).toBe(200);
      expect(b.status, b.text).toBe(200);
    }
    expect((await bob.client.get(`/api/todos/${milk.id}`)).body.description).toBe('ann 4.4');
    expect((await ann.client.get(`/api/todos/${bread.id}`)).body.description).toBe('bob 4.4');
  });
});
