// Unit tests of the todos service's rules over the in-memory repositories: offline creates retried,
// ids never reused, reminders following the due date, recurring completion creating the next one
// once, tags, deletes, and what each write leaves in the change log and the outbox.
import type { TodoListQuery, TodoPage } from '@todo/contracts';
import { AppError } from '@todo/platform';
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryTodoDatabase, inMemoryUnitOfWork } from './todos.repository.in-memory.ts';
import { TodosService } from './todos.service.ts';
import { PageCache } from './page-cache.ts';

const ALICE = '0195f0a0-0000-7000-8000-00000000a11c';
const BOB = '0195f0a0-0000-7000-8000-000000000b0b';
const TODO = '0195f0a0-0000-7000-8000-000000000001';
const OTHER = '0195f0a0-0000-7000-8000-000000000002';
const TAG = '0195f0a0-0000-7000-8000-0000000000aa';
const NOW = new Date('2026-03-02T12:00:00Z');

let db: InMemoryTodoDatabase;
let todos: TodosService;

beforeEach(() => {
  db = new InMemoryTodoDatabase();
  db.addUser(ALICE, { timeZone: 'America/New_York', reminderTime: '08:30' });
  db.addUser(BOB);
  db.addTag(ALICE, { id: TAG, name: 'errands', color: '#2563eb' });
  todos = new TodosService(inMemoryUnitOfWork(db), () => NOW);
});

