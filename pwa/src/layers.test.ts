// The PWA's layers run one way (pwa/README.md, "Layers"): the repository's ESLint config refuses an
// import of a higher layer from a lower one, and lets every downward import through. Linted with
// ESLint's Node API as `npm run lint` does, on snippets placed in each layer.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LAYERS = ['lib', 'ui', 'db', 'api', 'sync', 'features', 'app'];
const eslint = new ESLint({ cwd: root });

/** The rules an import of `target` breaks in a file at pwa/src/<layer>/<sub>probe.ts. */
async function brokenBy(layer: string, target: string, sub = ''): Promise<string[]> {
  const up = '../'.repeat(sub.split('/').filter(Boolean).length + 1);
  const code = `import { thing } from '${up}${target}/thing.ts';\n\nexport const used = thing;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${root}pwa/src/${layer}/${sub}probe.ts` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('the PWA’s import layers', () => {
  it('refuse an import of a higher layer, from a file at any depth of a lower one', async () => {
    expect(await brokenBy('sync', 'features')).toEqual(['no-restricted-imports']);
    expect(await brokenBy('features', 'app', 'todos/')).toEqual(['no-restricted-imports']);
    expect(await brokenBy('db', 'sync', 'deep/er/')).toEqual(['no-restricted-imports']);
    for (const [i, layer] of LAYERS.entries()) {
      for (const higher of LAYERS.slice(i + 1)) {
        expect(await brokenBy(layer, higher), `${layer} → ${higher}`).toEqual(['no-restricted-imports']);
      }
    }
  }, 60_000);

  it('let every layer import the ones below it', async () => {
    for (const [i, layer] of LAYERS.entries()) {
      for (const lower of LAYERS.slice(0, i)) {
        expect(await brokenBy(layer, lower), `${layer} → ${lower}`).toEqual([]);
      }
    }
  }, 60_000);
});
