// The Helm chart on a real single-node cluster (scripts/cluster.sh up: kubelet, containerd, CoreDNS,
// the Dapr control plane), installed with values-ci.yaml and driven through the bff Service as a
// client would: every pod Ready beside its injected daprd, sign-up, a todo and its activity entry
// (pub/sub through the sidecars), a reminder fired by the cron binding reaching a push service,
// `helm test`, and `helm upgrade` to a new image tag while a client polls without one failure.
//
// Needs, from `scripts/cluster.sh up` (.ci/run exports them): KUBECONFIG, KUBECTL_PATH, HELM_PATH,
// CLUSTER_GATEWAY, CLUSTER_CA_CERT and CLUSTER_CA_KEY; the images built by `scripts/images.sh build`
// (tag dev); DATABASE_URL, a PostgreSQL the suite makes its own database in.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUp } from '../support/client.ts';
import { httpOk } from '../support/dapr-processes.ts';
import { activityOf } from '../support/dapr-topology.ts';
import { startPushService, type PushService } from '../support/push-service.ts';
import { waitFor } from '../support/wait.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/cluster.sh up first (it prints it)`);
  return value;
}

const env = {
  kubectl: required('KUBECTL_PATH'),
  helm: required('HELM_PATH'),
  gateway: required('CLUSTER_GATEWAY'),
  caCert: required('CLUSTER_CA_CERT'),
  caKey: required('CLUSTER_CA_KEY'),
  databaseUrl: required('DATABASE_URL'),
};
const namespace = 'todo-ci';
const release = 'todo';
const database = 'todo_cluster_ci';
// The three apps' pods (not the hook Jobs' or the test's).
const APPS = 'app.kubernetes.io/component in (bff,core-service,worker)';

async function kubectl(...args: string[]) {
  const { stdout } = await run(env.kubectl, args, { maxBuffer: 32 << 20 });
  return stdout;
}
async function helm(...args: string[]) {
  try {
    const { stdout } = await run(env.helm, args, { maxBuffer: 32 << 20, timeout: 600_000 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`helm ${args[0]} failed:\n${stdout ?? ''}\n${stderr ?? ''}\n${await podReport()}`);
  }
}

// What the pods of the release are doing, for a failure's message.
async function podReport() {
  try {
    return await kubectl('-n', namespace, 'get', 'pods,events', '-o', 'wide');
  } catch {
    return '';
  }
}

// A port on the pods' gateway forwarding to a server that listens on loopback only (the shared
// PostgreSQL): pods reach the host at the gateway.
async function forward(target: { host: string; port: number }): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    const upstream = createConnection(target);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, env.gateway, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

// A Redis of the suite's own on the gateway (the sessions, the state store and Redis Streams of
// the release), so nothing on the shared Redis sees the cluster's events.
async function startRedis(): Promise<{ proc: ChildProcess; port: number }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, env.gateway, resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const proc = spawn(
    'redis-server',
    [
      '--bind',
      env.gateway,
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'no',
    ],
    { stdio: 'ignore' },
  );
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const s = createConnection({ host: env.gateway, port }, () => {
          s.end();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      }),
    { timeoutMs: 10_000, what: 'redis-server on the gateway' },
  );
  return { proc, port };
}

// The push service's certificate, for the gateway's address, signed by the cluster's CA: every pod
// trusts that CA through its service account volume (values-ci.yaml's NODE_EXTRA_CA_CERTS).
async function gatewayCertificate(dir: string) {
  const key = path.join(dir, 'push.key');
  const csr = path.join(dir, 'push.csr');
  const cert = path.join(dir, 'push.crt');
  const ext = path.join(dir, 'push.ext');
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    '/CN=push',
  ]);
  await run('sh', ['-c', `printf 'subjectAltName=IP:${env.gateway}\\n' > '${ext}'`]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    env.caCert,
    '-CAkey',
    env.caKey,
    '-CAcreateserial',
    '-CAserial',
    path.join(dir, 'ca.srl'),
    '-days',
    '1',
    '-out',
    cert,
    '-extfile',
    ext,
  ]);
  return {
    key: readFileSync(key),
    cert: readFileSync(cert),
    certFile: env.caCert,
    ca: readFileSync(env.caCert),
  };
}

