// Builds the PWA (so the tests see the current source) and starts one private embedded stack for
// all browser tests; every test signs up its own person, so they never see each other's data.
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { ROOT, startStack } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!process.env.E2E_SKIP_BUILD) {
    // Vitest sets NODE_ENV=test, which would give Vite a development build (no service worker).
    const env = { ...process.env, NODE_ENV: 'production' };
    execFileSync('npm', ['run', 'build', '-w', 'pwa'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const stack = await startStack();
  project.provide('baseUrl', stack.url);
  return async () => {
    await stack.stop();
  };
}
