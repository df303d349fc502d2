// Migrations are listed here rather than read from disk, so they run the same under tsx, a bundle
// or a container. Add new files at the end; never rename or edit one that has shipped.
import type { Knex } from 'knex';
import * as m0001 from './20261124_0001_users_todos_tags.ts';
import * as m0002 from './20261124_0002_recurrence_reminders.ts';
import * as m0003 from './20261124_0003_change_log_outbox_search.ts';
import * as m0004 from './20261124_0004_sync.ts';
import * as m0005 from './20261124_0005_settings.ts';
import * as m0006 from './20261125_0006_all_day.ts';
import * as m0007 from './20261204_0007_reminder_moved_at.ts';
import * as m0009 from './20261205_0009_todo_list_indexes.ts';
import * as m0010 from './20261205_0010_outbox_traceparent.ts';
import * as m0008 from './20261205_0008_lists.ts';
import * as m0011 from './20261206_0011_calendar_feeds.ts';
import * as m0008b from './20261205_0008_lists_backfill.ts';
import * as m0008c from './20261205_0008_lists_constraints.ts';
import * as m0012 from './20261206_0012_todo_list_sort_indexes.ts';
import * as m0013 from './20261207_0013_todo_tags_by_tag.ts';
import * as m0014 from './20261207_0014_todo_search_by_list.ts';
import * as m0015 from './20261208_0015_reminders_due_when_set.ts';
import * as m0016 from './20261209_0016_todos_all_day_due.ts';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

const migrations: Record<string, Migration> = {
  '20261124_0001_users_todos_tags': m0001,
  '20261124_0002_recurrence_reminders': m0002,
  '20261124_0003_change_log_outbox_search': m0003,
  '20261124_0004_sync': m0004,
  '20261124_0005_settings': m0005,
  '20261125_0006_all_day': m0006,
  '20261204_0007_reminder_moved_at': m0007,
  '20261205_0009_todo_list_indexes': m0009,
  '20261205_0010_outbox_traceparent': m0010,
  '20261205_0008_lists': m0008,
  '20261205_0008_lists_backfill': m0008b,
  '20261205_0008_lists_constraints': m0008c,
  '20261206_0011_calendar_feeds': m0011,
  '20261206_0012_todo_list_sort_indexes': m0012,
  '20261207_0013_todo_tags_by_tag': m0013,
  '20261207_0014_todo_search_by_list': m0014,
  '20261208_0015_reminders_due_when_set': m0015,
  '20261209_0016_todos_all_day_due': m0016,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};

/** core-service's migrations; `knex_migrations` is the table knex has always used for them. */
export const coreMigrations = { source, table: 'knex_migrations' };
