// `npm run migrate`: applies the migrations to DATABASE_URL (the Helm chart runs this as a Job).
// `npm run migrate -- down` rolls back the last batch.
import { runMigrateCommand } from '@todo/platform';
import { coreMigrations } from './migrations/index.ts';

await runMigrateCommand(coreMigrations, 'pglite');
