// Projects: `unit` (no I/O), `embedded` (integration on PGlite, part of `npm test`), `stack` (the
// same integration suites against the real servers named in the environment), `chart` (the Helm
// chart's rendered manifests, scripts/chart-check.sh), `cluster` (the chart installed on a real node,
// .ci/run's cluster stage).
import { defineConfig } from 'vitest/config';

const integration = ['**/*.int.test.ts'];
// Suites that need servers no fresh machine has (Kafka, a Dapr sidecar): the stack run only.
const stackOnly = ['**/*.stack.test.ts'];
// The Helm chart's suites need helm (scripts/k8s-tools.sh): scripts/chart-check.sh runs them.
const chartOnly = ['tests/chart/**'];
// The chart on a real node needs scripts/cluster.sh up and the images: .ci/run's cluster stage.
const clusterOnly = ['tests/cluster/**'];
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
          exclude: [...exclude, ...integration, ...stackOnly, ...chartOnly, ...clusterOnly],
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
          name: 'cluster',
          include: ['tests/cluster/**/*.test.ts'],
          exclude,
          testTimeout: 600_000,
          hookTimeout: 900_000,
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
