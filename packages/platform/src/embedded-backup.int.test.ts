// The embedded backup on real PGlite files: asked of a running app over its socket, the copy opens
// in a new data directory with the rows committed before it and the side files; restore never writes
// over a database. (Under load, with npm start and npm run backup: tests/chaos/embedded-backup.)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDatabase } from './database.ts';
import { BACKUP_SOCKET, requestBackup, restoreBackup, serveBackups } from './embedded-backup.ts';
import { createLogger } from './logger.ts';

const root = mkdtempSync(path.join(tmpdir(), 'embedded-backup-'));
const umask = process.umask();
afterAll(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

it('copies a running database through its socket, and the copy restores into a new directory', async () => {
  const dataDir = path.join(root, 'data');
  mkdirSync(path.join(dataDir, 'secrets'), { recursive: true });
  writeFileSync(path.join(dataDir, 'state.json'), '[["session:a",{"value":1,"expiresAt":null}]]');
  writeFileSync(path.join(dataDir, 'secrets', 'vapid.json'), '{"publicKey":"p","privateKey":"k"}');
  const database = createDatabase({ dataDir: path.join(dataDir, 'pglite') });
  let settled = 0;
  let begun = () => {};
  const backupBegun = new Promise<void>((resolve) => (begun = resolve));
  const stop = await serveBackups({
    database,
    dataDir,
    logger: createLogger('test', 'silent'),
    settle: async () => {
      settled++;
      begun();
    },
  });
  try {
    await database.knex.raw('CREATE TABLE notes (id int PRIMARY KEY, body text)');
    await database.knex.raw(`INSERT INTO notes VALUES (1, 'before the backup')`);
    // Asked while a transaction is open, the backup waits for it (PGlite has one connection) and
    // holds every row it committed.
    const trx = await database.knex.transaction();
    await trx.raw(`INSERT INTO notes VALUES (2, 'committed while the backup waited')`);
    const pending = requestBackup(dataDir, path.join(root, 'backup'));
    // The backup has begun (it settles first), so it now waits for the open transaction.
    await backupBegun;
    await trx.commit();
    const manifest = await pending;
    expect(settled).toBe(1);
    expect(Object.keys(manifest!.files).sort()).toEqual([
      'pglite.tar.gz',
      'secrets/vapid.json',
      'state.json',
    ]);
    await expect(requestBackup(dataDir, 'relative/path')).rejects.toThrow('absolute path');
    await expect(requestBackup(dataDir, path.join(root, 'backup'))).rejects.toThrow('exists already');
  } finally {
    await stop();
    await database.close();
  }
  // With nothing listening any more, a backup must be made by the command itself.
  expect(await requestBackup(dataDir, path.join(root, 'other'))).toBeUndefined();
  expect(existsSync(path.join(dataDir, BACKUP_SOCKET))).toBe(false);

  await expect(restoreBackup(path.join(root, 'backup'), dataDir)).rejects.toThrow('holds a database already');
  const restoredDir = path.join(root, 'restored');
  await restoreBackup(path.join(root, 'backup'), restoredDir);
  expect(readFileSync(path.join(restoredDir, 'secrets', 'vapid.json'), 'utf8')).toContain('privateKey');
  expect(readFileSync(path.join(restoredDir, 'state.json'), 'utf8')).toContain('session:a');
  const restored = createDatabase({ dataDir: path.join(restoredDir, 'pglite') });
  try {
    const { rows } = await restored.knex.raw<{ rows: { id: number; body: string }[] }>(
      'SELECT id, body FROM notes ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, body: 'before the backup' },
      { id: 2, body: 'committed while the backup waited' },
    ]);
  } finally {
    await restored.close();
  }
}, 180_000);
