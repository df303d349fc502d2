// Property tests of the sync rules: random interleavings of writes, pushes (some answers lost) and pulls
// (in pages of any size) from two devices, through a model of the server, always end in one state.
import fc from 'fast-check';
import type { Priority } from '@todo/contracts';
import { describe, expect, it } from 'vitest';
import { defaultReminderId, uuidv7 } from '../lib/ids.ts';
import { Device, mutation, PRIORITY_LIST, serverState, tick, visible } from './testing/harness.ts';
import { MODEL_INBOX, ModelServer, REMINDER_TIME } from './testing/model-server.ts';
import type { Pending } from './apply.ts';
import { byPosition, keyAfter, keyBetween, keysAfter, lastKey } from '../lib/positions.ts';

type Op =
  | {
      t: 'create';
      shared: number | null;
      list: number;
      title: string;
      priority: Priority;
      tags: number[];
      due: number | null;
      allDay: boolean;
    }
  | {
      t: 'update';
      pick: number;
      title?: string;
      priority?: Priority;
      description?: string;
      due?: number | null;
      allDay?: boolean;
      zone?: string;
      tags?: number[];
    }
  | { t: 'complete' | 'reopen' | 'delete'; pick: number }
  | { t: 'remind'; pick: number; how: 'before' | 'onTheDay' | 'at'; n: number }
  | { t: 'unremind'; pick: number; which: number }
  | { t: 'addTag' | 'removeTag'; pick: number; tag: number }
  | { t: 'createTag'; shared: number | null; name: string }
  | { t: 'renameTag'; tag: number; name: string }
  | { t: 'deleteTag'; tag: number }
  | { t: 'createList'; shared: number | null; name: string }
  | { t: 'updateList'; list: number; name?: string; color?: string; archived?: boolean }
  | { t: 'deleteList'; list: number; todos: 'move' | 'delete' }
  | { t: 'move'; pick: number; list: number }
  | { t: 'reorder'; pick: number; to: number }
  | { t: 'addSubtask'; pick: number; title: string }
  | { t: 'editSubtask'; pick: number; which: number; done?: boolean; title?: string; to?: number }
  | { t: 'deleteSubtask'; pick: number; which: number };

type Cmd = { device: 0 | 1 } & ({ op: Op } | { push: boolean } | { pull: number });

const NAMES = ['home', 'work', 'Home', 'errands'];
const pick = fc.integer({ min: -1, max: 6 }); // -1: an id from the shared pool that may not exist
const title = fc.constantFrom('Buy milk', 'Call Ana', 'Pay rent', 'Fix bike');
const priority = fc.constantFrom(...PRIORITY_LIST);
const tagPicks = fc.array(fc.nat(3), { maxLength: 2 });
const listPick = fc.integer({ min: -1, max: 3 }); // 0: the Inbox; -1: a shared id that may not exist
// Zones whose days start at different UTC times, one with a DST change inside the due dates used.
const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Pacific/Auckland'];

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant('create' as const),
    shared: fc.option(fc.nat(2)),
    list: listPick,
    title,
    priority,
    tags: tagPicks,
    due: fc.option(fc.nat(5)),
    allDay: fc.boolean(),
  }),
  fc.record(
    {
      t: fc.constant('update' as const),
      pick,
      title,
      priority,
      description: fc.constantFrom('', 'note', 'details'),
      due: fc.option(fc.nat(5)),
      allDay: fc.boolean(),
      zone: fc.constantFrom(...ZONES),
      tags: tagPicks,
    },
    { requiredKeys: ['t', 'pick'] },
  ),
  fc.record({ t: fc.constantFrom('complete' as const, 'reopen' as const, 'delete' as const), pick }),
  fc.record({
    t: fc.constant('remind' as const),
    pick,
    how: fc.constantFrom('before' as const, 'onTheDay' as const, 'at' as const),
    n: fc.nat(3),
  }),
  fc.record({ t: fc.constant('unremind' as const), pick, which: fc.nat(3) }),
  fc.record({
    t: fc.constantFrom('addTag' as const, 'removeTag' as const),
    pick,
    tag: fc.integer({ min: -1, max: 3 }),
  }),
  fc.record({
    t: fc.constant('createTag' as const),
    shared: fc.option(fc.nat(1)),
    name: fc.constantFrom(...NAMES),
  }),
  fc.record({ t: fc.constant('renameTag' as const), tag: fc.nat(3), name: fc.constantFrom(...NAMES) }),
  fc.record({ t: fc.constant('deleteTag' as const), tag: fc.nat(3) }),
  fc.record({
    t: fc.constant('createList' as const),
    shared: fc.option(fc.nat(1)),
    name: fc.constantFrom('Shopping', 'Chores', 'Launch'),
  }),
  fc.record(
    {
      t: fc.constant('updateList' as const),
      list: listPick,
      name: fc.constantFrom('Groceries', 'Flat'),
      color: fc.constantFrom('#DC2626', '#16a34a'),
      archived: fc.boolean(),
    },
    { requiredKeys: ['t', 'list'] },
  ),
  fc.record({
    t: fc.constant('deleteList' as const),
    list: listPick,
    todos: fc.constantFrom('move' as const, 'delete' as const),
  }),
  fc.record({ t: fc.constant('move' as const), pick, list: listPick }),
  fc.record({ t: fc.constant('reorder' as const), pick, to: fc.nat(6) }),
  fc.record({ t: fc.constant('addSubtask' as const), pick, title: fc.constantFrom(' Eggs', 'Milk') }),
  fc.record(
    {
      t: fc.constant('editSubtask' as const),
      pick,
      which: fc.nat(3),
      done: fc.boolean(),
      title: fc.constantFrom('Oat milk', 'Bread '),
      to: fc.nat(3),
    },
    { requiredKeys: ['t', 'pick', 'which'] },
  ),
  fc.record({ t: fc.constant('deleteSubtask' as const), pick, which: fc.nat(3) }),
);

