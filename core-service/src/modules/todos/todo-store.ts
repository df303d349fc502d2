// What the todos service needs of storage, as narrow interfaces: the database repositories
// (todos.repository.ts and the others app.ts hands in) implement them, and so do the in-memory ones
// its unit tests use (todos.repository.in-memory.ts).
import type { Tag, Todo } from '@todo/contracts';
import type { Model } from 'objection';
import type { ChangeLog, OutboxEvent } from '../changes/changes.repository.ts';
import type { StoredReminder } from '../reminders/reminder.domain.ts';
import type { NewReminder } from '../reminders/reminders.repository.ts';
import type { PageState, TodoDefaults } from '../users/users.repository.ts';
import type { KeysetPosition, TodoFilter } from './todo-filter.ts';
import type { PlacementRepositories } from '../lists/placement.ts';
import type { NewSubtask } from '../subtasks/subtasks.repository.ts';
import type { TodoModel } from './todo.model.ts';

/** A todo as the contract's Todo written in JSON, to be sent on as it is (neither parsed nor written again). */
export interface TodoJson {
  id: string;
  json: string;
}

/** A person's change version, defaults, Inbox and the Inbox's last position (createInInbox). */
export interface InboxCreateContext {
  version: number;
  defaults: TodoDefaults;
  inboxId: string;
  lastTodo: string | null;
}

/** A todo's version and title, for a change to its own fields (updateInInbox). */
export interface InboxUpdateContext {
  version: number;
  title: string;
}

/** The fields of a todo that nothing else follows (no reminder, series, place or other member). */
export type InboxFields = Partial<Pick<TodoRow, 'title' | 'description' | 'priority'>>;

/** A change to fields of a todo in the person's Inbox (updateInInbox). */
export interface InboxUpdate {
  userId: string;
  id: string;
  /** The person's change version as read: the todo gets the next. */
  readVersion: number;
  fields: InboxFields;
  event: OutboxEvent;
  at: Date;
}

/** A todo's columns, as stored. */
export type TodoRow = Omit<TodoModel, keyof Model>;

export interface TodoStore {
  findOwned(userId: string, id: string, options?: { lock?: boolean }): Promise<TodoRow | undefined>;
  /** The contract's Todo, with its tags and reminders. */
  load(userId: string, id: string): Promise<Todo | undefined>;
  /** Todos in the order of `ids`. */
  loadMany(userId: string, ids: string[]): Promise<Todo[]>;
  /**
   * One page of todos in filter order, as the contract's JSON, and where the next page starts (null on
   * the last page).
   */
  page(userId: string, filter: TodoFilter): Promise<{ items: TodoJson[]; next: KeysetPosition | null }>;
  /**
   * The first instant after `after` at which a todo the person sees may fall overdue (its due time, or
   * for one due on a date, that date's end in its zone), or null when none will: the overdue view's
   * page holds until then.
   */
  nextOverdueAt(userId: string, after: Date): Promise<Date | null>;
  highlights(ids: string[], text: string): Promise<Map<string, { title: string; description: string }>>;
  /** Inserts unless the id exists; true when this call created it. */
  insert(row: TodoRow): Promise<boolean>;
  insertMany(rows: TodoRow[]): Promise<void>;
  /** What a new todo in the person's Inbox needs (read with no lock); undefined when they have no Inbox. */
  inboxCreateContext(userId: string): Promise<InboxCreateContext | undefined>;
  /**
   * Inserts a todo with no tags, reminders or subtasks (row.version: the read version + 1), its
   * change-log entry and its event, in one statement and only while the person's change version is
   * still `readVersion`; returns it as `load` does, or undefined when their version had moved on.
   */
  createInInbox(row: TodoRow, readVersion: number, event: OutboxEvent): Promise<Todo | undefined>;
  /** The person's version and the todo's title when it is in their Inbox (read with no lock). */
  inboxUpdateContext(userId: string, id: string): Promise<InboxUpdateContext | undefined>;
  /**
   * Sets fields of a todo in the person's Inbox (its version: the read version + 1, updatedAt: `at`),
   * with its change-log entry and its event, in one statement and only while the person's change
   * version is still `readVersion`; returns it as `load` does, or undefined when the version had moved.
   */
  updateInInbox(change: InboxUpdate): Promise<Todo | undefined>;
  /** Which of these ids exist, whoever owns them. */
  existing(ids: string[]): Promise<string[]>;
  update(id: string, patch: Partial<TodoRow>): Promise<void>;
  delete(id: string): Promise<void>;
  addTags(todoId: string, tagIds: string[]): Promise<void>;
  addTagsMany(rows: { todoId: string; tagId: string }[]): Promise<void>;
  setTags(userId: string, todoId: string, tagIds: string[]): Promise<void>;
  tagIdsOf(todoId: string): Promise<string[]>;
  /** true when the todo had the tag. */
  removeTag(todoId: string, tagId: string): Promise<boolean>;
  /** Those who can no longer see the todo lose their reminders and tags on it. */
  forgetMembers(todoId: string, userIds: string[]): Promise<void>;
  /** The last key of the list's manual order (null when it is empty). */
  lastPosition(listId: string): Promise<string | null>;
}

/** The repositories the todos service works with, in or out of a transaction. */
export interface TodoRepositories {
  todos: TodoStore;
  tags: {
    findOwned(userId: string, id: string): Promise<Tag | undefined>;
    /** The ids among `ids` that this person does not own (or that do not exist). */
    missing(userId: string, ids: string[]): Promise<string[]>;
  };
  reminders: {
    forTodo(todoId: string): Promise<StoredReminder[]>;
    insert(rows: NewReminder[]): Promise<void>;
    update(id: string, patch: { remindAt: Date; sentAt: Date | null; movedAt: Date }): Promise<unknown>;
    delete(todoId: string, ids: string[]): Promise<void>;
  };
  users: {
    timeZoneOf(id: string): Promise<string>;
    pageStateOf(id: string): Promise<PageState>;
    todoDefaults(id: string): Promise<TodoDefaults>;
  };
  changes: ChangeLog;
  lists: PlacementRepositories['lists'];
  subtasks: {
    insert(rows: NewSubtask[], at: Date): Promise<void>;
    /** The next occurrence of a recurring todo starts with the same checklist, unticked. */
    copyUnticked(fromTodoId: string, toTodoId: string, at: Date): Promise<void>;
  };
}
