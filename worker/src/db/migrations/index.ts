// The worker's migrations, listed rather than read from disk (as core-service does), recorded in
// their own table so the worker can share core-service's database without touching its history.
// Add new files at the end; never rename or edit one that has shipped.
import type { Migrations } from '@todo/platform';
import type { Knex } from '../knex.ts';
import * as m0001 from './20261125_0001_push_subscriptions.ts';
import * as m0002 from './20261125_0002_notification_deliveries.ts';
import * as m0003 from './20261125_0003_activity.ts';
import * as m0004 from './20261204_0004_notification_jobs.ts';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

const migrations: Record<string, Migration> = {
  '20261125_0001_push_subscriptions': m0001,
  '20261125_0002_notification_deliveries': m0002,
  '20261125_0003_activity': m0003,
  '20261204_0004_notification_jobs': m0004,
};

const source: Migrations['source'] = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};

export const workerMigrations: Migrations = { source, table: 'worker_migrations' };