const device = fc.constantFrom(0 as const, 1 as const);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ device, op }) },
  { weight: 2, arbitrary: fc.record({ device, push: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ device, pull: fc.integer({ min: 1, max: 4 }) }) },
);

/** Ids several devices may use: the same recurring occurrence, or an id someone deleted. */
const SHARED_TODOS = [uuidv7(), uuidv7(), uuidv7()];
const SHARED_TAGS = [uuidv7(), uuidv7()];
const SHARED_LISTS = [uuidv7(), uuidv7()];
// 2030-03-08 to 03-13: New York's clocks change on the 10th. Any hour: an all-day todo starts its day.
const DUE = (n: number) => new Date(Date.parse('2030-03-08T03:30:00Z') + n * 22 * 3_600_000).toISOString();

/** Turns an op into a mutation against what the device sees, the way the UI would (or null: nothing to do). */
function toMutation(d: Device, o: Op, strict: boolean): Pending | null {
  const todos = d.todos();
  const tags = d.tags();
  const todoId = (n: number) =>
    n < 0 ? (strict ? null : SHARED_TODOS[0]!) : todos.length ? todos[n % todos.length]!.id : null;
  const tagId = (n: number) =>
    n < 0 ? (strict ? null : SHARED_TAGS[0]!) : tags.length ? tags[n % tags.length]!.id : null;
  const tagIds = (ns: number[]) => [...new Set(ns.map(tagId).filter((t): t is string => t !== null))];
  const nameFree = (name: string) =>
    !strict || !tags.some((t) => t.name.toLowerCase() === name.toLowerCase());
  // The Inbox first (stored here only once it changed), then the person's other lists.
  const lists = [MODEL_INBOX, ...d.lists().flatMap((l) => (l.inbox ? [] : [l.id]))];
  const listId = (n: number) => (n < 0 ? (strict ? null : SHARED_LISTS[0]!) : lists[n % lists.length]!);
  const endOf = (list: string) => keyAfter(lastKey(todos.filter((t) => t.listId === list)));
  const subtaskOf = (id: string | null, which: number) => {
    const subtasks = todos.find((t) => t.id === id)?.subtasks ?? [];
    return subtasks.length ? subtasks[which % subtasks.length]! : null;
  };
  switch (o.t) {
    case 'create': {
      const id = o.shared !== null && !strict ? SHARED_TODOS[o.shared]! : uuidv7();
      const list = listId(o.list) ?? MODEL_INBOX;
      return mutation('todo.create', {
        id,
        // As the app: the list and the end of it are named.
        listId: list,
        position: endOf(list),
        title: o.title,
        priority: o.priority,
        tagIds: tagIds(o.tags),
        timeZone: 'America/New_York',
        ...(o.due !== null ? { dueAt: DUE(o.due), allDay: o.allDay } : {}),
        // As the app's quick add: an all-day todo comes with the default reminder.
        ...(o.due !== null && o.allDay
          ? { reminders: [{ id: defaultReminderId(id), timeOfDay: REMINDER_TIME }] }
          : {}),
      });
    }
    case 'update': {
      const id = todoId(o.pick);
      if (!id) return null;
      const fields = {
        ...(o.title !== undefined ? { title: o.title } : {}),
        ...(o.priority !== undefined ? { priority: o.priority } : {}),
        ...(o.description !== undefined ? { description: o.description } : {}),
        ...(o.due !== undefined ? { dueAt: o.due === null ? null : DUE(o.due) } : {}),
        ...(o.allDay !== undefined ? { allDay: o.allDay } : {}),
        ...(o.zone !== undefined ? { timeZone: o.zone } : {}),
        ...(o.tags !== undefined ? { tagIds: tagIds(o.tags) } : {}),
      };
      if (!Object.keys(fields).length) return null;
      // As the editor: the default time goes along, for a todo that becomes all-day.
      return { ...mutation('todo.update', { id, fields }), defaultReminderTime: REMINDER_TIME };
    }
    case 'remind': {
      const id = todoId(o.pick);
      const todo = todos.find((t) => t.id === id);
      // Strict: the UI offers "before" and "on the day" only with a due date.
      if (!id || (strict && o.how !== 'at' && !todo?.dueAt)) return null;
      const timing =
        o.how === 'before'
          ? { offsetMinutes: [0, 15, 60, 1440][o.n]! }
          : o.how === 'onTheDay'
            ? { timeOfDay: ['08:00', '09:00', '02:30', '23:45'][o.n]! } // 02:30: skipped on 2030-03-10 in New York
            : { remindAt: DUE(o.n) };
      return mutation('reminder.add', { todoId: id, reminder: { id: uuidv7(), ...timing } });
    }
    case 'unremind': {
      const id = todoId(o.pick);
      const reminders = todos.find((t) => t.id === id)?.reminders ?? [];
      const reminderId = reminders.length
        ? reminders[o.which % reminders.length]!.id
        : strict
          ? null
          : uuidv7();
      return id && reminderId ? mutation('reminder.delete', { todoId: id, reminderId }) : null;
    }
    case 'complete':
    case 'reopen':
    case 'delete': {
      const id = todoId(o.pick);
      return id ? mutation(`todo.${o.t}`, { id }) : null;
    }
    case 'addTag':
    case 'removeTag': {
      const id = todoId(o.pick);
      const tag = tagId(o.tag);
      if (!id || !tag) return null;
      return o.t === 'addTag'
        ? mutation('todo.addTags', { id, tagIds: [tag] })
        : mutation('todo.removeTag', { id, tagId: tag });
    }
    case 'createTag': {
      if (!nameFree(o.name)) return null;
      const id = o.shared !== null && !strict ? SHARED_TAGS[o.shared]! : uuidv7();
      return mutation('tag.create', { id, name: o.name, color: '#2563eb' });
    }
    case 'renameTag': {
      const id = tagId(o.tag);
      return id && nameFree(o.name) ? mutation('tag.update', { id, fields: { name: o.name } }) : null;
    }
    case 'deleteTag': {
      const id = tagId(o.tag);
      return id ? mutation('tag.delete', { id }) : null;
    }
    default:
      return listMutation(d, o, strict, { todoId, listId, endOf, subtaskOf });
  }
}

