// `npm start` as a newcomer meets it: time from launching the embedded stack to the app answering
// (first start on an empty DATA_DIR, which runs the migrations, and a restart on existing data),
// and the process's resident memory when ready and after 1,000 todos went through the API.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtEntry } from '../scripts/lib/services-build.ts';
import { signUp } from '../tests/support/client.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'todo-bench-'));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

// Built before the clock starts: `npm start` builds too, but a build is not what this measures.
const entry = await builtEntry('embedded');

async function launch() {
  const started = performance.now();
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /open (http:\/\/localhost:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  // Ready means answering: the first health check that comes back.
  while ((await fetch(`${url}/readyz`).catch(() => null))?.status !== 200)
    await new Promise((r) => setTimeout(r, 10));
  const readyMs = Math.round(performance.now() - started);
  return {
    child,
    url,
    readyMs,
    stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))),
  };
}

try {
  const first = await launch();
  const readyRss = rssMb(first.child.pid!);
  const { client } = await signUp(first.url);
  for (let i = 0; i < 1000; i++)
    await client.post('/api/todos', { title: `Bench todo ${i}`, priority: 'high' });
  await client.get('/api/todos/search?q=bench');
  const loadedRss = rssMb(first.child.pid!);
  await first.stop();
  const second = await launch();
  const restartRss = rssMb(second.child.pid!);
  await second.stop();
  console.log(
    JSON.stringify({
      bench: 'startup',
      firstStartReadyMs: first.readyMs,
      restartReadyMs: second.readyMs,
      rssMbWhenReady: readyRss,
      rssMbAfter1000Todos: loadedRss,
      rssMbAfterRestart: restartRss,
    }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
