// The todos service's repositories in memory, for unit tests of its rules without a database (beside
// the database ones, as Ghost keeps CollectionsRepositoryInMemory): the same interfaces (todo-store.ts),
// a transaction that rolls back on a throw, and the change log and outbox kept for tests to read.
// Full-text search and the all-day overdue window are the database's: asked for here, they throw.
import type { Tag, Todo } from '@todo/contracts';
import type { UnitOfWork } from '../../db/store.ts';
import type { ChangeLog, ChangeRow, OutboxEvent } from '../changes/changes.repository.ts';
import type { NewReminder } from '../reminders/reminders.repository.ts';
import type { TodoDefaults } from '../users/users.repository.ts';
import type { KeysetPosition, TodoFilter } from './todo-filter.ts';
import type {
  InboxContext,
  InboxUpdate,
  TodoPage,
  TodoRepositories,
  TodoRow,
  TodoStore,
} from './todo-store.ts';
import { inboxIdOf } from '../lists/inbox.ts';
import type { NewSubtask } from '../subtasks/subtasks.repository.ts';

interface StoredReminderRow extends NewReminder {
  sentAt: Date | null;
  movedAt?: Date;
}

/** Everything the in-memory repositories keep; tests seed people and tags here and read what was written. */
export class InMemoryTodoDatabase {
  users = new Map<string, TodoDefaults & { changeVersion: number }>();
  todos = new Map<string, TodoRow>();
  todoTags = new Map<string, Set<string>>();
  tags = new Map<string, Tag & { userId: string }>();
  reminders = new Map<string, StoredReminderRow>();
  subtasks = new Map<string, NewSubtask>();
  changeLog: (ChangeRow & { userId: string })[] = [];
  outbox: (OutboxEvent & { at: Date })[] = [];

  addUser(id: string, defaults: Partial<TodoDefaults> = {}): void {
    this.users.set(id, { timeZone: 'UTC', reminderTime: '09:00', ...defaults, changeVersion: 0 });
  }

  addTag(userId: string, tag: Tag): void {
    this.tags.set(tag.id, { ...tag, userId });
  }

  /** A copy of the whole state, for a transaction to go back to. */
  snapshot(): InMemoryTodoDatabase {
    return Object.assign(new InMemoryTodoDatabase(), structuredClone({ ...this }));
  }

  restore(from: InMemoryTodoDatabase): void {
    Object.assign(this, from);
  }
}

/** A unit of work over the in-memory database: a transaction that throws leaves nothing behind. */
export function inMemoryUnitOfWork(db: InMemoryTodoDatabase): UnitOfWork<TodoRepositories> {
  const repos = inMemoryTodoRepositories(db);
  let depth = 0;
  return {
    current: repos,
    get inTransaction() {
      return depth > 0;
    },
    committed() {
      // Nothing to wake: the tests read the outbox themselves.
    },
    async transaction(work) {
      const before = db.snapshot();
      depth++;
      try {
        return await work(repos);
      } catch (err) {
        db.restore(before);
        throw err;
      } finally {
        depth--;
      }
    },
  };
}

export function inMemoryTodoRepositories(db: InMemoryTodoDatabase): TodoRepositories {
  const ownedTag = (userId: string, id: string) => {
    const tag = db.tags.get(id);
    return tag?.userId === userId ? { id: tag.id, name: tag.name, color: tag.color } : undefined;
  };
  return {
    todos: new TodoRepositoryInMemory(db),
    tags: {
      findOwned: async (userId, id) => ownedTag(userId, id),
      missing: async (userId, ids) => ids.filter((id) => !ownedTag(userId, id)),
    },
    reminders: {
      forTodo: async (todoId) =>
        [...db.reminders.values()]
          .filter((r) => r.todoId === todoId)
          .sort((a, b) => a.remindAt.getTime() - b.remindAt.getTime() || a.id.localeCompare(b.id))
          .map((r) => ({ ...r })),
      insert: async (rows) => {
        for (const row of rows) {
          if (db.reminders.has(row.id)) throw new Error(`reminder ${row.id} exists`);
          db.reminders.set(row.id, { ...row, sentAt: null });
        }
      },
      update: async (id, patch) => {
        const row = db.reminders.get(id);
        if (row) Object.assign(row, patch);
      },
      delete: async (todoId, ids) => {
        for (const id of ids) if (db.reminders.get(id)?.todoId === todoId) db.reminders.delete(id);
      },
    },
    users: {
      timeZoneOf: async (id) => db.users.get(id)?.timeZone ?? 'UTC',
      pageStateOf: async (id) => {
        const { changeVersion = 0, timeZone = 'UTC' } = db.users.get(id) ?? {};
        return { changeVersion, timeZone };
      },
      todoDefaults: async (id) => {
        const user = db.users.get(id);
        return { timeZone: user?.timeZone ?? 'UTC', reminderTime: user?.reminderTime ?? '09:00' };
      },
    },
    changes: new ChangeLogInMemory(db),
    // One person's world: each has their Inbox and no other list.
    lists: {
      inboxOf: async (userId) => (db.users.has(userId) ? inboxIdOf(userId) : undefined),
      inboxWithLastTodo: async (userId) => {
        if (!db.users.has(userId)) return undefined;
        const keys = [...db.todos.values()]
          .filter((t) => t.listId === inboxIdOf(userId))
          .map((t) => t.position);
        return { id: inboxIdOf(userId), lastTodo: keys.sort().at(-1) ?? null };
      },
      membership: async (userId, listId) =>
        listId === inboxIdOf(userId)
          ? {
              id: listId,
              ownerId: userId,
              name: 'Inbox',
              color: '#4b5563',
              icon: null,
              archived: false,
              inbox: true,
              role: 'owner',
              position: 'a0',
            }
          : undefined,
      memberIds: async (listId) => ownerOf(db, listId),
      insert: async () => {},
    },
    subtasks: {
      insert: async (rows) => {
        for (const row of rows) db.subtasks.set(row.id, { ...row });
      },
      copyUnticked: async (from, to) => {
        for (const s of [...db.subtasks.values()].filter((s) => s.todoId === from))
          db.subtasks.set(`${to}:${s.id}`, { ...s, id: `${to}:${s.id}`, todoId: to, done: false });
      },
    },
  };
}