interface Picks {
  todoId: (n: number) => string | null;
  listId: (n: number) => string | null;
  endOf: (listId: string) => string;
  subtaskOf: (todoId: string | null, which: number) => { id: string } | null;
}

/** Lists, places in them and checklists, as the sidebar, the editor and drag and drop make them. */
function listMutation(d: Device, o: Op, strict: boolean, p: Picks): Pending | null {
  const todos = d.todos();
  switch (o.t) {
    case 'createList': {
      const id = o.shared !== null && !strict ? SHARED_LISTS[o.shared]! : uuidv7();
      const position = keyAfter(lastKey([{ position: 'a0' }, ...d.lists()]));
      return mutation('list.create', { id, name: o.name, color: '#2563eb', position });
    }
    case 'updateList': {
      const id = p.listId(o.list);
      // The app offers no renaming or archiving of the Inbox.
      if (!id || (id === MODEL_INBOX && (o.name !== undefined || o.archived !== undefined))) return null;
      const fields = {
        ...(o.name !== undefined ? { name: o.name } : {}),
        ...(o.color !== undefined ? { color: o.color } : {}),
        ...(o.archived !== undefined ? { archived: o.archived } : {}),
      };
      return Object.keys(fields).length ? mutation('list.update', { id, fields }) : null;
    }
    case 'deleteList': {
      const id = p.listId(o.list);
      if (!id || id === MODEL_INBOX) return null;
      const moving = todos.filter((t) => t.listId === id).sort(byPosition);
      const keys = keysAfter(lastKey(todos.filter((t) => t.listId === MODEL_INBOX)), moving.length);
      const positions = Object.fromEntries(moving.map((t, i) => [t.id, keys[i]!]));
      const m = mutation('list.delete', { id, todos: o.todos });
      return o.todos === 'move' ? { ...m, movedTo: { listId: MODEL_INBOX, positions } } : m;
    }
    case 'move': {
      const id = p.todoId(o.pick);
      const list = p.listId(o.list);
      const todo = todos.find((t) => t.id === id);
      if (!id || !list || (strict && todo?.listId === list)) return null;
      return mutation('todo.update', { id, fields: { listId: list, position: p.endOf(list) } });
    }
    case 'reorder': {
      const id = p.todoId(o.pick);
      const todo = todos.find((t) => t.id === id);
      if (!id || !todo) return null;
      const others = todos.filter((t) => t.listId === todo.listId && t.id !== id).sort(byPosition);
      const at = o.to % (others.length + 1);
      const position = keyBetween(others[at - 1]?.position ?? null, others[at]?.position ?? null);
      return mutation('todo.update', { id, fields: { position } });
    }
    case 'addSubtask': {
      const id = p.todoId(o.pick);
      return id ? mutation('subtask.add', { todoId: id, subtask: { id: uuidv7(), title: o.title } }) : null;
    }
    case 'editSubtask': {
      const id = p.todoId(o.pick);
      const subtask = p.subtaskOf(id, o.which);
      if (!id || (!subtask && strict)) return null;
      const subtasks = todos.find((t) => t.id === id)?.subtasks ?? [];
      const fields = {
        ...(o.done !== undefined ? { done: o.done } : {}),
        ...(o.title !== undefined ? { title: o.title } : {}),
        ...(o.to !== undefined && subtasks.length
          ? { position: keyBetween(null, subtasks[o.to % subtasks.length]!.position) }
          : {}),
      };
      if (!Object.keys(fields).length) return null;
      return mutation('subtask.update', { todoId: id, id: subtask?.id ?? uuidv7(), fields });
    }
    case 'deleteSubtask': {
      const id = p.todoId(o.pick);
      const subtask = p.subtaskOf(id, o.which);
      if (!id || (!subtask && strict)) return null;
      return mutation('subtask.delete', { todoId: id, id: subtask?.id ?? uuidv7() });
    }
    default:
      return null;
  }
}

