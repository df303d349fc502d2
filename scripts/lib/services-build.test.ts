// The built services (dist/*.mjs): every entry is built, what they import from npm is found from the
// repository's root (all that dist/ and the images can see), and a package a workspace keeps a copy of
// its own is compiled in from that copy rather than taken from the root. The files run: the launcher
// test starts dist/embedded.mjs, the cluster suite the images.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServices, ENTRIES } from './services-build.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** The npm package of a bare specifier: `@scope/name` or `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = /^import\s(?:[^;]*?\sfrom\s)?"([^"]+)";$/gm;
  const dynamic = /\bimport\("([^"]+)"\)/g;
  const found = [...text.matchAll(statements), ...text.matchAll(dynamic)].map((m) => m[1]!);
  return [...new Set(found)];
}

describe('buildServices', { timeout: 60_000 }, () => {
  it('builds every entry into dist/, importing from npm only packages the root has', async () => {
    const files = await buildServices();

    expect(Object.keys(files).sort()).toEqual(Object.keys(ENTRIES).sort());
    for (const file of Object.values(files)) {
      expect(existsSync(file)).toBe(true);
      const imports = importsOf(file);
      expect(imports.length).toBeGreaterThan(0);
      for (const specifier of imports) {
        if (specifier.startsWith('node:')) continue;
        expect(specifier, `${path.basename(file)} imports a relative path`).not.toMatch(/^\./);
        expect(specifier, `${path.basename(file)} imports our own package`).not.toMatch(/^@todo\//);
        const manifest = path.join(root, 'node_modules', packageOf(specifier), 'package.json');
        expect(existsSync(manifest), `${specifier} from the root`).toBe(true);
      }
    }
  });

  it.each(['core-service', 'worker', 'bff'] as const)(
    '%s loads every module it is made of, up to its configuration check',
    async (service) => {
      const files = await buildServices();

      // No configuration at all: the service stops at its config check, after every module (and every
      // CommonJS package compiled in) was loaded and ran.
      const run = spawnSync(process.execPath, [files[service]], {
        env: { PATH: process.env.PATH },
        encoding: 'utf8',
        timeout: 30_000,
      });

      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/ConfigError: invalid configuration/);
    },
  );

  it("compiles in the worker's own ipaddr.js (2.x), not the root's 1.9 that would let more ranges through", async () => {
    const workerCopy = JSON.parse(
      readFileSync(path.join(root, 'worker/node_modules/ipaddr.js/package.json'), 'utf8'),
    ) as { version: string };
    const rootCopy = JSON.parse(
      readFileSync(path.join(root, 'node_modules/ipaddr.js/package.json'), 'utf8'),
    ) as { version: string };
    expect(workerCopy.version).not.toBe(rootCopy.version);

    const { worker } = await buildServices();
    const text = readFileSync(worker, 'utf8');

    expect(importsOf(worker)).not.toContain('ipaddr.js');
    // Ranges only 2.x names (RFC 6052's NAT64 prefix, ORCHIDv2).
    expect(text).toContain('rfc6052');
    expect(text).toContain('orchid2');
  });
});