function ownerOf(db: InMemoryTodoDatabase, listId: string): string[] {
  return [...db.users.keys()].filter((id) => inboxIdOf(id) === listId);
}

const PRIORITY_ORDER = ['low', 'medium', 'high', 'urgent'];

export class TodoRepositoryInMemory implements TodoStore {
  constructor(private readonly db: InMemoryTodoDatabase) {}

  async findOwned(userId: string, id: string): Promise<TodoRow | undefined> {
    const row = this.db.todos.get(id);
    return row?.userId === userId ? { ...row } : undefined;
  }

  async load(userId: string, id: string): Promise<Todo | undefined> {
    const [todo] = await this.loadMany(userId, [id]);
    return todo;
  }

  async loadMany(userId: string, ids: string[]): Promise<Todo[]> {
    return ids.flatMap((id) => {
      const row = this.db.todos.get(id);
      return row?.userId === userId ? [this.toTodo(row)] : [];
    });
  }

  /** Takes no earlier page's JSON: it keeps no change log to tell what changed. */
  async page(userId: string, filter: TodoFilter): Promise<TodoPage> {
    if (filter.text || filter.sort === 'rank') throw new Error('full-text search is the database’s');
    const rows = [...this.db.todos.values()].filter((t) => t.userId === userId && this.matches(t, filter));
    const position = (t: TodoRow): KeysetPosition => ({ value: sortValue(t, filter.sort), id: t.id });
    const sorted = rows.map(position).sort((a, b) => compareKeys(a, b, filter));
    const after = filter.after;
    const rest = after ? sorted.filter((p) => compareKeys(p, after, filter) > 0) : sorted;
    const page = rest.slice(0, filter.limit);
    const todos = await this.loadMany(
      userId,
      page.map((p) => p.id),
    );
    return {
      items: todos.map((t) => ({ id: t.id, json: JSON.stringify(t) })),
      next: rest.length > filter.limit ? (page.at(-1) ?? null) : null,
    };
  }

  async nextOverdueAt(): Promise<Date | null> {
    throw new Error('the overdue window is the database’s');
  }

  async highlights(): Promise<Map<string, { title: string; description: string }>> {
    throw new Error('full-text search is the database’s');
  }

  async insert(row: TodoRow): Promise<boolean> {
    if (this.db.todos.has(row.id)) return false;
    this.db.todos.set(row.id, { ...row });
    return true;
  }

  async insertMany(rows: TodoRow[]): Promise<void> {
    for (const row of rows) {
      if (!(await this.insert(row))) throw new Error(`duplicate key: todo ${row.id}`);
    }
  }

  async existing(ids: string[]): Promise<string[]> {
    return ids.filter((id) => this.db.todos.has(id));
  }

  async inboxContext(userId: string): Promise<InboxContext | undefined> {
    const user = this.db.users.get(userId);
    if (!user) return undefined;
    const inboxId = inboxIdOf(userId);
    return {
      version: user.changeVersion,
      defaults: { timeZone: user.timeZone, reminderTime: user.reminderTime },
      inboxId,
      lastTodo: await this.lastPosition(inboxId),
    };
  }

  /** Whether the person's row still holds what a write went by, as the statement's condition. */
  private holds(userId: string, { version, defaults }: InboxContext) {
    const user = this.db.users.get(userId);
    if (user?.changeVersion !== version) return undefined;
    return user.timeZone === defaults.timeZone && user.reminderTime === defaults.reminderTime
      ? user
      : undefined;
  }

