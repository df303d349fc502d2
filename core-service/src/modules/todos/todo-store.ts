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

/**
 * A page of todos in filter order, each as the contract's Todo written in JSON, to be sent on as it is
 * (neither parsed nor written again), and where the next page starts (null on the last page). An item's
 * JSON is null when it is the JSON of the page `reuse` named (PageReuse).
 */
export interface TodoPage {
  /** `key`: the todo's sort key as the database writes it (text), for a later merge (PageMerge). */
  items: { id: string; json: string | null; key?: string | null }[];
  next: KeysetPosition | null;
  /**
   * The row after the page's last (null on the last page), with its key: with the items' keys, what a
   * later page of the same filter merges (PageMerge). Absent when the store gives no keys.
   */
  beyond?: PageRow | null;
  /** Whether the page was merged (PageMerge) rather than read again. */
  merged?: boolean;
}

/** A row of a page: a todo's id and its sort key as the database writes it (text; null sorts last). */
export interface PageRow {
  id: string;
  key: string | null;
}

/**
 * The todos of a page made while the person's change version was `since`, whose JSON a new page of the
 * same filter takes as it was when the change log shows no change to them since: every version after
 * `since` has its entry (none compacted away), and each is a todo's (a tag renamed or a list left changes
 * todos it does not name).
 */
export interface PageReuse {
  since: number;
  ids: string[];
  merge?: PageMerge;
}

/**
 * The earlier page's rows (its items' keys, aligned with `ids`, and the row after its last), so that
 * the new page is that page with the todos changed since put in or taken out, rather than read again:
 * the answer is the same whenever at least a page and one of the merged rows still come before the
 * earlier page's row after its last (nothing unread can come before them), or the earlier page was
 * the last. Otherwise, and when the change log does not hold for PageReuse, the page is read again.
 */
export interface PageMerge {
  keys: (string | null)[];
  beyond: PageRow | null;
}

/**
 * What a one-statement write in a person's Inbox goes by (inbox-writes.ts): their change version and
 * defaults (the statement writes only while their row still holds these), their Inbox and the
 * position of its last todo.
 */
export interface InboxContext {
  version: number;
  defaults: TodoDefaults;
  inboxId: string;
  lastTodo: string | null;
}

/** The fields of a todo that nothing else follows (no reminder, series, place or other member). */
export type InboxFields = Partial<Pick<TodoRow, 'title' | 'description' | 'priority'>>;

type TodoUpdated = Extract<OutboxEvent, { type: 'todo.updated' }>;
export type UntitledUpdate = Omit<TodoUpdated, 'data'> & { data: Omit<TodoUpdated['data'], 'title'> };

/** A change to fields of a todo in the person's Inbox (updateInInbox). */
export interface InboxUpdate {
  userId: string;
  id: string;
  /** What the write goes by: the todo gets the version after context.version. */
  context: InboxContext;
  fields: InboxFields;
  /** The todo.updated event less the todo's title, which the statement adds (the title it wrote). */
  event: UntitledUpdate;
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
  page(userId: string, filter: TodoFilter, reuse?: PageReuse): Promise<TodoPage>;
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
  /** What a write in the person's Inbox goes by (read with no lock); undefined when they have no Inbox. */
  inboxContext(userId: string): Promise<InboxContext | undefined>;
  /**
   * Inserts a todo with no tags, reminders or subtasks (row.version: the context's version + 1), its
   * change-log entry and its event, in one statement and only while the person's row still holds
   * `context` (version and defaults); returns it as `load` does, or 'moved' when their row had changed.
   */
  createInInbox(row: TodoRow, context: InboxContext, event: OutboxEvent): Promise<Todo | 'moved'>;
  /**
   * Sets fields of a todo in the person's Inbox (its version: the context's version + 1, updatedAt:
   * `at`), with its change-log entry and its event, in one statement and only while the person's row
   * still holds the context; returns it as `load` does, 'moved' when their row had changed, or
   * undefined when the todo is not in their Inbox.
   */
  updateInInbox(change: InboxUpdate): Promise<Todo | 'moved' | undefined>;
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