let redis: { proc: ChildProcess; port: number };
let postgres: { server: Server; port: number };
let push: PushService;
let bff: string;
let tmp: string;

async function importImages(tag: string) {
  await run(path.join(root, 'scripts/cluster.sh'), [
    'import',
    ...['bff', 'core-service', 'worker'].map((s) => `localhost/todo/${s}:${tag}`),
  ]);
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'cluster-suite-'));
  const url = new URL(env.databaseUrl);
  const admin = new pg.Client({ connectionString: env.databaseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  postgres = await forward({ host: url.hostname, port: Number(url.port || 5432) });
  redis = await startRedis();
  push = await startPushService({ host: env.gateway, tls: await gatewayCertificate(tmp) });

  await importImages('dev');
  await kubectl('delete', 'namespace', namespace, '--ignore-not-found', '--wait=true');
  await kubectl('create', 'namespace', namespace);
  // The chart's pods, sidecars included, must pass the restricted Pod Security Standard here too.
  await kubectl('label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=restricted');
  const dbUrl = new URL(env.databaseUrl);
  dbUrl.hostname = env.gateway;
  dbUrl.port = String(postgres.port);
  dbUrl.pathname = `/${database}`;
  await kubectl(
    '-n',
    namespace,
    'create',
    'secret',
    'generic',
    'database-url',
    `--from-literal=database-url=${dbUrl.href}`,
  );
  await helm(
    'install',
    release,
    path.join(root, 'k8s/charts/todo'),
    '-n',
    namespace,
    '-f',
    path.join(root, 'k8s/charts/todo/values-ci.yaml'),
    '--set',
    `dapr.redis.host=${env.gateway}:${redis.port}`,
    '--wait',
    '--timeout',
    '8m',
  );
  const services = JSON.parse(await kubectl('-n', namespace, 'get', 'services', '-o', 'json')) as {
    items: { metadata: { name: string }; spec: { clusterIP: string; ports: { port: number }[] } }[];
  };
  const service = services.items.find((s) => s.metadata.name.endsWith('-bff'));
  if (!service) throw new Error('the release has no bff Service');
  bff = `http://${service.spec.clusterIP}:${service.spec.ports[0]!.port}`;
  // Ready pods are not yet a Service that answers: kube-proxy programs the endpoints a moment later,
  // and until then the Service's address refuses connections.
  await waitFor(() => httpOk(`${bff}/readyz`), {
    timeoutMs: 60_000,
    everyMs: 250,
    what: 'the bff Service to answer /readyz',
  });
}, 900_000);

