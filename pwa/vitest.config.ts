// The PWA's unit tests (pwa/src/**/*.test.ts): pure sync, query and date rules, and the Dexie layer on
// fake-indexeddb; components (*.test.tsx, `@vitest-environment happy-dom`) with Testing Library.
// Run from the repository root: npx vitest run --config pwa/vitest.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'pwa',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
