// Builds the PWA into a private directory (so the tests see the current source, and nobody else's
// build changes it under them) and starts one private embedded stack for all browser tests; every
// test signs up its own person, so they never see each other's data. E2E_TOPOLOGY=dapr starts the
// Dapr topology instead (two replicas of every service, each beside its own daprd: needs
// DATABASE_URL, DAPRD_PATH and DAPR_SENTRY_PATH), and a person's second device uses the second bff.
import type { TestProject } from 'vitest/node';
import { startTopology } from '../../tests/support/dapr-topology.ts';
import { buildPwa, startStack } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Where a person's second device connects: the second bff under Dapr, the same server embedded. */
    secondBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // E2E_PWA_DIR serves an existing build instead (e.g. pwa/dist after `npm run build -w pwa`).
  const pwaDir = process.env.E2E_PWA_DIR ? undefined : buildPwa();
  if (process.env.E2E_TOPOLOGY === 'dapr') {
    const topology = await startTopology({ replicas: 2, ...(pwaDir ? { pwaDir } : {}) });
    const [first, second] = topology.replicas.bff;
    project.provide('baseUrl', first!.app.url);
    project.provide('secondBaseUrl', second!.app.url);
    return () => topology.close();
  }
  const stack = await startStack({ pwaDir });
  project.provide('baseUrl', stack.url);
  project.provide('secondBaseUrl', stack.url);
  return async () => {
    await stack.stop();
  };
}
