// Lists, places in them and checklists on devices: what a person does offline shows at once, the pulled
// result replaces it without a change they could see, and two devices' edits merge as the server merges.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/ids.ts';
import { keyAfter, keysAfter } from '../lib/positions.ts';
import type { Pending } from './apply.ts';
import { pullAll } from './cycle.ts';
import { applyPullPage, resetLocal } from './local.ts';
import { Device, mutation, serverState, visible } from './testing/harness.ts';
import { MODEL_INBOX, ModelServer } from './testing/model-server.ts';

function twoDevices() {
  const server = new ModelServer();
  return { server, a: new Device('device-a-0001', server), b: new Device('device-b-0001', server) };
}

const newList = (name: string, position = 'a1') => {
  const id = uuidv7();
  return { id, m: mutation('list.create', { id, name, color: '#16A34A', position }) };
};

const newTodo = (title: string, listId: string, position: string) => {
  const id = uuidv7();
  return { id, m: mutation('todo.create', { id, title, priority: 'low', listId, position }) };
};

/** What the person sees on a device: todos, lists. */
const seen = (d: Device) => ({ todos: d.todos().map(visible), lists: d.lists() });

/** Syncs and checks that the pulled state shows exactly what the device showed before. */
async function syncUnchanged(d: Device) {
  const before = seen(d);
  await d.sync();
  expect(d.rejected).toBe(0);
  expect(d.store.outbox).toEqual([]);
  expect(seen(d)).toEqual(before);
}

describe('lists made offline', () => {
  it('a new list and a todo in it show at once, and the server’s copy changes nothing on screen', async () => {
    const { server, a } = twoDevices();
    const list = newList(' Shopping ');
    const todo = newTodo('Oat milk', list.id, 'a0');
    await a.write(list.m, todo.m);
    expect(a.lists().find((l) => l.id === list.id)).toMatchObject({
      name: 'Shopping',
      color: '#16a34a',
      position: 'a1',
      archived: false,
      inbox: false,
      role: 'owner',
    });
    expect(a.todos()[0]).toMatchObject({ listId: list.id, position: 'a0', assigneeId: null, subtasks: [] });
    await syncUnchanged(a);
    expect(serverState(server).todos[0]).toMatchObject({ listId: list.id, position: 'a0' });
  });

  it('renaming, recolouring and archiving show at once; renaming the Inbox is left to the server to refuse', async () => {
    const { a } = twoDevices();
    const list = newList('Chores');
    await a.write(list.m);
    await a.sync();
    await a.write(
      mutation('list.update', { id: list.id, fields: { name: 'Flat', color: '#DC2626', archived: true } }),
      mutation('list.update', { id: MODEL_INBOX, fields: { name: 'Elsewhere' } }),
    );
    expect(a.lists().find((l) => l.id === list.id)).toMatchObject({
      name: 'Flat',
      color: '#dc2626',
      archived: true,
    });
    expect(a.lists().find((l) => l.id === MODEL_INBOX)?.name).toBe('Inbox');
    await a.sync();
    expect(a.rejected).toBe(1);
    expect(a.lists().find((l) => l.id === MODEL_INBOX)?.name).toBe('Inbox');
  });
});

