// Builds the PWA into a private directory (so the tests see the current source, and nobody else's
// build changes it under them) and starts one private embedded stack for all browser tests; every
// test signs up its own person, so they never see each other's data.
import type { TestProject } from 'vitest/node';
import { buildPwa, startStack } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // E2E_PWA_DIR serves an existing build instead (e.g. pwa/dist after `npm run build -w pwa`).
  const stack = await startStack({ pwaDir: process.env.E2E_PWA_DIR ? undefined : buildPwa() });
  project.provide('baseUrl', stack.url);
  return async () => {
    await stack.stop();
  };
}
