// The system on Dapr as a cluster runs it: two bff, two core-service and two worker processes, each
// with its own real daprd loading dapr/local (only addresses differ), sentry for mTLS, Redis and
// PostgreSQL. Everything goes through the public API of one bff and then the other, and the proofs are
// what a person or an operator would see: a shared session, a shared sign-in limit, invocation counted
// by the sidecars, pokes, one activity entry and one push per subscription whatever the replica count,
// access control, and no lost write when a core-service dies.
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { parse, stringify } from 'yaml';
import { ApiClient, signUp } from '../support/client.ts';
import { startSidecar, writeRunFile } from '../support/dapr-processes.ts';
import { activityOf, startTopology, type Topology } from '../support/dapr-topology.ts';
import { openSyncStream } from '../support/sse.ts';
import { waitFor } from '../support/wait.ts';

let topo: Topology;
let bffs: string[];

beforeAll(async () => {
  topo = await startTopology({ replicas: 2, pubsub: 'redis' });
  bffs = topo.replicas.bff.map((r) => r.app.url);
}, 240_000);
afterAll(async () => {
  await topo?.close();
}, 60_000);

/** On a failure, the last lines of every process's log. */
const logsOnFailure = () => onTestFailed(() => console.error(topo.group.tail(60)));

const redis = (...args: string[]) =>
  execFileSync('redis-cli', ['-u', topo.redis.url, ...args], { encoding: 'utf8' }).trim();

