// Every package the services run declares support for the Node.js they run on. A dependency that
// moved on to a newer Node (ical-generator 11 dropped Node 20) installs without a word, with npm's
// engine check off by default, and breaks the day it first uses a newer API.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const ourRange = (readJson(path.join(root, 'package.json')).engines as { node: string }).node;

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function productionPackages(): string[] {
  const out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: root,
    encoding: 'utf8',
  });
  return [...new Set(out.trim().split('\n'))].filter((dir) => dir.includes('node_modules'));
}

describe('dependency engines', () => {
  it('every production dependency supports the oldest Node.js our engines field allows', () => {
    const oldest = semver.minVersion(ourRange);
    expect(oldest, `engines.node ${ourRange}`).not.toBeNull();
    const packages = productionPackages();
    expect(packages.length).toBeGreaterThan(100);
    const refused = packages.flatMap((dir) => {
      const pkg = readJson(path.join(dir, 'package.json'));
      const range = (pkg.engines as { node?: string } | undefined)?.node;
      if (!range || semver.satisfies(oldest!, range)) return [];
      return [`${String(pkg.name)}@${String(pkg.version)} needs node ${range}`];
    });
    expect(refused, `Node ${oldest!.version} (engines.node ${ourRange})`).toEqual([]);
  });
});
