// What the PWA's build is made from, as one digest: `npm start` rebuilds pwa/dist only when it changed
// (the build was most of start's 7.8 s, issue 15).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Folders and files (relative to the repository) whose content makes pwa/dist. */
export const PWA_INPUTS = [
  'pwa',
  'packages/contracts',
  'packages/recurrence',
  'packages/todo-rules',
  'package-lock.json',
  'tsconfig.base.json',
];

/** Never inputs: the build's own output, installed packages, and tests (not bundled). */
const SKIPPED = new Set(['node_modules', 'dist', '.vite']);
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

function files(root: string, relative: string, out: string[]): void {
  const full = path.join(root, relative);
  if (!statSync(full, { throwIfNoEntry: false })) return;
  if (statSync(full).isFile()) {
    out.push(relative);
    return;
  }
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) files(root, child, out);
    else if (entry.isFile() && !isTest(entry.name)) out.push(child);
  }
}

/** A sha256 over every input file's path and content, in a stable order. */
export function pwaInputsDigest(root: string, inputs: readonly string[] = PWA_INPUTS): string {
  const list: string[] = [];
  for (const input of inputs) files(root, input, list);
  const hash = createHash('sha256');
  for (const file of list.sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
