// Builds the services, the one-process launcher and the images' command-line steps into dist/, one
// JavaScript file each (scripts/build-services.ts says why); launchers in tests and benches use
// builtEntry to run what `npm start` and the images run.
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');

export const ENTRIES = {
  'core-service': 'core-service/src/main.ts',
  'core-migrate': 'core-service/src/db/migrate-cli.ts',
  'kafka-topics': 'scripts/kafka-topics.ts',
  worker: 'worker/src/main.ts',
  'worker-migrate': 'worker/src/db/migrate-cli.ts',
  bff: 'bff/src/main.ts',
  embedded: 'scripts/embedded.ts',
} as const;

export type Entry = keyof typeof ENTRIES;

/**
 * A package is left to node_modules when the repository's root would resolve it to the same copy as
 * its importer does; our own packages (@todo/*) and any copy nested under a workspace (the worker's
 * ipaddr.js 2, beside the root's 1.9 that proxy-addr needs) are compiled in. From dist/ only the
 * root's node_modules is found, and the images carry only that one.
 */
function packagesFromRoot(): Plugin {
  // Real paths, as esbuild resolves them (node_modules may be a link).
  const rootModules = realpathSync(path.join(root, 'node_modules')) + path.sep;
  return {
    name: 'packages-from-root',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith('@todo/') || args.pluginData === 'inner') return undefined;
        const found = await b.resolve(args.path, {
          resolveDir: args.resolveDir,
          kind: args.kind,
          importer: args.importer,
          pluginData: 'inner',
        });
        if (found.errors.length > 0) return { errors: found.errors };
        if (found.external || found.path.startsWith(rootModules)) return { path: args.path, external: true };
        return { path: found.path };
      });
    },
  };
}

/**
 * Builds every entry into dist/ and returns the path of each. A file whose content changed is
 * written beside and renamed over the old one, so a process starting meanwhile (tests build in
 * parallel) never reads half a file.
 */
export async function buildServices(): Promise<Record<Entry, string>> {
  const outdir = path.join(root, 'dist');
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Names kept (not minified): stack traces in the logs still name our functions.
    keepNames: true,
    plugins: [packagesFromRoot()],
    // A CommonJS package compiled in (one nested under a workspace) calls require(): ESM has none.
    banner: {
      js: "import { createRequire as __createRequireForBundle } from 'node:module'; const require = __createRequireForBundle(import.meta.url);",
    },
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(outdir, { recursive: true });
  for (const file of result.outputFiles) {
    let current: string | undefined;
    try {
      current = readFileSync(file.path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === file.text) continue;
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  return Object.fromEntries(
    Object.keys(ENTRIES).map((name) => [name, path.join(outdir, `${name}.mjs`)]),
  ) as Record<Entry, string>;
}

let built: Promise<Record<Entry, string>> | undefined;

/** The built file of `entry`, built once per process (launchers in tests and benches call it). */
export async function builtEntry(entry: Entry): Promise<string> {
  built ??= buildServices();
  return (await built)[entry];
}
