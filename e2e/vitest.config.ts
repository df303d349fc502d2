// Browser end-to-end tests: Debian's Chromium driven by playwright-core against a private embedded
// stack that support/global-setup.ts builds and starts. Run: npx vitest run --config e2e/vitest.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file drives its own browsers against the one stack; files run one after another so timing
    // assertions (a change seen on the other device within a second) do not compete for the CPU.
    fileParallelism: false,
    // expect.poll waits for what the page shows next (a render after a stored write): 1 s, its default,
    // is too short on a busy CI machine. Time limits the product promises are asserted with their own.
    expect: { poll: { timeout: 5_000 } },
  },
});
