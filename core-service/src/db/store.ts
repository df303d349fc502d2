// The unit of work services get: their repositories, and a transaction that hands out the same
// repositories bound to one database transaction. Services never see knex itself, and each says which
// repositories it needs (an interface of its own), so a unit test can hand it in-memory ones. A
// transaction opened inside another (a sync push applying a mutation through the ordinary services)
// becomes a savepoint of the outer one, found through AsyncLocalStorage, so a refused mutation rolls
// back alone.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';

export interface UnitOfWork<R> {
  /** The repositories bound to the transaction under way (when called within one), else to the database. */
  readonly current: R;
  transaction<T>(work: (repos: R) => Promise<T>, options?: CommitOptions): Promise<T>;
}

export interface CommitOptions {
  /** One batch of this person's larger upload (a device's offline backlog): more are likely to follow. */
  bulkFor?: string;
}

export interface UnitOfWorkOptions {
  /** Called after an outermost transaction commits (the outbox relay wakes up on it). */
  onCommit?: (options: CommitOptions) => void;
}

/** `repositories` builds the set bound to a connection or transaction (app.ts has the one core-service uses). */
export function createUnitOfWork<R>(
  knex: Knex,
  repositories: (knex: Knex) => R,
  options: UnitOfWorkOptions = {},
): UnitOfWork<R> {
  const current = new AsyncLocalStorage<Knex.Transaction>();
  const base = repositories(knex);
  return {
    get current() {
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
