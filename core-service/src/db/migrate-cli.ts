// `npm run migrate`: applies the migrations to DATABASE_URL (the Helm chart runs this as a Job).
// `npm run migrate -- down` rolls back the last batch.
import { createDatabase } from '@todo/platform';
import { coreMigrations } from './migrations/index.ts';

const url = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR ? `${process.env.DATA_DIR}/pglite` : '.data/pglite';
const db = createDatabase(url ? { url } : { dataDir });
try {
  if (process.argv[2] === 'down') {
    const undone = await db.rollback(coreMigrations);
    console.log(`rolled back: ${undone.join(', ') || 'nothing'}`);
  } else {
    const applied = await db.migrate(coreMigrations);
    console.log(`applied: ${applied.join(', ') || 'nothing (up to date)'}`);
  }
} finally {
  await db.close();
}
