// Every endpoint that names a resource answers another person with 404, never with their data, and
// changes nothing. The route table drives it, so a new endpoint cannot be forgotten here. The todo sits
// in a list its owner shares with a member: the stranger is a third person, outside the list.
import { resourceRoutes, routeList } from '@todo/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type ApiClient } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let owner: ApiClient;
let stranger: ApiClient;
let ids: Record<string, string>;
let before: unknown;

const BODIES: Record<string, unknown> = {
  updateTodo: { title: 'stolen' },
  setPriority: { priority: 'low' },
  addTodoTags: { tagIds: [] as string[] },
  addReminder: { offsetMinutes: 5 },
  snoozeReminder: { minutes: 5 },
  setRecurrence: { type: 'daily' },
  updateTag: { name: 'stolen' },
  addSubtask: { title: 'stolen' },
  updateSubtask: { done: true },
  updateList: { name: 'stolen' },
  inviteToList: { email: 'stranger@example.test' },
};

beforeAll(async () => {
  stack = await startStack();
  ({ client: owner } = await signUp(stack.url));
  ({ client: stranger } = await signUp(stack.url));
  const member = await signUp(stack.url);
  const list = (await owner.post('/api/lists', { name: 'private plans' })).body;
  const invitation = (await owner.post(`/api/lists/${list.id}/invitations`, { email: member.email })).body;
  await member.client.post(`/api/invitations/${invitation.id}/accept`);
  // One invitation left pending, addressed to someone else.
  const pending = (await owner.post(`/api/lists/${list.id}/invitations`, { email: 'someone@example.test' }))
    .body;
  const tag = (await owner.post('/api/tags', { name: 'private' })).body;
  const todo = (
    await owner.post('/api/todos', {
      title: 'Secret plan',
      // Far ahead: a reminder due already would fire during the test and change the todo itself.
      dueAt: '2099-12-01T10:00:00Z',
      tagIds: [tag.id],
      reminders: [{ offsetMinutes: 10 }],
      recurrence: { type: 'weekly' },
      listId: list.id,
      subtasks: [{ title: 'private step' }],
    })
  ).body;
  ids = {
    id: todo.id,
    tagId: tag.id,
    reminderId: todo.reminders[0].id,
    subtaskId: todo.subtasks[0].id,
    listId: list.id,
    userId: member.user.id,
    invitationId: pending.id,
  };
  before = [todo, (await owner.get('/api/tags')).body, (await owner.get('/api/lists')).body];
  // The stranger's own tag, so "add tags" is refused for the todo, not for the tag.
  (BODIES.addTodoTags as { tagIds: string[] }).tagIds = [
    (await stranger.post('/api/tags', { name: 'mine' })).body.id,
  ];
});
afterAll(() => stack.close());

describe('a second person', () => {
  const routes = routeList(resourceRoutes).filter((r) => r.path.includes(':'));
  it('covers every route that names a resource', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  for (const route of routes.filter((r) => r.id !== 'todosByPriority')) {
    it(`gets 404 from ${route.method.toUpperCase()} ${route.path}`, async () => {
      const idOf: Record<string, string> = {
        tags: ids.tagId!,
        lists: ids.listId!,
        invitations: ids.invitationId!,
      };
      const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
        name === 'id' ? (idOf[route.path.split('/')[1]!] ?? ids.id!) : ids[name]!,
      );
      const query = route.id === 'deleteList' ? '?todos=delete' : '';
      const res = await stranger.request(route.method.toUpperCase(), `/api${path}${query}`, {
        body: BODIES[route.id],
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.text).not.toContain('Secret plan');
      expect(res.text).not.toContain('private');
    });
  }

  it('sees none of the first person’s todos or tags in any list, search or filter', async () => {
    for (const path of [
      '/api/todos',
      '/api/todos/search?q=secret',
      '/api/todos/filter?priority=medium',
      '/api/todos/sort?by=title',
      '/api/todos/priority/medium',
      '/api/tags',
      '/api/lists',
      '/api/invitations',
      `/api/todos?list=${ids.listId}`,
      '/api/sync/pull',
    ]) {
      const res = await stranger.get(path);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('Secret plan');
      expect(res.text).not.toContain('private');
    }
  });

  it('changed nothing of the first person’s', async () => {
    const after = [
      (await owner.get(`/api/todos/${ids.id}`)).body,
      (await owner.get('/api/tags')).body,
      (await owner.get('/api/lists')).body,
    ];
    expect(after).toEqual(before);
  });

  it('cannot take over the first person’s todo id by creating with it', async () => {
    const res = await stranger.post('/api/todos', { id: ids.id, title: 'Mine now' });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain('Secret plan');
  });
});
