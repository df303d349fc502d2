// The rules of todos: create (with the client's id), read, list/search, change any field, complete
// and reopen (recurring ones roll on), delete, tags on a todo. Every write is one transaction.
import type { CompleteResult, SearchHit, Todo, TodoCreate, TodoListQuery, TodoPatch } from '@todo/contracts';
import { JsonText, notFound, pageCacheLookups } from '@todo/platform';
import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../db/store.ts';
import { dueAfter as dueAfterRule, getsDefaultReminder } from '@todo/todo-rules';
import {
  defaultReminderAt,
  type DueTime,
  followDueTime,
  followsDue,
  reminderSetAt,
} from '../reminders/reminder.domain.ts';
import { buildTodoFilter, encodeCursor, type TodoFilter } from './todo-filter.ts';
import { PageCache, pageKey, writePage, type KeptPage } from './page-cache.ts';
import { assertIdsFree, createInInbox, fitsInbox, insertTodos, type NewTodo } from './todo-create.ts';
import { InboxWrites, type InboxWritten } from './inbox-writes.ts';
import { createNextOccurrence, nextOccurrenceOf, recurrenceColumns } from './todo-recurrence.ts';
import {
  assertTagsOwned,
  commitTodo,
  lockTodo,
  recordTodoChange,
  revokeTodos,
  touchTodo,
} from '../changes/todo-writes.ts';
import { assertAssignable, assertMember } from '../lists/placement.ts';
import { checkedPosition, positionAfter } from '../lists/positions.ts';
import type {
  InboxContext,
  InboxFields,
  PageReuse,
  TodoPage,
  TodoRepositories,
  TodoRow,
} from './todo-store.ts';

/** The fields of a todo that nothing else follows: a patch of these alone can be one statement. */
const OWN_FIELDS = new Set(['title', 'description', 'priority']);

/** The patch's fields when it sets some and only those (updateInInbox), else undefined. */
function ownFields(patch: TodoPatch): InboxFields | undefined {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!OWN_FIELDS.has(key)) return undefined;
    if (value !== undefined) fields[key] = value;
  }
  return Object.keys(fields).length > 0 ? (fields as InboxFields) : undefined;
}

export class TodosService {
  constructor(
    private readonly uow: UnitOfWork<TodoRepositories>,
    private readonly now: () => Date = () => new Date(),
    /** Pages kept for their next read; none by default (unit tests). */
    private readonly pages: PageCache = new PageCache(0),
  ) {}

  /** Creates and changes in a person's Inbox as one statement each (InboxWrites). */
  private readonly inbox = new InboxWrites();

  /** A TodoPage, written: its todos are the database's JSON as it is (TodoStore.page). */
  async list(userId: string, query: TodoListQuery): Promise<JsonText> {
    return this.page(userId, query, 'list', (filter, reuse) =>
      this.uow.current.todos.page(userId, filter, reuse),
    );
  }

  /** A SearchPage, written as list's is, each todo with its highlight added to its JSON. */
  async search(userId: string, query: TodoListQuery & { q: string }): Promise<JsonText> {
    return this.page(userId, query, 'search', async (filter, reuse) => {
      const { todos } = this.uow.current;
      const { items, ...rest } = await todos.page(userId, filter, reuse);
      const made = items.flatMap((t) => (t.json === null ? [] : [{ id: t.id, json: t.json }]));
      const marks = await todos.highlights(
        made.map((t) => t.id),
        filter.text ?? '',
      );
      const hits = new Map(
        made.map((t) => {
          const highlight: SearchHit['highlight'] = marks.get(t.id) ?? {
            title: (JSON.parse(t.json) as Todo).title,
            description: '',
          };
          return [t.id, `${t.json.slice(0, -1)},"highlight":${JSON.stringify(highlight)}}`];
        }),
      );
      return { ...rest, items: items.map((t) => ({ ...t, json: hits.get(t.id) ?? null })) };
    });
  }