afterAll(async () => {
  await helm('uninstall', release, '-n', namespace, '--wait').catch(() => undefined);
  await kubectl('delete', 'namespace', namespace, '--ignore-not-found', '--wait=true').catch(() => undefined);
  await push?.close();
  redis?.proc.kill();
  await new Promise((resolve) => (postgres ? postgres.server.close(resolve) : resolve(undefined)));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 300_000);

describe('the chart on a real node', () => {
  it('runs every app pod Ready beside an injected daprd sidecar, restricted', async () => {
    const pods = JSON.parse(await kubectl('-n', namespace, 'get', 'pods', '-l', APPS, '-o', 'json')) as {
      items: {
        metadata: { name: string };
        spec: { containers: { name: string }[] };
        status: { conditions?: { type: string; status: string }[] };
      }[];
    };
    const apps = pods.items.map((p) => p.spec.containers.map((c) => c.name).sort());
    expect(apps.sort()).toEqual([
      ['bff', 'daprd'],
      ['core-service', 'daprd'],
      ['daprd', 'worker'],
    ]);
    for (const pod of pods.items) {
      expect(pod.status.conditions?.find((c) => c.type === 'Ready')?.status, pod.metadata.name).toBe('True');
    }
  });

  it('signs up, keeps a todo and shows it in the activity history through the sidecars', async () => {
    const { client } = await signUp(bff);
    const created = await client.post('/api/todos', { title: 'Water the plants', priority: 'high' });
    expect(created.status, created.text).toBe(201);
    const listed = await client.get('/api/todos');
    expect(listed.body.items.map((t: { id: string }) => t.id)).toContain(created.body.id);
    // core-service's outbox → Redis Streams → the worker's subscription; read back bff → worker.
    await waitFor(async () => (await activityOf(client, created.body.id)).length > 0, {
      timeoutMs: 60_000,
      everyMs: 500,
      what: 'the todo.created activity entry',
    });
    expect((await activityOf(client, created.body.id)).map((e) => e.type)).toEqual(['todo.created']);
  });

  it('sends a reminder, claimed by the cron binding, to the push service', async () => {
    const { client } = await signUp(bff);
    const key = (await client.get('/api/push/vapid-public-key')).body.key as string;
    const { subscription, clientHash } = await push.subscribe(key);
    const subscribed = await client.post('/api/push/subscriptions', subscription);
    expect(subscribed.status, subscribed.text).toBeLessThan(300);
    const todo = await client.post('/api/todos', { title: 'Call the plumber' });
    const reminder = await client.post(`/api/todos/${todo.body.id}/reminder`, {
      remindAt: new Date(Date.now() + 3_000).toISOString(),
    });
    expect(reminder.status, reminder.text).toBe(201);
    await waitFor(async () => (await push.messages(clientHash)).length > 0, {
      timeoutMs: 60_000,
      everyMs: 500,
      what: 'the reminder at the push service',
    });
    expect((await push.messages(clientHash))[0]).toContain('Call the plumber');
  });

  it('passes helm test', async () => {
    const out = await helm('test', release, '-n', namespace, '--timeout', '3m');
    expect(out).toMatch(/Phase:\s+Succeeded/);
  });

  it('rolls to a new image tag with no failed request from a client polling meanwhile', async () => {
    const tag = `rollout-${randomUUID().slice(0, 8)}`;
    const podman = { env: { ...process.env, ...podmanEnv() } };
    for (const service of ['bff', 'core-service', 'worker'])
      await run(
        'podman',
        ['tag', `localhost/todo/${service}:dev`, `localhost/todo/${service}:${tag}`],
        podman,
      );
    await importImages(tag);
    const { client } = await signUp(bff);
    const todo = await client.post('/api/todos', { title: 'Still here during the rollout' });
    expect(todo.status).toBe(201);

    const failures: string[] = [];
    let requests = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        requests++;
        try {
          const res = await new ApiClient(bff).request('GET', `/api/todos/${todo.body.id}`, {
            headers: { cookie: client.cookie! },
          });
          if (res.status !== 200) failures.push(`${res.status} ${res.text.slice(0, 200)}`);
        } catch (error) {
          failures.push(String(error));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await helm(
        'upgrade',
        release,
        path.join(root, 'k8s/charts/todo'),
        '-n',
        namespace,
        '--reuse-values',
        '--set',
        `image.tag=${tag}`,
        '--wait',
        '--timeout',
        '8m',
      );
    } finally {
      polling = false;
      await poller;
    }
    const images = await kubectl(
      '-n',
      namespace,
      'get',
      'deployments',
      '-l',
      APPS,
      '-o',
      'jsonpath={.items[*].spec.template.spec.containers[0].image}',
    );
    expect(
      images.split(' ').every((image) => image.endsWith(`:${tag}`)),
      images,
    ).toBe(true);
    console.log(`rollout to ${tag}: ${requests} requests while rolling, ${failures.length} failed`);
    expect(requests).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  });
});

// podman's configuration and storage as scripts/images.sh sets them.
function podmanEnv() {
  const cache = path.join(
    process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? '/root', '.cache'),
    'todo-ci',
  );
  return {
    CONTAINERS_CONF: path.join(cache, 'podman/containers.conf'),
    CONTAINERS_STORAGE_CONF: path.join(cache, 'podman/storage.conf'),
  };
}