  async updateInInbox({
    userId,
    id,
    context,
    fields,
    event,
    at,
  }: InboxUpdate): Promise<Todo | 'moved' | undefined> {
    const todo = this.db.todos.get(id);
    if (todo?.listId !== context.inboxId) return undefined;
    const user = this.holds(userId, context);
    if (!user) return 'moved';
    user.changeVersion += 1;
    await this.update(id, { ...fields, version: user.changeVersion, updatedAt: at });
    this.db.changeLog.push({
      userId,
      version: user.changeVersion,
      entity: 'todo',
      entityId: id,
      op: 'upsert',
      at,
    });
    this.db.outbox.push({ ...event, data: { ...event.data, title: todo.title }, at });
    return (await this.load(userId, id))!;
  }

  async createInInbox(row: TodoRow, context: InboxContext, event: OutboxEvent): Promise<Todo | 'moved'> {
    const user = this.holds(row.userId, context);
    if (!user) return 'moved';
    user.changeVersion += 1;
    await this.insertMany([row]);
    const at = row.createdAt;
    this.db.changeLog.push({
      userId: row.userId,
      version: row.version,
      entity: 'todo',
      entityId: row.id,
      op: 'upsert',
      at,
    });
    this.db.outbox.push({ ...event, at });
    return (await this.load(row.userId, row.id))!;
  }

  async update(id: string, patch: Partial<TodoRow>): Promise<void> {
    const row = this.db.todos.get(id);
    if (row) Object.assign(row, patch);
  }

  /** Its tags and reminders go with it, as the foreign keys' ON DELETE CASCADE does. */
  async delete(id: string): Promise<void> {
    this.db.todos.delete(id);
    this.db.todoTags.delete(id);
    for (const [reminderId, r] of this.db.reminders)
      if (r.todoId === id) this.db.reminders.delete(reminderId);
  }

  async addTags(todoId: string, tagIds: string[]): Promise<void> {
    const tags = this.db.todoTags.get(todoId) ?? new Set<string>();
    for (const tagId of tagIds) tags.add(tagId);
    this.db.todoTags.set(todoId, tags);
  }

  async addTagsMany(rows: { todoId: string; tagId: string }[]): Promise<void> {
    for (const { todoId, tagId } of rows) await this.addTags(todoId, [tagId]);
  }

  async forgetMembers(): Promise<void> {
    // One person's world: nobody else to forget.
  }

  async lastPosition(listId: string): Promise<string | null> {
    const keys = [...this.db.todos.values()].filter((t) => t.listId === listId).map((t) => t.position);
    return keys.sort().at(-1) ?? null;
  }

  async setTags(_userId: string, todoId: string, tagIds: string[]): Promise<void> {
    this.db.todoTags.set(todoId, new Set(tagIds));
  }

  async tagIdsOf(todoId: string): Promise<string[]> {
    return [...(this.db.todoTags.get(todoId) ?? [])];
  }

  async removeTag(todoId: string, tagId: string): Promise<boolean> {
    return this.db.todoTags.get(todoId)?.delete(tagId) ?? false;
  }

  private matches(t: TodoRow, f: TodoFilter): boolean {
    if (f.overdueAt) throw new Error('the overdue window is the database’s');
    const due = t.dueAt?.getTime();
    const tags = this.db.todoTags.get(t.id);
    return (
      (!f.status || t.status === f.status) &&
      (!f.priorities || f.priorities.includes(t.priority)) &&
      (!f.tagIds || f.tagIds.some((id) => tags?.has(id))) &&
      (!f.dueNone || due === undefined) &&
      (!f.dueFrom || (due !== undefined && due >= f.dueFrom.getTime())) &&
      (!f.dueTo || (due !== undefined && due < f.dueTo.getTime()))
    );
  }

