// globalSetup of the `stack` project: the real PostgreSQL server gets a clean schema, every migration
// (core-service's and the worker's) is applied, rolled all the way back and applied again (so `down`
// is proven too).
import { coreMigrations } from '@todo/core-service';
import { createDatabase } from '@todo/platform';
import { workerMigrations } from '@todo/worker';

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('npm run test:stack needs DATABASE_URL (scripts/stack-services.sh prints it)');
  const db = createDatabase({ url });
  try {
    await db.knex.raw('DROP SCHEMA IF EXISTS public CASCADE');
    await db.knex.raw('CREATE SCHEMA public');
    for (const migrations of [coreMigrations, workerMigrations]) {
      await db.migrate(migrations);
      await db.rollback(migrations, true);
      await db.migrate(migrations);
    }
  } finally {
    await db.close();
  }
}
