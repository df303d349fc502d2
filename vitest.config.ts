// Three projects: `unit` (no I/O), `embedded` (integration on PGlite, part of `npm test`),
// `stack` (the same integration suites against the real servers named in the environment).
import { defineConfig } from 'vitest/config';

const integration = ['**/*.int.test.ts'];
// Suites that need servers no fresh machine has (Kafka, a Dapr sidecar): the stack run only.
const stackOnly = ['**/*.stack.test.ts'];
// tests/chaos: their own run (npm run test:chaos), with servers they start and kill themselves.
const exclude = ['**/node_modules/**', '**/dist/**', 'pwa/**', 'e2e/**', 'tests/chaos/**'];

export default defineConfig({
  test: {
    projects: [
      // The PWA's own unit tests (sync rules, queries, the Dexie layer on fake-indexeddb).
      'pwa/vitest.config.ts',
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...exclude, ...integration, ...stackOnly],
        },
      },
      {
        test: {
          name: 'embedded',
          include: integration,
          exclude,
          env: { TEST_TARGET: 'embedded' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'stack',
          include: [...integration, ...stackOnly],
          exclude,
          globalSetup: ['tests/support/stack-setup.ts'],
          env: { TEST_TARGET: 'stack' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