async function settle(devices: Device[]) {
  for (let round = 0; round < 3; round++) for (const d of devices) await d.sync();
}

const withoutSeries = <T extends { series?: unknown }>({ series: _s, ...rest }: T) => ({
  ...rest,
  tagIds: [...(rest as unknown as { tagIds: string[] }).tagIds].sort(),
});

describe('sync convergence (fast-check)', () => {
  it('two devices with random interleavings end with the server state, nothing left queued', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 40 }), async (cmds) => {
        const server = new ModelServer();
        const devices = [new Device('device-a-0001', server), new Device('device-b-0001', server)];
        for (const c of cmds) {
          const d = devices[c.device]!;
          if ('op' in c) {
            const m = toMutation(d, c.op, false);
            if (m) await d.write(m);
          } else if ('push' in c) await d.push(c.push);
          else await d.pull(c.pull);
        }
        await settle(devices);
        const truth = serverState(server);
        for (const d of devices) {
          expect(d.store.outbox).toEqual([]);
          expect(d.todos().map(withoutSeries)).toEqual(truth.todos);
          expect(d.tags()).toEqual(truth.tags);
          expect(d.lists()).toEqual(truth.lists);
          // In sync: nothing carries a server copy or a pending delete any more.
          for (const r of d.store.todos.values()) expect(r.base === undefined && !r.deleted).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on one device, a pull never changes what the person sees, whatever was pushed or lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 40 }), async (cmds) => {
        const server = new ModelServer();
        const d = new Device('device-solo-01', server);
        for (const c of cmds) {
          if ('op' in c) {
            const m = toMutation(d, c.op, true);
            if (m) await d.write(m);
          } else if ('push' in c) await d.push(c.push);
          else {
            const before = { todos: d.todos().map(visible), tags: d.tags(), lists: d.lists() };
            await d.pull(c.pull);
            expect({ todos: d.todos().map(visible), tags: d.tags(), lists: d.lists() }).toEqual(before);
          }
        }
        const before = d.todos().map(visible);
        await settle([d]);
        expect(d.rejected).toBe(0);
        expect(d.todos().map(visible)).toEqual(before);
        expect(d.todos().map(withoutSeries)).toEqual(serverState(server).todos);
      }),
      { numRuns: 300 },
    );
  });

  it('a mutation retried after a lost answer is applied once', async () => {
    const server = new ModelServer();
    const d = new Device('device-retry-1', server);
    const id = uuidv7();
    await d.write(mutation('todo.create', { id, title: 'Once', priority: 'high' }));
    await d.push(true); // applied, answer lost
    expect(d.store.states()).toEqual(['queued']);
    await d.sync();
    expect(server.version).toBe(1);
    expect(d.store.outbox).toEqual([]);
    expect(d.todos().map((t) => t.title)).toEqual(['Once']);
    void tick;
  });
});
