import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pwaInputsDigest } from './pwa-inputs.ts';

function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pwa-inputs-'));
  mkdirSync(path.join(root, 'pwa/src'), { recursive: true });
  mkdirSync(path.join(root, 'pwa/dist'), { recursive: true });
  writeFileSync(path.join(root, 'pwa/src/app.tsx'), 'export const a = 1;');
  writeFileSync(path.join(root, 'package-lock.json'), '{}');
  return root;
}
const inputs = ['pwa', 'package-lock.json', 'packages/absent'];

describe('the PWA build inputs digest', () => {
  it('is the same for the same files, whatever the build wrote or a test says', () => {
    const root = tree();
    const before = pwaInputsDigest(root, inputs);
    writeFileSync(path.join(root, 'pwa/dist/index.html'), '<html>');
    writeFileSync(path.join(root, 'pwa/src/app.test.tsx'), 'test');
    expect(pwaInputsDigest(root, inputs)).toBe(before);
  });

  it('changes when a source, a new file or the lockfile changes', () => {
    const root = tree();
    const seen = new Set([pwaInputsDigest(root, inputs)]);
    writeFileSync(path.join(root, 'pwa/src/app.tsx'), 'export const a = 2;');
    seen.add(pwaInputsDigest(root, inputs));
    writeFileSync(path.join(root, 'pwa/src/other.ts'), '');
    seen.add(pwaInputsDigest(root, inputs));
    writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    seen.add(pwaInputsDigest(root, inputs));
    expect(seen.size).toBe(4);
  });

  it('tells a moved file from an unchanged tree', () => {
    const root = tree();
    const before = pwaInputsDigest(root, inputs);
    writeFileSync(path.join(root, 'pwa/src/app2.tsx'), 'export const a = 1;');
    rmSync(path.join(root, 'pwa/src/app.tsx'));
    expect(pwaInputsDigest(root, inputs)).not.toBe(before);
  });
});
