// The worker's tables, applied to DATABASE_URL by a deploy step (the Helm chart's migration Job runs
// this from the worker image beside core-service's migrate-cli), so replicas can start with
// MIGRATE_ON_START=false. `node --import tsx worker/src/db/migrate-cli.ts down` rolls back the last batch.
import { runMigrateCommand } from '@todo/platform';
import { workerMigrations } from './migrations/index.ts';

await runMigrateCommand(workerMigrations, 'worker-pglite');
