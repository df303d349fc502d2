// The unit of work services get: repositories for reads, and a transaction that hands out the same
// repositories bound to one database transaction. Services never see knex itself. A transaction
// opened inside another (a sync push applying a mutation through the ordinary services) becomes a
// savepoint of the outer one, found through AsyncLocalStorage, so a refused mutation rolls back alone.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import { ChangeRepository } from '../modules/changes/changes.repository.ts';
import { ReminderClockRepository } from '../modules/reminders/reminder-clock.repository.ts';
import { ReminderRepository } from '../modules/reminders/reminders.repository.ts';
import { SyncRepository } from '../modules/sync/sync.repository.ts';
import { TagRepository } from '../modules/tags/tags.repository.ts';
import { TodoRepository } from '../modules/todos/todos.repository.ts';
import { UserRepository } from '../modules/users/users.repository.ts';

export interface Repositories {
  users: UserRepository;
  todos: TodoRepository;
  tags: TagRepository;
  reminders: ReminderRepository;
  reminderClock: ReminderClockRepository;
  changes: ChangeRepository;
  sync: SyncRepository;
}

export interface UnitOfWork {
  /** Repositories outside any transaction (or inside the current one, when called within it). */
  readonly read: Repositories;
  transaction<T>(work: (repos: Repositories) => Promise<T>, options?: CommitOptions): Promise<T>;
}

export interface CommitOptions {
  /** One batch of this person's larger upload (a device's offline backlog): more are likely to follow. */
  bulkFor?: string;
}

function repositories(knex: Knex): Repositories {
  return {
    users: new UserRepository(knex),
    todos: new TodoRepository(knex),
    tags: new TagRepository(knex),
    reminders: new ReminderRepository(knex),
    reminderClock: new ReminderClockRepository(knex),
    changes: new ChangeRepository(knex),
    sync: new SyncRepository(knex),
  };
}

export interface UnitOfWorkOptions {
  /** Called after an outermost transaction commits (the outbox relay wakes up on it). */
  onCommit?: (options: CommitOptions) => void;
}

export function createUnitOfWork(knex: Knex, options: UnitOfWorkOptions = {}): UnitOfWork {
  const current = new AsyncLocalStorage<Knex.Transaction>();
  const base = repositories(knex);
  return {
    get read() {
      const trx = current.getStore();
      return trx ? repositories(trx) : base;
    },
    async transaction(work, commit = {}) {
      const outer = current.getStore();
      const result = await (outer ?? knex).transaction((trx) =>
        current.run(trx, () => work(repositories(trx))),
      );
      if (!outer) options.onCommit?.(commit);
      return result;
    },
  };
}