  /**
   * The page `make` writes for the person's filter, or the same page kept from an earlier request
   * (PageCache): their change version is read first, with their zone for the due windows. A page kept at
   * that version is the answer; one kept at an earlier version lends the new page the JSON of its todos
   * that have not changed since (PageReuse).
   */
  private async page(
    userId: string,
    query: TodoListQuery,
    kind: 'list' | 'search',
    make: (filter: TodoFilter, reuse?: PageReuse) => Promise<TodoPage>,
  ): Promise<JsonText> {
    const now = this.now();
    const users = this.uow.current.users;
    if (!this.pages.enabled) {
      // Only today's and this week's windows depend on the person's zone: other lists skip the query.
      const zoned = query.due === 'today' || query.due === 'week';
      const timeZone = zoned ? await users.timeZoneOf(userId) : 'UTC';
      const filter = buildTodoFilter(query, now, timeZone, kind);
      const { items, next } = await make(filter);
      const cursor = next ? encodeCursor(filter.sort, next) : null;
      return new JsonText(writePage(items.map(madeJson), cursor).text);
    }
    const { changeVersion: version, timeZone } = await users.pageStateOf(userId);
    const filter = buildTodoFilter(query, now, timeZone, kind);
    const key = pageKey(kind, userId, filter);
    const kept = this.pages.get(key, now.getTime());
    if (kept?.version === version) {
      pageCacheLookups.inc({ service: 'core-service', result: 'hit' });
      return new JsonText(kept.text);
    }
    const earlier = kept && kept.version < version ? kept : undefined;
    const { items, next, beyond, merged } = await make(filter, earlier && reuseOf(earlier, version));
    const reused = earlier && new Map(earlier.items.map((t) => [t.id, t]));
    let taken = 0;
    const todos = items.map((t) => {
      if (t.json !== null) return { id: t.id, json: t.json, key: t.key };
      taken += 1;
      const place = reused?.get(t.id);
      if (!earlier || !place) throw new Error(`todo ${t.id} was not on the page it was taken from`);
      return { id: t.id, json: earlier.text.slice(place.start, place.end), key: t.key };
    });
    const page: KeptPage = {
      version,
      ...writePage(todos, next ? encodeCursor(filter.sort, next) : null),
      from: filter.overdueAt ? now.getTime() : -Infinity,
      until: Infinity,
    };
    if (beyond !== undefined) page.beyond = beyond;
    pageCacheLookups.inc({
      service: 'core-service',
      result: merged ? 'merged' : taken > 0 ? 'remade' : 'miss',
    });
    if (filter.overdueAt) {
      const until = await this.uow.current.todos.nextOverdueAt(userId, filter.overdueAt);
      if (until) page.until = until.getTime();
    }
    this.pages.set(key, page);
    return new JsonText(page.text);
  }

  async get(userId: string, id: string): Promise<Todo> {
    const todo = await this.uow.current.todos.load(userId, id);
    if (!todo) throw notFound(`Todo ${id}`);
    return todo;
  }

  /**
   * Creating with an id that this person already used answers the existing todo (a retried offline
   * create). `madeAt`: when a device made it (a sync mutation's time), which its reminders keep.
   */
  async create(userId: string, input: TodoCreate, madeAt?: string): Promise<Todo> {
    const todo = { ...input, id: input.id ?? uuidv7() };
    if (!input.id && !this.uow.inTransaction && fitsInbox(todo)) {
      // An id minted here is neither a retry nor taken: most such creates are one statement.
      const r = this.uow.current;
      const made = await this.inbox.write(r.todos, userId, (context) =>
        createInInbox(r, userId, todo, this.now(), context),
      );
      if (made) {
        this.uow.committed();
        return made;
      }
    }
    this.inbox.forget(userId);
    return this.uow.transaction(async (r) => {
      // Only a client's own id can be a retry or taken; one minted here is neither (four reads less:
      // insertTodos takes the person's lock with their versions).
      if (input.id) {
        // Two sends of the same create (an offline retry) meet here one after the other: the second
        // finds the first's todo instead of tripping over its id.
        await r.changes.lockPerson(userId);
        const existing = await r.todos.load(userId, todo.id);
        if (existing) return existing;
        await assertIdsFree(r, userId, [todo.id]);
      }
      await insertTodos(r, userId, [todo], this.now(), [madeAt]);
      return (await r.todos.load(userId, todo.id))!;
    });
  }

  /**
   * All or nothing: any id taken, tag unknown or field refused fails the whole batch. `madeAt[i]`:
   * when a device made `inputs[i]`, as for create.
   */
  async createMany(userId: string, inputs: NewTodo[], madeAt: (string | undefined)[] = []): Promise<void> {
    await this.uow.transaction(async (r) => {
      await assertIdsFree(
        r,
        userId,
        inputs.map((i) => i.id),
      );
      await insertTodos(r, userId, inputs, this.now(), madeAt);
    });
  }