describe('deleting a list', () => {
  async function listWithTwoTodos() {
    const { server, a, b } = twoDevices();
    const inboxTodo = newTodo('Already in the Inbox', MODEL_INBOX, 'a0');
    const list = newList('Launch');
    const first = newTodo('Write notes', list.id, 'a0');
    const second = newTodo('Send invites', list.id, 'a1');
    await a.write(inboxTodo.m, list.m, second.m, first.m);
    await a.sync();
    await b.sync();
    return { server, a, b, list, ids: [first.id, second.id] };
  }

  it('moving its todos puts them at the end of the Inbox in their order, here at once and on the server', async () => {
    const { server, a, b, list, ids } = await listWithTwoTodos();
    const keys = keysAfter('a0', 2);
    const m: Pending = {
      ...mutation('list.delete', { id: list.id, todos: 'move' }),
      movedTo: { listId: MODEL_INBOX, positions: { [ids[0]!]: keys[0]!, [ids[1]!]: keys[1]! } },
    };
    await a.write(m);
    expect(a.lists().map((l) => l.id)).toEqual([MODEL_INBOX]);
    const moved = a.todos().filter((t) => ids.includes(t.id));
    expect(moved.map((t) => [t.id, t.listId, t.position])).toEqual(
      ids.map((id, i) => [id, MODEL_INBOX, keys[i]]).sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    await syncUnchanged(a);
    await b.sync();
    expect(seen(b)).toEqual(seen(a));
    expect(serverState(server).todos.filter((t) => t.listId === list.id)).toEqual([]);
  });

  it('deleting its todos takes them off this device at once and off the other at its next pull', async () => {
    const { a, b, list, ids } = await listWithTwoTodos();
    await a.write(mutation('list.delete', { id: list.id, todos: 'delete' }));
    expect(a.todos().map((t) => t.title)).toEqual(['Already in the Inbox']);
    await syncUnchanged(a);
    await b.sync();
    expect(b.todos().map((t) => t.id)).not.toContain(ids[0]);
    expect(seen(b)).toEqual(seen(a));
  });

  it('an edit made offline on the other device to a todo of the deleted list is dropped there', async () => {
    const { a, b, list, ids } = await listWithTwoTodos();
    await a.write(mutation('list.delete', { id: list.id, todos: 'delete' }));
    await b.write(mutation('todo.update', { id: ids[0]!, fields: { title: 'Write the notes' } }));
    await a.sync();
    await b.sync();
    expect(b.rejected).toBe(1);
    expect(seen(b)).toEqual(seen(a));
  });
});

describe('a list that leaves this device', () => {
  it('a list’s tombstone takes its todos with it, even those the server sent no tombstone for', async () => {
    const { a } = twoDevices();
    const list = newList('Shared with me');
    const todo = newTodo('Their todo', list.id, 'a0');
    const mine = newTodo('Mine', MODEL_INBOX, 'a0');
    await a.write(list.m, todo.m, mine.m);
    await a.sync();
    // Left or removed: the list's tombstone (its todos' may be in another page, or never come).
    await a.run((tx) =>
      applyPullPage(
        tx,
        [{ entity: 'list', id: list.id, version: 99, deleted: true, list: null }],
        99,
        new Set(),
      ),
    );
    expect(a.lists().map((l) => l.id)).toEqual([MODEL_INBOX]);
    expect(a.todos().map((t) => t.title)).toEqual(['Mine']);
  });

  it('a reset keeps the Inbox, which the server’s log may never send', async () => {
    const { a } = twoDevices();
    await a.run((tx) => resetLocal(tx, new Set()));
    expect(a.lists().map((l) => [l.id, l.name, l.inbox])).toEqual([[MODEL_INBOX, 'Inbox', true]]);
  });
});

describe('moving and ordering todos', () => {
  it('a move to another list on one device and a new title on the other both stay', async () => {
    const { a, b } = twoDevices();
    const list = newList('Errands');
    const todo = newTodo('Post office', MODEL_INBOX, 'a0');
    await a.write(list.m, todo.m);
    await a.sync();
    await b.sync();
    await a.write(mutation('todo.update', { id: todo.id, fields: { listId: list.id, position: 'a0' } }));
    await b.write(mutation('todo.update', { id: todo.id, fields: { title: 'Post office: parcel' } }));
    expect(a.todos()[0]).toMatchObject({ listId: list.id, title: 'Post office' });
    await a.sync();
    await b.sync();
    await a.sync();
    const expected = { listId: list.id, position: 'a0', title: 'Post office: parcel' };
    expect(a.todos()[0]).toMatchObject(expected);
    expect(b.todos()[0]).toMatchObject(expected);
  });

  it('a reorder and an assignee show at once and survive the pull', async () => {
    const { a } = twoDevices();
    const first = newTodo('First', MODEL_INBOX, 'a0');
    const second = newTodo('Second', MODEL_INBOX, 'a1');
    await a.write(first.m, second.m);
    await a.sync();
    const before = 'Zz';
    const assignee = uuidv7();
    await a.write(
      mutation('todo.update', { id: second.id, fields: { position: before, assigneeId: assignee } }),
    );
    expect(a.todos().find((t) => t.id === second.id)).toMatchObject({
      position: before,
      assigneeId: assignee,
    });
    await syncUnchanged(a);
  });
});

describe('checklists', () => {
  async function todoWithChecklist() {
    const { server, a, b } = twoDevices();
    const id = uuidv7();
    const subtasks = [
      { id: uuidv7(), title: 'Flour' },
      { id: uuidv7(), title: 'Eggs' },
    ];
    await a.write(
      mutation('todo.create', {
        id,
        title: 'Bake',
        priority: 'low',
        listId: MODEL_INBOX,
        position: 'a0',
        subtasks,
      }),
    );
    await a.sync();
    await b.sync();
    return { server, a, b, id, subtasks };
  }

  it('a subtask added on one device and another ticked on the second both survive', async () => {
    const { a, b, id, subtasks } = await todoWithChecklist();
    const added = uuidv7();
    await a.write(mutation('subtask.add', { todoId: id, subtask: { id: added, title: ' Sugar ' } }));
    await b.write(mutation('subtask.update', { todoId: id, id: subtasks[1]!.id, fields: { done: true } }));
    // Shown at once on each: the new one at the end, the tick.
    expect(a.todos()[0]!.subtasks.map((s) => s.title)).toEqual(['Flour', 'Eggs', 'Sugar']);
    expect(b.todos()[0]!.subtasks.map((s) => s.done)).toEqual([false, true]);
    await a.sync();
    await b.sync();
    await a.sync();
    const expected = [
      { title: 'Flour', done: false },
      { title: 'Eggs', done: true },
      { title: 'Sugar', done: false },
    ];
    expect(a.todos()[0]!.subtasks).toMatchObject(expected);
    expect(b.todos()[0]!.subtasks).toMatchObject(expected);
  });

  it('a subtask moved, renamed and deleted offline shows at once and the pull changes nothing', async () => {
    const { a, id, subtasks } = await todoWithChecklist();
    await a.write(
      mutation('subtask.update', {
        todoId: id,
        id: subtasks[1]!.id,
        fields: { position: 'Zz', title: 'Two eggs' },
      }),
      mutation('subtask.delete', { todoId: id, id: subtasks[0]!.id }),
      mutation('subtask.add', { todoId: id, subtask: { id: uuidv7(), title: 'Butter' } }),
    );
    const shown = a.todos()[0]!.subtasks;
    expect(shown.map((s) => s.title)).toEqual(['Two eggs', 'Butter']);
    // After the last one left (Eggs, moved to the front): the server's key too.
    expect(shown[1]!.position).toBe(keyAfter('Zz'));
    await syncUnchanged(a);
  });

  it('ticking a subtask another device deleted is dropped, and the checklist is the server’s', async () => {
    const { a, b, id, subtasks } = await todoWithChecklist();
    await a.write(mutation('subtask.delete', { todoId: id, id: subtasks[0]!.id }));
    await b.write(mutation('subtask.update', { todoId: id, id: subtasks[0]!.id, fields: { done: true } }));
    await a.sync();
    await b.sync();
    expect(b.rejected).toBe(1);
    expect(b.todos()[0]!.subtasks.map((s) => s.title)).toEqual(['Eggs']);
  });
});

describe('pull pages', () => {
  it('a pulled list replaces a pending rename’s base and the rename stays shown', async () => {
    const { a, b } = twoDevices();
    const list = newList('Books');
    await a.write(list.m);
    await a.sync();
    await b.sync();
    await b.write(mutation('list.update', { id: list.id, fields: { name: 'Reading' } }));
    await a.write(mutation('list.update', { id: list.id, fields: { color: '#7c3aed' } }));
    await a.sync();
    await pullAll(b.run, b.server.api());
    expect(b.lists().find((l) => l.id === list.id)).toMatchObject({ name: 'Reading', color: '#7c3aed' });
    await b.sync();
    await a.sync();
    expect(a.lists()).toEqual(b.lists());
  });
});
