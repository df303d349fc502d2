// `npm run backup [-- <to>]` and `npm run restore -- <from>`: the embedded default's DATA_DIR (PGlite,
// sessions, VAPID keys) into a new folder and back, safe while `npm start` runs (it makes the copy
// itself); with DATABASE_URL set, pg_dump's custom format into a file and pg_restore from it.
// docs/operations-backup.md says when to use which and how to check a restore.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  BACKUP_SOCKET,
  createDatabase,
  DataDirInUseError,
  lockDataDir,
  requestBackup,
  restoreBackup,
  writeBackup,
  type BackupManifest,
} from '@todo/platform';

const [command, target] = process.argv.slice(2);
const dataDir = path.resolve(process.env.DATA_DIR || '.data');
const databaseUrl = process.env.DATABASE_URL;

function usage(): never {
  console.error(
    'usage: npm run backup [-- <new folder or file>]\n' +
      '       npm run restore -- <backup folder or file>\n' +
      'DATA_DIR (default .data) is the embedded data directory; with DATABASE_URL set, its PostgreSQL ' +
      'database is dumped (pg_dump) and restored (pg_restore) instead.',
  );
  process.exit(2);
}

/** Runs a PostgreSQL client tool with its output shown; rejects on a non-zero exit. */
function run(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} exited with ${code}`))));
  });
}

/** The running `npm start` makes the copy; with none running, this process does, holding the lock. */
async function backupDataDir(to: string): Promise<BackupManifest> {
  const viaApp = await requestBackup(dataDir, to);
  if (viaApp) return viaApp;
  if (!existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))) {
    throw new Error(`${dataDir} holds no embedded database (set DATA_DIR, or DATABASE_URL for a server)`);
  }
  let release: () => void;
  try {
    release = lockDataDir(dataDir);
  } catch (err) {
    // Started between the two looks: ask it after all.
    if (!(err instanceof DataDirInUseError)) throw err;
    const late = await requestBackup(dataDir, to);
    if (!late) {
      throw new Error(
        `${dataDir} is held by a running process that does not answer on ${BACKUP_SOCKET} (still starting, ` +
          `or a service run alone): try again once it is ready, or stop it first`,
      );
    }
    return late;
  }
  const database = createDatabase({ dataDir: path.join(dataDir, 'pglite') });
  try {
    return await writeBackup(database, dataDir, to);
  } finally {
    await database.close();
    release();
  }
}

async function main() {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  if (command === 'backup') {
    const to = path.resolve(target ?? path.join('backups', `todo-${stamp}${databaseUrl ? '.dump' : ''}`));
    if (existsSync(to)) throw new Error(`${to} exists already: name a new one`);
    if (databaseUrl) {
      // One snapshot (pg_dump's own transaction), compressed, restorable table by table.
      await run('pg_dump', ['--format=custom', '--no-owner', '--file', to, databaseUrl]);
      console.log(`PostgreSQL database dumped to ${to}`);
    } else {
      const manifest = await backupDataDir(to);
      console.log(`${dataDir} backed up to ${to}: ${JSON.stringify(manifest.files)}`);
    }
  } else if (command === 'restore') {
    if (!target) usage();
    const from = path.resolve(target);
    if (databaseUrl) {
      // Into an empty database (createdb first): --exit-on-error stops at the first object that exists.
      await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', databaseUrl, from]);
      console.log(`${from} restored into the database of DATABASE_URL`);
    } else {
      await restoreBackup(from, dataDir);
      console.log(`${from} restored into ${dataDir}: npm start opens it`);
    }
  } else {
    usage();
  }
}

main().catch((err: Error) => {
  console.error(`\n  ${err.message}\n`);
  process.exit(1);
});
