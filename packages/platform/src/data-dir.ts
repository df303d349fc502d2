// The embedded default's data directory holds password hashes, sessions, todo text and the VAPID
// private key: only its owner may read it (0700 folders, 0600 files, existing ones tightened at
// start), and only one process may open it at a time (PGlite's files opened by two processes lose
// acknowledged writes and may not open again).
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { createDatabase, type Database } from './database.ts';

/**
 * Makes `dir` private to this user: every file this process creates from now on is 0600 (folders
 * 0700), whoever creates it (PGlite's WebAssembly file system included), and what is there already is
 * tightened. Symbolic links are left alone (their targets are not ours to change).
 */
export function protectDataDir(dir: string): void {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir);
}

function tighten(file: string): void {
  const stat = lstatSync(file);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(file, 0o700);
    for (const entry of readdirSync(file)) tighten(path.join(file, entry));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(file, stat.mode & 0o700);
  }
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/**
 * Takes `dir`'s lock for as long as this process lives (released on exit): a file (`dir/name`)
 * holding this process's id, created only if absent. A lock whose process is gone (killed, crashed)
 * is stale and taken over; one whose process is alive refuses, naming it.
 */
export function lockDataDir(dir: string, name = 'lock'): () => void {
  const file = path.join(dir, name);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = Number.parseInt(readLock(file), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new DataDirInUseError(
          `${path.resolve(dir)} is in use by process ${holder} (another \`npm start\`?). Stop that ` +
            `process, or give this one a directory of its own: DATA_DIR=/some/other/dir npm start`,
        );
      }
      // The process that held it is gone: the lock is stale.
      unlinkSync(file);
    }
  }
  const release = () => {
    try {
      if (readLock(file).trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}

function readLock(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A service's own database when run alone: the PostgreSQL server of `url`, else PGlite in
 * `dataDir/folder`, the directory made private and `folder.lock` held for the process's life (the
 * launcher does both for everyone and hands its database in instead).
 */
export function openServiceDatabase(options: { url?: string; dataDir: string; folder: string }): Database {
  if (options.url) return createDatabase({ url: options.url });
  protectDataDir(options.dataDir);
  lockDataDir(options.dataDir, `${options.folder}.lock`);
  return createDatabase({ dataDir: path.join(options.dataDir, options.folder) });
}
