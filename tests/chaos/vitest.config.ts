// The chaos scenarios of issue 11 (npm run test:chaos): processes killed, servers stopped and
// restarted, backups restored, each checking that nothing acknowledged is lost or applied twice.
// Each file starts what it kills itself (its own PostgreSQL cluster, Kafka broker, launcher) on free
// ports; files run one after another, since each loads the machine on purpose.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'chaos',
    include: ['tests/chaos/**/*.chaos.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { TEST_TARGET: 'chaos' },
  },
});
