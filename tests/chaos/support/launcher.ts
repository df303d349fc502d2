// `npm start` (dist/embedded.mjs, built from scripts/embedded.ts) as a child process the chaos suites
// can kill: started on a free port with a data directory of the suite's choosing, ready once it prints
// where to open it.
import { spawn, type ChildProcess } from 'node:child_process';
import { builtEntry } from '../../../scripts/lib/services-build.ts';

export interface Launched {
  child: ChildProcess;
  url: string;
  output: () => string;
}

export async function launch(dataDir: string, env: Record<string, string> = {}): Promise<Launched> {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...env,
  };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, [await builtEntry('embedded')], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`launcher not ready in 120 s:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /open (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`launcher exited with ${code ?? signal}:\n${output}`));
    });
  });
}

/** Stops the launcher with `signal` and resolves once it is gone. */
export function kill(
  launched: Launched,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<number | string | null> {
  if (launched.child.exitCode !== null || launched.child.signalCode !== null) {
    return Promise.resolve(launched.child.exitCode ?? launched.child.signalCode);
  }
  return new Promise((resolve) => {
    launched.child.once('exit', (code, sig) => resolve(code ?? sig));
    launched.child.kill(signal);
  });
}
