// Projects: `unit` (no I/O), `embedded` (integration on PGlite, part of `npm test`), `stack` (the
// same integration suites against the real servers named in the environment), `chart` (the Helm
// chart's rendered manifests, scripts/chart-check.sh).
import { defineConfig } from 'vitest/config';

const integration = ['**/*.int.test.ts'];
// Suites that need servers no fresh machine has (Kafka, a Dapr sidecar): the stack run only.
const stackOnly = ['**/*.stack.test.ts'];
// The Helm chart's suites need helm (scripts/k8s-tools.sh): scripts/chart-check.sh runs them.
const chartOnly = ['tests/chart/**'];
const exclude = ['**/node_modules/**', '**/dist/**', 'pwa/**', 'e2e/**'];

export default defineConfig({
  test: {
    projects: [
      // The PWA's own unit tests (sync rules, queries, the Dexie layer on fake-indexeddb).
      'pwa/vitest.config.ts',
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...exclude, ...integration, ...stackOnly, ...chartOnly],
        },
      },
      {
        test: {
          name: 'chart',
          include: ['tests/chart/**/*.test.ts'],
          exclude,
          testTimeout: 60_000,
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
