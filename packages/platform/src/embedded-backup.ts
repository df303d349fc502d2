// Backups of the embedded default's DATA_DIR (`npm run backup` / `npm run restore`): PGlite's files as
// one consistent tarball, the sessions and the VAPID keys. A running `npm start` makes the backup itself
// on request over a Unix socket in DATA_DIR (0700: only its owner can ask); with none running, the
// command opens the directory itself, holding its lock so that no `npm start` opens it meanwhile.
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { lockDataDir, protectDataDir } from './data-dir.ts';
import type { Database } from './database.ts';
import type { Logger } from './logger.ts';
import { loadPglite } from './pglite.ts';

/** The socket a running `npm start` answers backup requests on, inside DATA_DIR. */
export const BACKUP_SOCKET = 'backup.sock';
const PGLITE_ARCHIVE = 'pglite.tar.gz';
const MANIFEST = 'backup.json';
/** What DATA_DIR holds besides PGlite's folder that a restored app needs: sessions, the VAPID keys. */
const SIDE_FILES = ['state.json', path.join('secrets', 'vapid.json')];

export interface BackupManifest {
  format: 1;
  createdAt: string;
  /** Files in the backup's folder, relative to it, with their sizes. */
  files: Record<string, number>;
}

/**
 * Writes a backup of `database` (PGlite, opened on `dataDir/pglite`) and DATA_DIR's side files into
 * the new folder `to`, whole or not at all (written beside it, then renamed). PGlite has one
 * connection: holding it, the backup waits for the transaction in progress and keeps the next one
 * waiting while it checkpoints and dumps the files, so the copy holds every committed transaction
 * and nothing half done.
 */
export async function writeBackup(database: Database, dataDir: string, to: string): Promise<BackupManifest> {
  if (database.kind !== 'pglite') throw new Error('only a PGlite database is backed up this way');
  if (existsSync(to)) throw new Error(`${to} exists already: name a new folder for the backup`);
  const partial = `${to}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true, mode: 0o700 });
  try {
    const archive = await dumpPglite(database);
    await writeFile(path.join(partial, PGLITE_ARCHIVE), Buffer.from(await archive.arrayBuffer()), {
      mode: 0o600,
    });
    for (const file of SIDE_FILES) {
      if (!existsSync(path.join(dataDir, file))) continue;
      await mkdir(path.dirname(path.join(partial, file)), { recursive: true, mode: 0o700 });
      await copyFile(path.join(dataDir, file), path.join(partial, file));
    }
    const manifest: BackupManifest = { format: 1, createdAt: new Date().toISOString(), files: {} };
    for (const file of [PGLITE_ARCHIVE, ...SIDE_FILES]) {
      const found = await stat(path.join(partial, file)).catch(() => undefined);
      if (found) manifest.files[file] = found.size;
    }
    await writeFile(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await rename(partial, to);
    return manifest;
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
}

/** PGlite's files as a gzipped tarball, taken while holding knex's only connection to it. */
async function dumpPglite(database: Database): Promise<Blob> {
  const client = database.knex.client as {
    acquireConnection(): Promise<PGlite>;
    releaseConnection(connection: PGlite): Promise<void>;
  };
  const pglite = await client.acquireConnection();
  try {
    await pglite.exec('CHECKPOINT');
    return await pglite.dumpDataDir('gzip');
  } finally {
    await client.releaseConnection(pglite);
  }
}

/**
 * Restores the backup folder `from` into `dataDir`, which must hold no database yet (a new folder, or
 * one emptied on purpose): restoring never overwrites data. Takes the directory's lock meanwhile.
 */
export async function restoreBackup(from: string, dataDir: string): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(path.join(from, MANIFEST), 'utf8')) as BackupManifest;
  if (manifest.format !== 1 || !manifest.files[PGLITE_ARCHIVE]) {
    throw new Error(`${from} is not a backup made by npm run backup (no ${MANIFEST} of format 1)`);
  }
  protectDataDir(dataDir);
  const release = lockDataDir(dataDir);
  try {
    const target = path.join(dataDir, 'pglite');
    if (existsSync(target)) {
      throw new Error(
        `${target} holds a database already: restore into a new DATA_DIR, or move it away first`,
      );
    }
    const archive = new Blob([await readFile(path.join(from, PGLITE_ARCHIVE))]);
    const Pglite = loadPglite();
    const pglite = new Pglite(target, { loadDataDir: archive });
    await pglite.waitReady;
    await pglite.close();
    for (const file of SIDE_FILES) {
      if (!manifest.files[file]) continue;
      await mkdir(path.dirname(path.join(dataDir, file)), { recursive: true, mode: 0o700 });
      await copyFile(path.join(from, file), path.join(dataDir, file));
    }
    protectDataDir(dataDir);
    return manifest;
  } finally {
    release();
  }
}

/**
 * Answers `POST /backup {"to": folder}` on DATA_DIR's backup socket for as long as the app runs.
 * `settle` runs first (the launcher writes its pending sessions out). Returns the server's closer.
 */
export async function serveBackups(options: {
  database: Database;
  dataDir: string;
  logger: Logger;
  settle: () => Promise<void>;
}): Promise<() => Promise<void>> {
  const socket = path.join(options.dataDir, BACKUP_SOCKET);
  // This process holds DATA_DIR's lock: a socket file still there is a dead process's.
  if (existsSync(socket)) unlinkSync(socket);
  let queue = Promise.resolve();
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/backup') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      // One backup at a time: two dumps at once would only double the memory they take.
      queue = queue.then(async () => {
        try {
          const { to } = JSON.parse(body) as { to?: unknown };
          if (typeof to !== 'string' || !path.isAbsolute(to))
            throw new Error('"to" must be an absolute path');
          await options.settle();
          const manifest = await writeBackup(options.database, options.dataDir, to);
          options.logger.info({ to, files: manifest.files }, 'backup written');
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(manifest));
        } catch (err) {
          options.logger.warn({ err }, 'backup refused');
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: (err as Error).message }));
        }
      });
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, () => resolve());
    });
  } catch (err) {
    // A socket path longer than the system allows (~107 bytes) must not stop the app from starting:
    // backups then need the app stopped.
    options.logger.warn(
      { err, socket },
      'no backup socket: npm run backup works only while the app is stopped',
    );
    return async () => {};
  }
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/**
 * Asks the `npm start` running on `dataDir` for a backup into `to`. Undefined when none answers
 * there (no socket, or a dead process's); throws what a running one refused with.
 */
export function requestBackup(dataDir: string, to: string): Promise<BackupManifest | undefined> {
  const socketPath = path.join(dataDir, BACKUP_SOCKET);
  if (!existsSync(socketPath)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method: 'POST', path: '/backup' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const answer = JSON.parse(text) as BackupManifest & { error?: string };
        if (res.statusCode === 200) resolve(answer);
        else reject(new Error(answer.error ?? `backup answered ${res.statusCode}`));
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(undefined);
      else reject(err);
    });
    req.end(JSON.stringify({ to }));
  });
}
