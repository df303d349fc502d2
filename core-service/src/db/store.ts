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
  /**
   * Runs `work` in a transaction. An outermost one that PostgreSQL chose to break a deadlock with is
   * run again from the start (a change to a shared list locks several people's change logs), so
   * `work` must keep its results in what it returns, not in variables outside it.
   */
  transaction<T>(work: (repos: R) => Promise<T>, options?: CommitOptions): Promise<T>;
  /** Whether this runs within transaction() (a sync push applies its mutations in one). */
  readonly inTransaction: boolean;
  /**
   * A write made by one statement of `current` outside any transaction (it commits by itself) has
   * committed: what an outermost transaction's commit tells (the outbox relay wakes up).
   */
  committed(options?: CommitOptions): void;
}

/** How often an outermost transaction is tried when it keeps being chosen as a deadlock's victim. */
const DEADLOCK_ATTEMPTS = 5;

function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; nativeError?: { code?: string } } | null;
  return (e?.code ?? e?.nativeError?.code) === '40P01';
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
    get inTransaction() {
      return current.getStore() !== undefined;
    },
    committed(commit = {}) {
      options.onCommit?.(commit);
    },
    async transaction(work, commit = {}) {
      const outer = current.getStore();
      const run = () => (outer ?? knex).transaction((trx) => current.run(trx, () => work(repositories(trx))));
      if (outer) return run();
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await run();
          options.onCommit?.(commit);
          return result;
        } catch (err) {
          if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
        }
      }
    },
  };
}
