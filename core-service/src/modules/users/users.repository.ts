import type { Knex } from 'knex';
import { PREPARE } from '@todo/platform';
import type { Settings, SettingsPatch, User, UserCredentials } from '@todo/contracts';
import { FALLBACK_TODO_DEFAULTS, type TodoDefaults } from '../changes/changes.repository.ts';
import { UserModel } from './user.model.ts';

export type { TodoDefaults } from '../changes/changes.repository.ts';

export function toUser(m: UserModel): User {
  return { id: m.id, email: m.email, name: m.name, timeZone: m.timeZone };
}

function toSettings(m: UserModel): Settings {
  return {
    name: m.name,
    timeZone: m.timeZone,
    pushReminders: m.pushReminders,
    emailReminders: m.emailReminders,
    defaultReminderTime: m.defaultReminderTime,
  };
}

/**
 * An account as the API shows it, by id (objection's findById was planned anew each time and built its
 * model: ~0.25 ms of core-service's 0.65 on `GET /api/auth/me`). Binds: id.
 */
const FIND_USER = 'SELECT id, email, name, time_zone AS "timeZone" FROM users WHERE id = ?';

/** What a kept page of todos depends on besides its filter (todos' PageCache). */
export interface PageState {
  /** The person's change version: it moves with every change to what they see. */
  changeVersion: number;
  timeZone: string;
}

/** Prepared: read before every page of todos. Binds: id. */
const PAGE_STATE =
  'SELECT change_version AS "changeVersion", time_zone AS "timeZone" FROM users WHERE id = ?';

export class UserRepository {
  constructor(private readonly knex: Knex) {}

  async insert(user: Omit<UserCredentials, never>, at: Date): Promise<User> {
    const row = await UserModel.query(this.knex).insertAndFetch({ ...user, createdAt: at, updatedAt: at });
    return toUser(row);
  }

  async findByEmail(email: string): Promise<UserCredentials | undefined> {
    const row = await UserModel.query(this.knex).whereRaw('lower(email) = lower(?)', [email]).first();
    return row && { ...toUser(row), passwordHash: row.passwordHash };
  }

  /** Prepared, as the bff asks for it on every `GET /api/auth/me`. */
  async findById(id: string): Promise<User | undefined> {
    const { rows } = (await this.knex.raw(FIND_USER, [id]).options(PREPARE)) as { rows: User[] };
    return rows[0];
  }

  async settings(id: string): Promise<Settings | undefined> {
    const row = await UserModel.query(this.knex).findById(id);
    return row && toSettings(row);
  }

  async updateSettings(id: string, patch: SettingsPatch, at: Date): Promise<Settings | undefined> {
    const row = await UserModel.query(this.knex).patchAndFetchById(id, { ...patch, updatedAt: at });
    return row && toSettings(row);
  }

  /** What a page of todos is kept by (PageCache): the person's change version, and their zone. */
  async pageStateOf(id: string): Promise<PageState> {
    const { rows } = (await this.knex.raw(PAGE_STATE, [id]).options(PREPARE)) as {
      rows: { changeVersion: string; timeZone: string }[];
    };
    const row = rows[0];
    return { changeVersion: row ? Number(row.changeVersion) : 0, timeZone: row?.timeZone ?? 'UTC' };
  }

  async timeZoneOf(id: string): Promise<string> {
    const row = await UserModel.query(this.knex).findById(id).select('timeZone');
    return row?.timeZone ?? 'UTC';
  }

  /** What a new todo of this person takes when it does not say: their zone and reminder time. */
  async todoDefaults(id: string): Promise<TodoDefaults> {
    const row = await UserModel.query(this.knex).findById(id).select('timeZone', 'defaultReminderTime');
    // Only a person who does not exist has no row: the fallback then.
    return row ? { timeZone: row.timeZone, reminderTime: row.defaultReminderTime } : FALLBACK_TODO_DEFAULTS;
  }
}