  /** The contract's Todo, as the database's JSON builds it (todos.repository.ts). */
  private toTodo(t: TodoRow): Todo {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    const tags = [...(this.db.todoTags.get(t.id) ?? [])]
      .flatMap((id) => {
        const tag = this.db.tags.get(id);
        return tag ? [{ id: tag.id, name: tag.name, color: tag.color }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const reminders = [...this.db.reminders.values()]
      .filter((r) => r.todoId === t.id)
      .map((r) => ({
        id: r.id,
        remindAt: r.remindAt.toISOString(),
        offsetMinutes: r.offsetMinutes,
        timeOfDay: r.timeOfDay,
        sentAt: iso(r.sentAt),
      }))
      .sort((a, b) => a.remindAt.localeCompare(b.remindAt) || a.id.localeCompare(b.id));
    return {
      id: t.id,
      title: t.title,
      description: t.description,
      status: t.status,
      priority: t.priority,
      dueAt: iso(t.dueAt),
      allDay: t.allDay,
      timeZone: t.timeZone,
      tags,
      recurrence:
        t.recurringType === 'none'
          ? null
          : {
              type: t.recurringType,
              rrule: t.rrule ?? '',
              until: t.recurringEndDate,
              count: t.recurrenceCount,
              fromCompletion: t.fromCompletion,
            },
      reminders,
      listId: t.listId,
      position: t.position,
      assigneeId: t.assigneeId,
      subtasks: [...this.db.subtasks.values()]
        .filter((s) => s.todoId === t.id)
        .map((s) => ({ id: s.id, title: s.title, done: s.done, position: s.position }))
        .sort((a, b) =>
          a.position < b.position ? -1 : a.position > b.position ? 1 : a.id.localeCompare(b.id),
        ),
      completedAt: iso(t.completedAt),
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
      version: t.version,
    };
  }
}

/** The sort key as the database's keyset cursor carries it (todos.repository.ts keysetValue). */
function sortValue(t: TodoRow, sort: TodoFilter['sort']): KeysetPosition['value'] {
  switch (sort) {
    case 'dueAt':
      return t.dueAt?.toISOString() ?? null;
    case 'createdAt':
      return t.createdAt.toISOString();
    case 'updatedAt':
      return t.updatedAt.toISOString();
    case 'priority':
      return t.priority;
    case 'title':
      return t.title.toLowerCase();
    case 'position':
      return t.position;
    case 'rank':
      throw new Error('full-text search is the database’s');
  }
}

/** (sort key, id) order in `direction`, null keys last either way, as the database's ORDER BY. */
function compareKeys(a: KeysetPosition, b: KeysetPosition, f: TodoFilter): number {
  const direction = f.order === 'asc' ? 1 : -1;
  if (a.value === null || b.value === null) {
    if (a.value !== b.value) return a.value === null ? 1 : -1;
    return direction * a.id.localeCompare(b.id);
  }
  // Priorities sort as the database's enum does, not by name.
  const key = (v: string | number) => (f.sort === 'priority' ? PRIORITY_ORDER.indexOf(String(v)) : v);
  const [x, y] = [key(a.value), key(b.value)];
  const byKey = x < y ? -1 : x > y ? 1 : 0;
  return direction * (byKey || a.id.localeCompare(b.id));
}

export class ChangeLogInMemory implements ChangeLog {
  constructor(private readonly db: InMemoryTodoDatabase) {}

  async nextVersion(userId: string): Promise<number> {
    return this.nextVersions(userId, 1);
  }

  async nextVersions(userId: string, n: number): Promise<number> {
    const user = this.db.users.get(userId);
    if (!user) throw new Error(`user ${userId} does not exist`);
    user.changeVersion += n;
    return user.changeVersion - n + 1;
  }

  async nextVersionsWithDefaults(
    userId: string,
    n: number,
  ): Promise<{ first: number; defaults: TodoDefaults }> {
    const first = await this.nextVersions(userId, n);
    const { timeZone, reminderTime } = this.db.users.get(userId)!;
    return { first, defaults: { timeZone, reminderTime } };
  }

  async lockPerson(): Promise<void> {
    // One test at a time: nothing runs beside it to lock out.
  }

  async recordMany(userId: string, rows: ChangeRow[]): Promise<void> {
    for (const row of rows) this.db.changeLog.push({ userId, ...row });
  }

  async deletedAmong(userId: string, entity: ChangeRow['entity'], ids: string[]): Promise<string[]> {
    const deleted = new Set(
      this.db.changeLog
        .filter((c) => c.userId === userId && c.entity === entity && c.op === 'delete')
        .map((c) => c.entityId),
    );
    return ids.filter((id) => deleted.has(id));
  }

  async isDeleted(userId: string, entity: ChangeRow['entity'], entityId: string): Promise<boolean> {
    return (await this.deletedAmong(userId, entity, [entityId])).length > 0;
  }

  async nameOf(): Promise<string> {
    return '';
  }

  async audience(of: { listId: string } | { todoId: string }): Promise<string[]> {
    const listId = 'listId' in of ? of.listId : this.db.todos.get(of.todoId)?.listId;
    return listId ? ownerOf(this.db, listId) : [];
  }

  async emit(event: OutboxEvent, at: Date): Promise<void> {
    this.db.outbox.push({ ...event, at });
  }

  async recordAndEmit(userId: string, rows: ChangeRow[], events: OutboxEvent[], at: Date): Promise<void> {
    await this.recordMany(userId, rows);
    await this.emitMany(events, at);
  }

  async emitMany(events: OutboxEvent[], at: Date): Promise<void> {
    for (const event of events) await this.emit(event, at);
  }
}
