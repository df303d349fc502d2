// The data directory's lock and permissions, on real files and real processes.
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir, protectDataDir } from './data-dir.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'data-dir-'));
  dirs.push(dir);
  return dir;
};
const mode = (file: string) => (lstatSync(file).mode & 0o777).toString(8);

describe('protectDataDir', () => {
  it('tightens what is there and makes new files private', () => {
    const umask = process.umask();
    try {
      const dir = tempDir();
      chmodSync(dir, 0o755);
      mkdirSync(path.join(dir, 'sub'), { mode: 0o755 });
      writeFileSync(path.join(dir, 'sub', 'wal'), 'x', { mode: 0o666 });
      chmodSync(path.join(dir, 'sub', 'wal'), 0o666);
      protectDataDir(dir);
      expect([mode(dir), mode(path.join(dir, 'sub')), mode(path.join(dir, 'sub', 'wal'))]).toEqual([
        '700',
        '700',
        '600',
      ]);
      writeFileSync(path.join(dir, 'new'), 'y');
      expect(mode(path.join(dir, 'new'))).toBe('600');
    } finally {
      process.umask(umask);
    }
  });
});

describe('lockDataDir', () => {
  it('refuses while a live process holds it, naming that process, and takes a dead one’s over', async () => {
    const dir = tempDir();
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(path.join(dir, 'lock'), `${holder.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`process ${holder.pid}.*DATA_DIR=`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(() => readFileSync(path.join(dir, 'lock'))).toThrow();
  });
});
