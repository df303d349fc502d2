// One-statement writes in a person's Inbox (issue 14): a create or a change of a todo's own fields
// goes by what it read of the person (InboxContext) and is written only while their row still holds
// it. What the last such write left is kept for the next one, so a run of writes reads nothing: a write
// that went by a context since moved (by another way, another replica) writes nothing, and is tried
// again on a fresh read.
import { LRUCache } from 'lru-cache';
import type { Todo } from '@todo/contracts';
import type { InboxContext, TodoStore } from './todo-store.ts';

/** How often a write is tried as one statement before the transaction takes the person's lock instead. */
const TRIES = 3;

/** A write done: the todo, and the person's context after it. */
export interface InboxWritten {
  todo: Todo;
  context: InboxContext;
}

/**
 * An attempt at a write going by `context`: what it wrote, 'moved' when the person's row no longer held
 * the context, or undefined when the write does not fit in one statement (the transaction does it).
 */
export type InboxAttempt = (context: InboxContext) => Promise<InboxWritten | 'moved' | undefined>;

export class InboxWrites {
  /**
   * Each person's writes, one after another in this process: two at once would go by the same
   * version, and all but one would have to read again.
   */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Each person's context as their last write here left it. */
  private readonly contexts: LRUCache<string, InboxContext>;

  /** `people`: how many people's contexts are kept (the least recently written go first). */
  constructor(people = 10_000) {
    this.contexts = new LRUCache({ max: people });
  }

  /**
   * Runs `attempt` in the person's turn, with their kept context or one read, until it writes, does not
   * fit, or has found the context moved TRIES times: the todo written, else undefined. Never within a
   * transaction: one holding the person's row lock would wait here for a write that waits for that lock.
   */
  write(
    store: Pick<TodoStore, 'inboxContext'>,
    userId: string,
    attempt: InboxAttempt,
  ): Promise<Todo | undefined> {
    return this.inTurn(userId, async () => {
      for (let tried = 0; tried < TRIES; tried++) {
        const context = (tried === 0 && this.contexts.get(userId)) || (await store.inboxContext(userId));
        if (!context) return undefined;
        const result = await attempt(context);
        if (result !== 'moved') {
          if (result) this.contexts.set(userId, result.context);
          return result?.todo;
        }
        this.contexts.delete(userId);
      }
      return undefined;
    });
  }

  /** The person wrote by another way (their lock): their kept context is surely stale. */
  forget(userId: string): void {
    this.contexts.delete(userId);
  }

  private inTurn<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const mine = (this.queues.get(userId) ?? Promise.resolve()).then(work, work);
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(userId, done);
    void done.then(() => {
      if (this.queues.get(userId) === done) this.queues.delete(userId);
    });
    return mine;
  }
}
