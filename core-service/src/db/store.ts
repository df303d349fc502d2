// The unit of work services get: repositories for reads, and a transaction that hands out the same
// repositories bound to one database transaction. Services never see knex itself.
import type { Knex } from 'knex';
import { ChangeRepository } from '../modules/changes/changes.repository.ts';
import { ReminderRepository } from '../modules/reminders/reminders.repository.ts';
import { TagRepository } from '../modules/tags/tags.repository.ts';
import { TodoRepository } from '../modules/todos/todos.repository.ts';
import { UserRepository } from '../modules/users/users.repository.ts';

export interface Repositories {
  users: UserRepository;
  todos: TodoRepository;
  tags: TagRepository;
  reminders: ReminderRepository;
  changes: ChangeRepository;
}

export interface UnitOfWork {
  read: Repositories;
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

function repositories(knex: Knex): Repositories {
  return {
    users: new UserRepository(knex),
    todos: new TodoRepository(knex),
    tags: new TagRepository(knex),
    reminders: new ReminderRepository(knex),
    changes: new ChangeRepository(knex),
  };
}

export function createUnitOfWork(knex: Knex): UnitOfWork {
  return {
    read: repositories(knex),
    transaction: (work) => knex.transaction((trx) => work(repositories(trx))),
  };
}
