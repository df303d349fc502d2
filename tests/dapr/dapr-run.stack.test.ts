// `dapr run -f dapr/dapr.yaml`, the documented way to run the system on Dapr on one machine, through
// scripts/dapr-run.sh as a developer starts it: the CLI starts the three services with their sidecars,
// the public API answers through them (sign-up, a todo created and read back by invocation), and a
// SIGTERM stops every app and sidecar. The run file is dapr/dapr.yaml with only addresses changed
// (free ports, absolute paths, the run's own name-resolution file, Redis and database).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { parse, stringify } from 'yaml';
import { signUp } from '../support/client.ts';
import { ROOT } from '../support/dapr-files.ts';
import {
  daprBinaries,
  freePort,
  ProcessGroup,
  sidecarConfig,
  startRedis,
  waitForHttp,
  type Proc,
} from '../support/dapr-processes.ts';
import { scratchDatabase } from '../support/stack.ts';

let group: ProcessGroup;
let run: Proc;
let database: Awaited<ReturnType<typeof scratchDatabase>>;
let bffUrl: string;
/** Every port the run's apps and sidecars listen on. */
const ports: number[] = [];

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('this suite needs DATABASE_URL (scripts/stack-services.sh)');
  daprBinaries();
  group = new ProcessGroup();
  const redis = await startRedis(group);
  database = await scratchDatabase(url, 1);

  const runFile = parse(readFileSync(path.join(ROOT, 'dapr/dapr.yaml'), 'utf8'));
  runFile.common.resourcesPaths = [path.join(ROOT, 'dapr/local')];
  for (const app of runFile.apps) {
    app.appDirPath = ROOT;
    app.configFilePath = sidecarConfig(group, app.appID);
    const port = await freePort();
    app.appPort = app.env.DAPR_APP_PORT ? await freePort() : port;
    if (app.env.DAPR_APP_PORT) app.env.DAPR_APP_PORT = String(app.appPort);
    app.env.PORT = String(port);
    for (const key of ['daprHTTPPort', 'daprGRPCPort', 'daprInternalGRPCPort', 'metricsPort'])
      app[key] = await freePort();
    ports.push(port, app.appPort, app.daprHTTPPort, app.daprGRPCPort);
    if (app.appID === 'bff') bffUrl = `http://127.0.0.1:${port}`;
  }
  const runFilePath = path.join(group.dir, 'dapr.yaml');
  writeFileSync(runFilePath, stringify(runFile));

  run = group.spawn('dapr-run', path.join(ROOT, 'scripts/dapr-run.sh'), [], {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DAPR_RUN_FILE: runFilePath,
    DAPR_DATA_DIR: path.join(group.dir, 'dapr-data'),
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    SENTRY_HEALTHZ_PORT: String(await freePort()),
    SENTRY_METRICS_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  });
  await waitForHttp(`${bffUrl}/healthz`, run, 180_000);
}, 240_000);

afterAll(async () => {
  await group?.close();
  await database?.dispose();
}, 60_000);

const listening = async (port: number) => {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
};

describe('dapr run -f dapr/dapr.yaml', () => {
  it('starts the system, whose public API answers through the sidecars', async () => {
    onTestFailed(() => console.error(group.tail(80)));
    const { client } = await signUp(bffUrl);
    const created = await client.post('/api/todos', { title: 'Started by the Dapr CLI' });
    expect(created.status, created.text).toBe(201);
    const read = await client.get(`/api/todos/${created.body.id}`);
    expect(read.body.title).toBe('Started by the Dapr CLI');
  });

  it('stops every app and sidecar on SIGTERM', async () => {
    onTestFailed(() => console.error(group.tail(80)));
    run.child.kill('SIGTERM');
    await Promise.race([
      run.exited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('dapr run did not stop in 30 s')), 30_000),
      ),
    ]);
    // The CLI has exited; its apps may take a moment more to close their listeners.
    const stillListening = async () => {
      const open = [];
      for (const port of ports) if (await listening(port)) open.push(port);
      return open;
    };
    await expect.poll(stillListening, { timeout: 10_000 }).toEqual([]);
  });
});
