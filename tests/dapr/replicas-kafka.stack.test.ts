// The pub/sub half of replicas.stack.test.ts once more with the Kafka components compose.yml and the
// cloud use (dapr/compose/pubsub.yaml) against the real broker at KAFKA_BROKERS: two of every service,
// each with its own daprd. A change made through one bff pokes a device on the other (each bff pod its
// own consumer group) and reaches the activity history once although two workers share a group.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { signUp } from '../support/client.ts';
import { activityOf, startTopology, type Topology } from '../support/dapr-topology.ts';
import { changeUntilPoked, openSyncStream } from '../support/sse.ts';
import { waitFor } from '../support/wait.ts';

let topo: Topology;
let bffs: string[];

beforeAll(async () => {
  topo = await startTopology({ replicas: 2, pubsub: 'kafka' });
  bffs = topo.replicas.bff.map((r) => r.app.url);
}, 240_000);
afterAll(async () => {
  await topo?.close();
}, 60_000);

describe('two replicas of every service on the Kafka pub/sub components', () => {
  it('pokes the other bff and records the change once with two workers', async () => {
    onTestFailed(() => console.error(topo.group.tail(60)));
    const { client } = await signUp(bffs[1]!);
    // A new bff pod's group starts at the newest offset, and its sidecar joins the group a moment
    // after the app is up: changes are made until one reaches the stream (the first, once joined).
    const stream = openSyncStream(`${bffs[0]}/api/sync/stream?clientId=laptop`, client.cookie!, 60_000);
    const [created] = await changeUntilPoked(stream, async (attempt) => {
      const res = await client.post('/api/todos', { title: `Over Kafka, through the sidecars ${attempt}` });
      expect(res.status, res.text).toBe(201);
      return res;
    });

    await waitFor(async () => (await activityOf(client, created!.body.id)).length > 0, {
      timeoutMs: 30_000,
      what: 'the todo.created activity entry',
    });
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await activityOf(client, created!.body.id)).map((e) => e.type)).toEqual(['todo.created']);
  });
});