  /** `madeAt`: when a device made the change (a sync mutation's time), which moved reminders keep. */
  async update(userId: string, id: string, patch: TodoPatch, madeAt?: string): Promise<Todo> {
    const fields = this.uow.inTransaction ? undefined : ownFields(patch);
    if (fields) {
      const r = this.uow.current;
      const made = await this.inbox.write(r.todos, userId, (context) =>
        this.updateInInbox(userId, id, fields, patch, context),
      );
      if (made) {
        this.uow.committed();
        return made;
      }
    }
    this.inbox.forget(userId);
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, id);
      const now = this.now();
      if (patch.status && patch.status !== todo.status) {
        await (patch.status === 'done'
          ? this.completeLocked(r, userId, todo, now)
          : this.reopenLocked(r, userId, todo, now));
        Object.assign(todo, await r.todos.findOwned(userId, id));
      }
      const { status: _status, ...fields } = patch;
      if (Object.keys(fields).length > 0)
        await this.applyFields(r, userId, todo, fields, now, reminderSetAt(madeAt, now));
      return (await r.todos.load(userId, id))!;
    });
  }

  /**
   * A change to a todo's own fields in the person's Inbox, as one statement (as createInInbox does a
   * create) going by `context`: its new version, change-log entry and event, the same as commitTodo's.
   * undefined when the todo is elsewhere or not theirs (the transaction then answers, 404 included).
   */
  private async updateInInbox(
    userId: string,
    id: string,
    fields: InboxFields,
    patch: TodoPatch,
    context: InboxContext,
  ): Promise<InboxWritten | 'moved' | undefined> {
    const version = context.version + 1;
    const changes = Object.keys(patch);
    const event = {
      topic: 'todo-events',
      type: 'todo.updated',
      userId,
      data: { todoId: id, version, changes },
    } as const;
    const change = { userId, id, context, fields, event, at: this.now() };
    const todo = await this.uow.current.todos.updateInInbox(change);
    if (todo === 'moved' || !todo) return todo;
    return { todo, context: { ...context, version } };
  }

  private async applyFields(
    r: TodoRepositories,
    userId: string,
    todo: TodoRow,
    patch: Omit<TodoPatch, 'status'>,
    now: Date,
    remindersSetAt: Date = now,
  ) {
    const row: Partial<TodoRow> = {};
    if (patch.title !== undefined) row.title = patch.title;
    if (patch.description !== undefined) row.description = patch.description;
    if (patch.priority !== undefined) row.priority = patch.priority;
    if (patch.timeZone !== undefined) row.timeZone = patch.timeZone;
    if (patch.allDay !== undefined) row.allDay = patch.allDay;
    const due = dueAfter(todo, patch);
    const dueMoved = due.dueAt?.getTime() !== todo.dueAt?.getTime();
    if (dueMoved) row.dueAt = due.dueAt;
    if (dueMoved || due.timeZone !== todo.timeZone) await this.moveReminders(r, todo, due, remindersSetAt);
    if (patch.recurrence !== undefined)
      Object.assign(row, recurrenceColumns(patch.recurrence, todo, due.dueAt));
    else if (dueMoved && todo.recurringType !== 'none') {
      // Moving a recurring todo's due time moves the series with it (and it must keep a due time).
      Object.assign(row, recurrenceColumns(recurrenceInputOf(todo), todo, due.dueAt));
    }
    if (due.dueAt && getsDefaultReminder(todo, due, 0)) {
      const dated = { dueAt: due.dueAt, timeZone: due.timeZone };
      await this.addDefaultReminder(r, userId, todo.id, dated, remindersSetAt);
    }
    if (patch.tagIds !== undefined) {
      await assertTagsOwned(r, userId, patch.tagIds);
      await r.todos.setTags(userId, todo.id, patch.tagIds);
    }
    Object.assign(row, await this.placement(r, userId, todo, patch, now));
    await commitTodo(r, { userId, todo, patch: row, now, type: 'todo.updated', changes: Object.keys(patch) });
  }

  /** A move to another list, a new place in the manual order, a new assignee. */
  private async placement(r: TodoRepositories, userId: string, todo: TodoRow, patch: TodoPatch, now: Date) {
    const row: Partial<TodoRow> = {};
    const listId = patch.listId ?? todo.listId;
    if (listId !== todo.listId) {
      await assertMember(r, userId, listId);
      row.listId = listId;
      row.position = patch.position
        ? checkedPosition(patch.position)
        : positionAfter(await r.todos.lastPosition(listId));
      // Who could see it in the old list and cannot in the new one gets a tombstone; an assignee must follow.
      const members = await r.changes.audience({ listId });
      const gone = (await r.changes.audience({ listId: todo.listId })).filter((id) => !members.includes(id));
      await revokeTodos(r, gone, [todo.id], now);
      await r.todos.forgetMembers(todo.id, gone);
      if (todo.assigneeId && !members.includes(todo.assigneeId) && patch.assigneeId === undefined)
        row.assigneeId = null;
    } else if (patch.position) row.position = checkedPosition(patch.position);
    if (patch.assigneeId !== undefined) {
      await assertAssignable(r, listId, patch.assigneeId);
      row.assigneeId = patch.assigneeId;
    }
    return row;
  }

  /** `setAt`: when the due time moved, for the reminders that follow it (reminderSetAt). */
  private async moveReminders(r: TodoRepositories, todo: TodoRow, due: DueTime, setAt: Date) {
    const reminders = await r.reminders.forTodo(todo.id);
    if (due.dueAt === null) {
      // Without a due date, reminders relative to it or on it have nothing to follow.
      await r.reminders.delete(
        todo.id,
        reminders.filter(followsDue).map((rem) => rem.id),
      );
      return;
    }
    for (const moved of followDueTime(reminders, { dueAt: due.dueAt, timeZone: due.timeZone }, setAt)) {
      await r.reminders.update(moved.id, { remindAt: moved.remindAt, sentAt: moved.sentAt, movedAt: setAt });
    }
  }

  /** A todo that became due on a date without a time, and has no reminder, reminds at the default time. */
  private async addDefaultReminder(
    r: TodoRepositories,
    userId: string,
    todoId: string,
    due: { dueAt: Date; timeZone: string },
    setAt: Date,
  ) {
    if ((await r.reminders.forTodo(todoId)).length > 0) return;
    const { reminderTime } = await r.users.todoDefaults(userId);
    await r.reminders.insert([
      { ...defaultReminderAt(todoId, due, reminderTime), todoId, userId, createdAt: setAt },
    ]);
  }

  async delete(userId: string, id: string): Promise<void> {
    await this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, id);
      await this.deleteLocked(r, userId, todo, this.now());
    });
  }

  private async deleteLocked(r: TodoRepositories, userId: string, todo: TodoRow, now: Date) {
    const version = await r.changes.nextVersion(userId);
    await r.todos.delete(todo.id);
    await recordTodoChange(
      r,
      { userId, listId: todo.listId, todoId: todo.id, title: todo.title, now, type: 'todo.deleted' },
      version,
    );
  }

  /**
   * Idempotent: completing a done todo answers the same result and creates nothing new. `doneAt` is
   * when the person did it on their device (a queued offline completion): it is the completion time
   * (a from-completion series counts from it, as the device did) if it lies within the last
   * COMPLETION_LEEWAY_MS; otherwise, or without it, now. It never orders anything.
   */
  async complete(userId: string, id: string, doneAt?: string): Promise<CompleteResult> {
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, id);
      const now = this.now();
      const next =
        todo.status === 'done'
          ? nextOccurrenceOf(todo, todo.completedAt ?? now)
          : await this.completeLocked(r, userId, todo, completionTime(doneAt, now));
      const nextTodo = next ? ((await r.todos.load(userId, next.id)) ?? null) : null;
      return { todo: (await r.todos.load(userId, id))!, next: nextTodo };
    });
  }

  private async completeLocked(r: TodoRepositories, userId: string, todo: TodoRow, doneAt: Date) {
    const now = this.now();
    const next = nextOccurrenceOf(todo, doneAt);
    if (next) await createNextOccurrence(r, userId, todo, next, now);
    await commitTodo(r, {
      userId,
      todo,
      patch: { status: 'done', completedAt: doneAt },
      now,
      type: 'todo.completed',
      nextTodoId: next?.id ?? null,
    });
    return next;
  }

  async reopen(userId: string, id: string): Promise<Todo> {
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, id);
      if (todo.status === 'done') await this.reopenLocked(r, userId, todo, this.now());
      return (await r.todos.load(userId, id))!;
    });
  }

  /**
   * Reopening undoes the completion: the next occurrence it created goes again (a tombstone, so every
   * device drops it), unless that one was completed in its turn. Completing again brings it back.
   */
  private async reopenLocked(r: TodoRepositories, userId: string, todo: TodoRow, now: Date) {
    const next = todo.completedAt ? nextOccurrenceOf(todo, todo.completedAt) : null;
    const created = next ? await r.todos.findOwned(userId, next.id, { lock: true }) : undefined;
    if (created?.status === 'open') await this.deleteLocked(r, userId, created, now);
    await commitTodo(r, {
      userId,
      todo,
      patch: { status: 'open', completedAt: null },
      now,
      type: 'todo.reopened',
    });
  }

  async addTags(userId: string, id: string, tagIds: string[]): Promise<Todo> {
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, id);
      await assertTagsOwned(r, userId, tagIds);
      const had = new Set(await r.todos.tagIdsOf(id));
      const added = tagIds.filter((t) => !had.has(t));
      if (added.length > 0) {
        await r.todos.addTags(id, added);
        await touchTodo(r, userId, todo, this.now(), ['tags']);
      }
      return (await r.todos.load(userId, id))!;
    });
  }

  async removeTag(userId: string, id: string, tagId: string): Promise<Todo> {
    return this.uow.transaction(async (r) => {
      const todo = await lockTodo(r, userId, id);
      if (!(await r.tags.findOwned(userId, tagId))) throw notFound(`Tag ${tagId}`);
      if (await r.todos.removeTag(id, tagId)) {
        await touchTodo(r, userId, todo, this.now(), ['tags']);
      }
      return (await r.todos.load(userId, id))!;
    });
  }
}