/** The AppError a call rejects with. */
async function refusal(work: Promise<unknown>): Promise<AppError> {
  const err: unknown = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const events = () => db.outbox.map((e) => `${e.type} ${'todoId' in e.data ? e.data.todoId : ''}`);

describe('TodosService.create', () => {
  it('creates with the client’s id and the person’s zone, and records one change and one event', async () => {
    const todo = await todos.create(ALICE, { id: TODO, title: 'Buy milk', tagIds: [TAG] });

    expect(todo).toMatchObject({
      id: TODO,
      title: 'Buy milk',
      priority: 'medium',
      timeZone: 'America/New_York',
      tags: [{ id: TAG, name: 'errands' }],
      version: 1,
    });
    expect(db.changeLog).toMatchObject([{ userId: ALICE, version: 1, entityId: TODO, op: 'upsert' }]);
    expect(events()).toEqual([`todo.created ${TODO}`]);
  });

  it('makes a todo sent without an id in one statement: one change, one event, the next version', async () => {
    const uow = inMemoryUnitOfWork(db);
    let statements = 0;
    const createInInbox = uow.current.todos.createInInbox.bind(uow.current.todos);
    uow.current.todos.createInInbox = (...args) => (statements++, createInInbox(...args));
    let committed = 0;
    uow.committed = () => void committed++;
    const first = await new TodosService(uow, () => NOW).create(ALICE, { title: 'Buy milk' });
    const second = await new TodosService(uow, () => NOW).create(ALICE, { title: 'Call mum', dueAt: null });

    expect([statements, committed]).toEqual([2, 2]);
    expect(first).toMatchObject({
      title: 'Buy milk',
      priority: 'medium',
      timeZone: 'America/New_York',
      tags: [],
      reminders: [],
      subtasks: [],
      version: 1,
    });
    expect(second.version).toBe(2);
    expect(second.position > first.position).toBe(true);
    expect(db.changeLog).toMatchObject([
      { userId: ALICE, version: 1, entityId: first.id, op: 'upsert' },
      { userId: ALICE, version: 2, entityId: second.id, op: 'upsert' },
    ]);
    expect(events()).toEqual([`todo.created ${first.id}`, `todo.created ${second.id}`]);
    expect(db.outbox[0]!.data).toEqual({ todoId: first.id, version: 1, title: 'Buy milk' });
  });

  it('reads again when the person’s version moved meanwhile, and takes their lock after three tries', async () => {
    const uow = inMemoryUnitOfWork(db);
    const createInInbox = uow.current.todos.createInInbox.bind(uow.current.todos);
    let tries = 0;
    let moveVersion = 1;
    uow.current.todos.createInInbox = async (...args) => {
      tries++;
      // Another write of the person's lands between the read and the insert.
      if (moveVersion-- > 0) db.users.get(ALICE)!.changeVersion++;
      return createInInbox(...args);
    };
    const service = new TodosService(uow, () => NOW);
    const once = await service.create(ALICE, { title: 'Buy milk' });
    expect([tries, once.version]).toEqual([2, 2]);

    tries = 0;
    moveVersion = 3;
    const locked = await service.create(ALICE, { title: 'Call mum' });
    expect([tries, locked.version]).toEqual([3, 6]);
    expect(db.changeLog.map((c) => c.entityId)).toEqual([once.id, locked.id]);
    expect(events()).toEqual([`todo.created ${once.id}`, `todo.created ${locked.id}`]);
  });

  it('makes one person’s creates sent at once one after another, none of them reading twice', async () => {
    const uow = inMemoryUnitOfWork(db);
    let statements = 0;
    const createInInbox = uow.current.todos.createInInbox.bind(uow.current.todos);
    uow.current.todos.createInInbox = (...args) => (statements++, createInInbox(...args));
    const service = new TodosService(uow, () => NOW);
    const made = await Promise.all(
      Array.from({ length: 5 }, (_, i) => service.create(ALICE, { title: `At once ${i}` })),
    );
    expect(statements).toBe(5);
    expect(made.map((t) => t.version)).toEqual([1, 2, 3, 4, 5]);
    expect(made.map((t) => t.position)).toEqual(made.map((t) => t.position).sort());
    expect(new Set(made.map((t) => t.position)).size).toBe(5);
  });

  it('changes a title or priority alone in one statement, with the event the transaction would give', async () => {
    const uow = inMemoryUnitOfWork(db);
    let statements = 0;
    const repo = uow.current.todos;
    const updateInInbox = repo.updateInInbox.bind(repo);
    repo.updateInInbox = (...args) => (statements++, updateInInbox(...args));
    const service = new TodosService(uow, () => NOW);
    const todo = await service.create(ALICE, { title: 'Draft' });
    const oneStatement = await service.update(ALICE, todo.id, { title: 'Final', priority: 'high' });
    const inTransaction = await service.update(ALICE, todo.id, { title: 'Last', dueAt: null });

    expect(statements).toBe(1);
    expect(oneStatement).toMatchObject({ title: 'Final', priority: 'high', version: 2 });
    expect(inTransaction).toMatchObject({ title: 'Last', priority: 'high', version: 3 });
    expect(db.outbox.map((e) => e.data)).toEqual([
      { todoId: todo.id, version: 1, title: 'Draft' },
      { todoId: todo.id, version: 2, title: 'Final', changes: ['title', 'priority'] },
      { todoId: todo.id, version: 3, title: 'Last', changes: ['title', 'dueAt'] },
    ]);
    // Within a transaction (a sync push's), never: it may hold the lock the statement would wait for.
    await uow.transaction(() => service.update(ALICE, todo.id, { title: 'Pushed' }));
    expect(statements).toBe(1);
    expect(db.changeLog.map((c) => c.version)).toEqual([1, 2, 3, 4]);
    // Not the person's: tried once, then the transaction answers, as for any other change.
    expect((await refusal(service.update(BOB, todo.id, { title: 'Mine' }))).status).toBe(404);
    expect(statements).toBe(2);
  });

  it('reads the person once for a run of writes, and again once a write by another way moved them', async () => {
    const uow = inMemoryUnitOfWork(db);
    const repo = uow.current.todos;
    let reads = 0;
    const context = repo.inboxContext.bind(repo);
    repo.inboxContext = (...args) => (reads++, context(...args));
    const service = new TodosService(uow, () => NOW);
    const first = await service.create(ALICE, { title: 'One' });
    await service.update(ALICE, first.id, { priority: 'high' });
    const second = await service.create(ALICE, { title: 'Two' });

    expect(reads).toBe(1);
    expect(second).toMatchObject({ version: 3 });
    expect(second.position > first.position).toBe(true);
    // The event of a change that did not name the title names the title the todo has.
    expect(db.outbox[1]!.data).toEqual({ todoId: first.id, version: 2, title: 'One', changes: ['priority'] });

    // Another replica's write, or a sync push's: what the last write left no longer holds.
    db.users.get(ALICE)!.changeVersion += 1;
    const third = await service.create(ALICE, { title: 'Three' });
    expect([reads, third.version]).toEqual([2, 5]);
    // A new zone moves no version, but a todo made after it takes it.
    db.users.get(ALICE)!.timeZone = 'Europe/Paris';
    const fourth = await service.create(ALICE, { title: 'Four' });
    expect([reads, fourth.version, fourth.timeZone]).toEqual([3, 6, 'Europe/Paris']);
    expect(db.changeLog.map((c) => c.version)).toEqual([1, 2, 3, 5, 6]);
  });

  it('makes a todo that needs more than a title and a due time in a transaction', async () => {
    const uow = inMemoryUnitOfWork(db);
    let [reads, statements] = [0, 0];
    const { todos: repo } = uow.current;
    const [context, createInInbox] = [repo.inboxContext.bind(repo), repo.createInInbox.bind(repo)];
    repo.inboxContext = (...args) => (reads++, context(...args));
    repo.createInInbox = (...args) => (statements++, createInInbox(...args));
    const service = new TodosService(uow, () => NOW);
    const due = '2026-03-05T05:00:00.000Z';
    await service.create(ALICE, { title: 'Tagged', tagIds: [TAG] });
    await service.create(ALICE, { title: 'Reminded', dueAt: due, reminders: [{ offsetMinutes: 10 }] });
    await service.create(ALICE, { title: 'Checklist', subtasks: [{ title: 'one' }] });
    // All day with no reminders asked for: the default one on the day.
    const allDay = await service.create(ALICE, { title: 'Rent', dueAt: due, allDay: true });
    // Only the all-day one was read for, then found to need its default reminder.
    expect([reads, statements]).toEqual([1, 0]);
    expect(allDay.reminders).toHaveLength(1);
  });

  it('answers a retried create with the same todo, creating nothing more', async () => {
    const first = await todos.create(ALICE, { id: TODO, title: 'Buy milk' });

    const again = await todos.create(ALICE, { id: TODO, title: 'Buy milk' });

    expect(again).toEqual(first);
    expect(db.todos.size).toBe(1);
    expect(db.outbox).toHaveLength(1);
  });

  it('refuses, with 409, an id someone else has or that was deleted', async () => {
    await todos.create(BOB, { id: TODO, title: 'Bob’s' });
    await todos.create(ALICE, { id: OTHER, title: 'Gone soon' });
    await todos.delete(ALICE, OTHER);

    expect((await refusal(todos.create(ALICE, { id: TODO, title: 'Mine?' }))).status).toBe(409);
    expect((await refusal(todos.create(ALICE, { id: OTHER, title: 'Back?' }))).status).toBe(409);
  });

  it('refuses a tag the person does not have with 400, and leaves nothing behind', async () => {
    const err = await refusal(todos.create(BOB, { id: TODO, title: 'Tagged', tagIds: [TAG] }));

    expect(err.status).toBe(400);
    expect(err.errors).toEqual([{ path: 'tagIds.0', message: `tag ${TAG} does not exist` }]);
    expect(db.todos.size).toBe(0);
    expect(db.users.get(BOB)!.changeVersion).toBe(0);
  });

  it('gives an all-day todo without reminders one on its date at the person’s default time', async () => {
    const todo = await todos.create(ALICE, {
      id: TODO,
      title: 'Rent',
      dueAt: '2026-03-05T12:00:00Z',
      allDay: true,
    });

    expect(todo.dueAt).toBe('2026-03-05T05:00:00.000Z');
    expect(todo.reminders).toMatchObject([{ remindAt: '2026-03-05T13:30:00.000Z', timeOfDay: '08:30' }]);
  });
});

describe('TodosService.update', () => {
  /** Due 10 March 15:00Z, reminding an hour before and at a fixed time the day before. */
  const dentistWithTwoReminders = () =>
    todos.create(ALICE, {
      id: TODO,
      title: 'Dentist',
      dueAt: '2026-03-10T15:00:00Z',
      reminders: [{ offsetMinutes: 60 }, { remindAt: '2026-03-09T12:00:00Z' }],
    });

  it('moves a reminder given relative to the due date with it, and leaves an absolute one', async () => {
    await dentistWithTwoReminders();

    const moved = await todos.update(ALICE, TODO, { dueAt: '2026-03-11T15:00:00Z' });

    expect(moved.reminders.map((r) => r.remindAt)).toEqual([
      '2026-03-09T12:00:00.000Z',
      '2026-03-11T14:00:00.000Z',
    ]);
    expect(moved.version).toBe(2);
    expect(db.outbox.at(-1)).toMatchObject({ type: 'todo.updated', data: { changes: ['dueAt'] } });
  });

  it('drops the reminders that followed the due date when it is cleared', async () => {
    await dentistWithTwoReminders();

    const cleared = await todos.update(ALICE, TODO, { dueAt: null });

    expect(cleared.reminders.map((r) => r.remindAt)).toEqual(['2026-03-09T12:00:00.000Z']);
  });

  it('answers 404 for another person’s todo, and changes nothing', async () => {
    await todos.create(BOB, { id: TODO, title: 'Bob’s' });

    expect((await refusal(todos.update(ALICE, TODO, { title: 'Mine' }))).status).toBe(404);
    expect(db.todos.get(TODO)!.title).toBe('Bob’s');
  });
});

describe('TodosService.complete', () => {
  it('creates the next occurrence of a recurring todo once, with its tags and reminders', async () => {
    await todos.create(ALICE, {
      id: TODO,
      title: 'Water plants',
      dueAt: '2026-03-02T14:00:00Z',
      tagIds: [TAG],
      recurrence: { type: 'daily' },
      reminders: [{ offsetMinutes: 30 }],
    });

    const { todo, next } = await todos.complete(ALICE, TODO);
    const again = await todos.complete(ALICE, TODO);

    expect(todo.status).toBe('done');
    expect(next).toMatchObject({
      status: 'open',
      dueAt: '2026-03-03T14:00:00.000Z',
      tags: [{ id: TAG }],
      reminders: [{ remindAt: '2026-03-03T13:30:00.000Z', offsetMinutes: 30 }],
    });
    expect(again.next?.id).toBe(next!.id);
    expect(db.todos.size).toBe(2);
    expect(events()).toEqual([`todo.created ${TODO}`, `todo.created ${next!.id}`, `todo.completed ${TODO}`]);
    expect(db.outbox.at(-1)!.data).toMatchObject({ nextTodoId: next!.id });
  });

  it('reopens a done todo, and a second reopen changes nothing', async () => {
    await todos.create(ALICE, { id: TODO, title: 'Call mum' });
    await todos.complete(ALICE, TODO);

    const reopened = await todos.reopen(ALICE, TODO);
    await todos.reopen(ALICE, TODO);

    expect(reopened).toMatchObject({ status: 'open', completedAt: null, version: 3 });
    expect(db.outbox.map((e) => e.type)).toEqual(['todo.created', 'todo.completed', 'todo.reopened']);
  });
});

describe('TodosService tags and deletes', () => {
  it('gives the todo a new version only when a tag is really added or removed', async () => {
    await todos.create(ALICE, { id: TODO, title: 'Buy milk', tagIds: [TAG] });

    expect((await todos.addTags(ALICE, TODO, [TAG])).version).toBe(1);
    expect((await todos.removeTag(ALICE, TODO, TAG)).version).toBe(2);
    expect((await todos.removeTag(ALICE, TODO, TAG)).version).toBe(2);
  });

  it('leaves a tombstone and a todo.deleted event, and then answers 404', async () => {
    await todos.create(ALICE, { id: TODO, title: 'Old' });

    await todos.delete(ALICE, TODO);

    expect(db.changeLog.at(-1)).toMatchObject({ entityId: TODO, op: 'delete', version: 2 });
    expect(events().at(-1)).toBe(`todo.deleted ${TODO}`);
    expect((await refusal(todos.get(ALICE, TODO))).status).toBe(404);
  });
});

describe('TodosService.list', () => {
  it('pages through one person’s todos in the order asked, with a cursor', async () => {
    await todos.create(ALICE, { id: TODO, title: 'Later', dueAt: '2026-03-09T12:00:00Z' });
    await todos.create(ALICE, { id: OTHER, title: 'Sooner', dueAt: '2026-03-04T12:00:00Z' });
    await todos.create(BOB, { title: 'Not Alice’s', dueAt: '2026-03-01T12:00:00Z' });

    const page = async (query: TodoListQuery) =>
      JSON.parse((await todos.list(ALICE, query)).text) as TodoPage;
    const first = await page({ sort: 'dueAt', limit: 1 });
    const second = await page({ sort: 'dueAt', limit: 1, cursor: first.nextCursor! });

    expect(first.items.map((t) => t.title)).toEqual(['Sooner']);
    expect(second.items.map((t) => t.title)).toEqual(['Later']);
    expect(second.nextCursor).toBeNull();
  });
  it('keeps a page until the person’s change version moves, and by the due window of their zone', async () => {
    const kept = new TodosService(inMemoryUnitOfWork(db), () => NOW, new PageCache(1));
    // 03:00 UTC on 3 March is still 2 March in New York (Alice's zone), and tomorrow in UTC.
    await kept.create(ALICE, { id: TODO, title: 'Call mum', dueAt: '2026-03-03T03:00:00Z' });
    const today = async () =>
      (JSON.parse((await kept.list(ALICE, { due: 'today' })).text) as TodoPage).items.map((t) => t.title);
    expect(await today()).toEqual(['Call mum']);

    // A change that takes no version (made behind the service's back) is not seen: the page was kept.
    db.todos.get(TODO)!.title = 'Unseen';
    expect(await today()).toEqual(['Call mum']);
    // A write through the service takes one, and the page is made again.
    await kept.update(ALICE, TODO, { title: 'Call dad' });
    expect(await today()).toEqual(['Call dad']);

    // Another zone is another day: no version moved, yet the kept page is not it.
    db.users.get(ALICE)!.timeZone = 'UTC';
    expect(await today()).toEqual([]);
  });
});
