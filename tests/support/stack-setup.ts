// globalSetup of the `stack` project: the real PostgreSQL server gets a clean schema, every migration
// is applied, rolled all the way back and applied again (so `down` is proven too).
import { coreMigrations } from '@todo/core-service';
import { createDatabase } from '@todo/platform';

export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('npm run test:stack needs DATABASE_URL (scripts/stack-services.sh prints it)');
  const db = createDatabase({ url });
  try {
    await db.knex.raw('DROP SCHEMA IF EXISTS public CASCADE');
    await db.knex.raw('CREATE SCHEMA public');
    await db.migrate(coreMigrations);
    await db.rollback(coreMigrations, true);
    await db.migrate(coreMigrations);
  } finally {
    await db.close();
  }
}
