// The pub/sub half of replicas.stack.test.ts once more with the Kafka components compose.yml and the
// cloud use (dapr/compose/pubsub.yaml) against the real broker at KAFKA_BROKERS: two of every service,
// each with its own daprd. A change made through one bff pokes a device on the other (each bff pod its
// own consumer group) and reaches the activity history once although two workers share a group.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { signUp } from '../support/client.ts';
import { activityOf, firstPoke, startTopology, type Topology } from '../support/dapr-topology.ts';
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
    // A new bff pod's group starts at the newest offset: it must have joined before the change.
    const poked = firstPoke(`${bffs[0]}/api/sync/stream?clientId=laptop`, client.cookie!, 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const created = await client.post('/api/todos', { title: 'Over Kafka, through the sidecars' });
    expect(created.status, created.text).toBe(201);
    expect(await poked).not.toBeNull();

    await waitFor(async () => (await activityOf(client, created.body.id)).length > 0, {
      timeoutMs: 30_000,
      what: 'the todo.created activity entry',
    });
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await activityOf(client, created.body.id)).map((e) => e.type)).toEqual(['todo.created']);
  });
});