/** How far back a device's completion time is believed: a month offline, not a clock set wrong. */
export const COMPLETION_LEEWAY_MS = 31 * 24 * 3_600_000;

function completionTime(doneAt: string | undefined, now: Date): Date {
  const at = doneAt ? new Date(doneAt) : null;
  return at && at <= now && now.getTime() - at.getTime() <= COMPLETION_LEEWAY_MS ? at : now;
}

/** The due time after a patch (the shared rule, on the stored row's Dates). */
function dueAfter(todo: TodoRow, patch: TodoPatch): DueTime & { allDay: boolean } {
  const stored = { dueAt: todo.dueAt?.toISOString() ?? null, allDay: todo.allDay, timeZone: todo.timeZone };
  const due = dueAfterRule(stored, patch);
  return { ...due, dueAt: due.dueAt === null ? null : new Date(due.dueAt) };
}

function recurrenceInputOf(todo: TodoRow) {
  return {
    type: todo.recurringType === 'none' ? 'custom' : todo.recurringType,
    rrule: todo.rrule ?? undefined,
    until: todo.recurringEndDate,
    count: todo.recurrenceCount,
    fromCompletion: todo.fromCompletion,
  } as const;
}

/**
 * At most this many changes since a kept page are merged into it (PageMerge); past them (an import, a
 * device's backlog) the page is read again, as merging would read as many todos.
 */
const MERGE_CHANGES = 50;

/** What a page made again takes from the kept one: its todos' JSON, and its rows to merge when it has keys. */
function reuseOf(earlier: KeptPage, version: number): PageReuse {
  const ids = earlier.items.map((t) => t.id);
  const keys = earlier.items.map((t) => t.key);
  const { beyond } = earlier;
  const mergeable =
    beyond !== undefined &&
    version - earlier.version <= MERGE_CHANGES &&
    keys.every((key): key is string | null => key !== undefined);
  return mergeable
    ? { since: earlier.version, ids, merge: { keys, beyond } }
    : { since: earlier.version, ids };
}

/** A todo of a page made with nothing to reuse, with its JSON. */
function madeJson(item: TodoPage['items'][number]): { id: string; json: string } {
  if (item.json === null) throw new Error(`todo ${item.id} was taken from no page`);
  return { id: item.id, json: item.json };
}