describe('two replicas of every service, each with its own daprd', () => {
  it('shares sessions through the state store: sign in on one bff, signed in on the other, out on both', async () => {
    logsOnFailure();
    const { client } = await signUp(bffs[0]!);
    const onOther = new ApiClient(bffs[1]!);
    onOther.cookie = client.cookie;
    expect((await onOther.get('/api/auth/me')).status).toBe(200);

    // In Redis under the bff's key prefix, with the session's lifetime as its TTL.
    const tokenValue = client.cookie!.slice(client.cookie!.indexOf('=') + 1);
    const key = `bff||session:${createHash('sha256').update(decodeURIComponent(tokenValue)).digest('base64url')}`;
    expect(redis('EXISTS', key)).toBe('1');
    const ttl = Number(redis('TTL', key));
    expect(ttl).toBeGreaterThan(60 * 60 * 24 * 29);
    expect(ttl).toBeLessThanOrEqual(60 * 60 * 24 * 30);

    expect((await onOther.post('/api/auth/logout')).status).toBe(204);
    const back = new ApiClient(bffs[0]!);
    back.cookie = client.cookie;
    expect((await back.get('/api/auth/me')).status).toBe(401);
    expect(redis('EXISTS', key)).toBe('0');
  });

  it('counts wrong passwords across both bffs: the 11th is refused with 429', async () => {
    logsOnFailure();
    const { email } = await signUp(bffs[0]!);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await new ApiClient(bffs[i % 2]!).post('/api/auth/login', {
        email,
        password: `wrong ${i}`,
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it('serves a todo made through bff 2 by core-service over invocation, pokes bff 1, and records it once', async () => {
    logsOnFailure();
    const { client } = await signUp(bffs[1]!);
    const sidecar = topo.replicas.bff[1]!.sidecar;
    // Calls bff 2's sidecar sent to core-service's sidecars (gRPC between sidecars, mTLS), and the
    // calls from the bff that core-service's sidecars received.
    const sent = () =>
      sidecar.metric('dapr_runtime_service_invocation_req_sent_total', { dst_app_id: 'core-service' });
    const received = async () => {
      let sum = 0;
      for (const core of topo.replicas['core-service'])
        sum += await core.sidecar.metric('dapr_runtime_service_invocation_req_recv_total', {
          src_app_id: 'bff',
        });
      return sum;
    };
    const [sentBefore, receivedBefore] = [await sent(), await received()];

    const stream = openSyncStream(`${bffs[0]}/api/sync/stream?clientId=laptop`, client.cookie!, 20_000);
    await stream.ready;
    const created = await client.post('/api/todos', { title: 'Through the sidecars' });
    expect(created.status, created.text).toBe(201);
    expect((await client.get(`/api/todos/${created.body.id}`)).body.title).toBe('Through the sidecars');
    expect(await sent()).toBeGreaterThanOrEqual(sentBefore + 2);
    expect(await received()).toBeGreaterThanOrEqual(receivedBefore + 2);
    expect(await stream.change).not.toBeNull();

    // Two workers share the `worker` consumer group: the event is handled once. The activity call
    // itself goes bff → worker by invocation.
    await waitFor(async () => (await activityOf(client, created.body.id)).length > 0, {
      timeoutMs: 20_000,
      what: 'the todo.created activity entry',
    });
    await new Promise((r) => setTimeout(r, 3_000));
    const entries = await activityOf(client, created.body.id);
    expect(entries.map((e) => e.type)).toEqual(['todo.created']);
  });

  it('sends a reminder driven by the cron binding once per subscription, with the VAPID key from the secret store', async () => {
    logsOnFailure();
    const { client } = await signUp(bffs[0]!);
    const key = (await client.get('/api/push/vapid-public-key')).body.key as string;
    // The key the worker serves is the secret store's (no worker was given VAPID keys in its env).
    expect(key).toBe(topo.vapidPublicKey);
    const devices = [];
    for (let i = 0; i < 2; i++) {
      const { subscription, clientHash } = await topo.push.subscribe(key);
      const res = await new ApiClient(bffs[i]!).request('POST', '/api/push/subscriptions', {
        body: subscription,
        headers: { cookie: client.cookie! },
      });
      expect(res.status, res.text).toBeLessThan(300);
      devices.push(clientHash);
    }
    const todo = await client.post('/api/todos', { title: 'Call the plumber' });
    const reminder = await new ApiClient(bffs[1]!).request('POST', `/api/todos/${todo.body.id}/reminder`, {
      body: { remindAt: new Date(Date.now() + 2_000).toISOString() },
      headers: { cookie: client.cookie! },
    });
    expect(reminder.status, reminder.text).toBe(201);

    // The emulator decrypts each message and checks its VAPID token against the public key, so an
    // arrival proves the worker signed with the secret store's private key.
    for (const device of devices)
      await waitFor(async () => (await topo.push.messages(device)).length > 0, {
        timeoutMs: 30_000,
        what: `the reminder on device ${device}`,
      });
    // Both core-services' cron bindings keep ticking: still one message per device.
    await new Promise((r) => setTimeout(r, 4_000));
    for (const device of devices) {
      const messages = await topo.push.messages(device);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('Call the plumber');
    }
  });

  it("refuses core-service's internal API without the token, and Dapr invocation from an app id it does not allow", async () => {
    logsOnFailure();
    const core = topo.replicas['core-service'][0]!;
    const direct = await fetch(`${core.app.url}/internal/users/${randomUUID()}`);
    expect(direct.status).toBe(401);
    // Nor does the sidecar's own token open it: only the sidecar presents the app token.
    const asSidecarWithoutToken = await fetch(`${core.app.url}/internal/users/${randomUUID()}`, {
      headers: { 'dapr-api-token': topo.tokens.dapr },
    });
    expect(asSidecarWithoutToken.status).toBe(401);

    // A sidecar with its own mTLS identity, app id `intruder`, in the same name resolution.
    const bffConfig = parse(readFileSync(path.join(topo.group.dir, 'config-bff.yaml'), 'utf8'));
    bffConfig.metadata.name = 'intruder';
    const intruder = await startSidecar(topo.group, {
      appId: 'intruder',
      sentry: topo.sentry,
      configFile: writeRunFile(topo.group, 'config-intruder.yaml', stringify(bffConfig)),
      env: { REDIS_HOST: topo.redis.host, SECRETS_FILE: topo.sidecarEnv.SECRETS_FILE! },
    });
    const denied = await fetch(
      `http://127.0.0.1:${intruder.httpPort}/v1.0/invoke/core-service/method/internal/users/${randomUUID()}`,
    );
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('access control policy has denied access');
    await intruder.proc.stop();

    // The same call from the bff's sidecar reaches core-service (which then wants the internal token).
    const bffSidecar = topo.replicas.bff[0]!.sidecar;
    const allowed = await fetch(
      `http://127.0.0.1:${bffSidecar.httpPort}/v1.0/invoke/core-service/method/internal/users/${randomUUID()}`,
      { headers: { 'dapr-api-token': topo.tokens.dapr } },
    );
    expect(allowed.status).toBe(401);
  });

  it('keeps serving through both bffs when a core-service and its sidecar die, and loses nothing acknowledged', async () => {
    logsOnFailure();
    const { client } = await signUp(bffs[0]!);
    const clients = bffs.map((url) => {
      const c = new ApiClient(url);
      c.cookie = client.cookie;
      return c;
    });
    const acknowledged: string[] = [];
    const failures: string[] = [];
    const write = async (i: number) => {
      const res = await clients[i % 2]!.post('/api/todos', { title: `Write ${i}` });
      if (res.status === 201) acknowledged.push(res.body.id);
      else failures.push(`${i}: ${res.status} ${res.text}`);
    };
    for (let i = 0; i < 6; i++) await write(i);

    const victim = topo.replicas['core-service'][0]!;
    await Promise.all([victim.app.proc.kill(), victim.sidecar.proc.kill()]);
    for (let i = 6; i < 30; i++) await write(i);

    expect(failures).toEqual([]);
    for (const c of clients) {
      const listed = await c.get('/api/todos?limit=100');
      expect(listed.status).toBe(200);
      const ids = new Set((listed.body.items as { id: string }[]).map((t) => t.id));
      expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    }
    expect(acknowledged).toHaveLength(30);
  });
});
