// People as core-service keeps them; the bff hashes and checks passwords, core-service only stores.
import type { CreateUserBody, Settings, SettingsPatch, User, UserCredentials } from '@todo/contracts';
import { conflict, notFound } from '@todo/platform';
import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../db/store.ts';
import { followDefaultReminderTime, type ReminderRepositories } from '../reminders/reminders.service.ts';
import type { UserRepository } from './users.repository.ts';
import { inboxOf, type PlacementRepositories } from '../lists/placement.ts';

/** The repositories the users service works with: a new default reminder time moves reminders. */
export interface UserRepositories extends ReminderRepositories {
  users: Pick<UserRepository, 'insert' | 'findByEmail' | 'findById' | 'settings' | 'updateSettings'>;
  lists: PlacementRepositories['lists'];
}

export class UsersService {
  constructor(
    private readonly uow: UnitOfWork<UserRepositories>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: CreateUserBody): Promise<User> {
    if (await this.uow.current.users.findByEmail(input.email)) {
      throw conflict(`An account for ${input.email} already exists; sign in instead`);
    }
    // The account and its Inbox, together.
    return this.uow.transaction(async (r) => {
      const user = await r.users.insert({ id: uuidv7(), ...input }, this.now());
      await inboxOf(r, user.id);
      return user;
    });
  }

  async credentials(email: string): Promise<UserCredentials> {
    const user = await this.uow.current.users.findByEmail(email);
    if (!user) throw notFound('Account');
    return user;
  }

  async settings(id: string): Promise<Settings> {
    const settings = await this.uow.current.users.settings(id);
    if (!settings) throw notFound('Account');
    return settings;
  }

  /** A new default reminder time moves the default reminders of all-day todos that are still to come. */
  async updateSettings(id: string, patch: SettingsPatch): Promise<Settings> {
    return this.uow.transaction(async (r) => {
      const before = await r.users.settings(id);
      if (!before) throw notFound('Account');
      const now = this.now();
      const settings = (await r.users.updateSettings(id, patch, now))!;
      if (settings.defaultReminderTime !== before.defaultReminderTime) {
        await followDefaultReminderTime(r, id, before.defaultReminderTime, settings.defaultReminderTime, now);
      }
      return settings;
    });
  }

  async get(id: string): Promise<User> {
    const user = await this.uow.current.users.findById(id);
    if (!user) throw notFound('Account');
    return user;
  }
}
