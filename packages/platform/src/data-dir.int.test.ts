// A service run alone on PGlite opens its own database private and locked, as the launcher would
// (another process's refusal by that lock: data-dir.test.ts).
import { lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openServiceDatabase } from './data-dir.ts';

it('opens PGlite in its folder, the directory private and the folder locked to this process', async () => {
  const umask = process.umask();
  const dir = mkdtempSync(path.join(tmpdir(), 'service-db-'));
  try {
    const db = openServiceDatabase({ dataDir: dir, folder: 'worker-pglite' });
    try {
      const { rows } = await db.knex.raw<{ rows: { one: number }[] }>('select 1 as one');
      expect(rows).toEqual([{ one: 1 }]);
      expect((lstatSync(dir).mode & 0o777).toString(8)).toBe('700');
      expect(lstatSync(path.join(dir, 'worker-pglite')).isDirectory()).toBe(true);
      expect(readFileSync(path.join(dir, 'worker-pglite.lock'), 'utf8')).toContain(String(process.pid));
    } finally {
      await db.close();
    }
  } finally {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  }
});
