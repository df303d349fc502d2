// The worker's tables, applied to DATABASE_URL by a deploy step (the Helm chart's migration Job runs
// this from the worker image beside core-service's migrate-cli), so replicas can start with
// MIGRATE_ON_START=false. `node --import tsx worker/src/db/migrate-cli.ts down` rolls back the last batch.
import { createDatabase } from '@todo/platform';
import { workerMigrations } from './migrations/index.ts';

const url = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR ? `${process.env.DATA_DIR}/worker-pglite` : '.data/worker-pglite';
const db = createDatabase(url ? { url } : { dataDir });
try {
  if (process.argv[2] === 'down') {
    const undone = await db.rollback(workerMigrations);
    console.log(`rolled back: ${undone.join(', ') || 'nothing'}`);
  } else {
    const applied = await db.migrate(workerMigrations);
    console.log(`applied: ${applied.join(', ') || 'nothing (up to date)'}`);
  }
} finally {
  await db.close();
}
