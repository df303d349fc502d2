// The worker killed (SIGKILL) in the middle of 200 due reminders, then started again: every reminder
// reaches each of the person's two push subscriptions, once apart from the sends in flight at the kill.
// Those cannot be known to have gone out (the push service may have taken one just before the worker
// died, with no time to record it), so they are sent again, under the same Topic header (RFC 8030:
// a push service replaces an undelivered message of the same topic) and shown with the reminder's id
// as the notification's tag (a second one replaces the first on the device). The emulator counts
// every message: besides those, exactly one per subscription; and those at most the dispatcher's 16.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { signUp } from '../support/client.ts';
import { waitFor } from '../support/wait.ts';
import { startKafkaSystem, type KafkaSystem } from './support/kafka-system.ts';
import { tally } from './support/ledger.ts';

const REMINDERS = 200;
/** The worker's dispatcher sends at most this many reminders at once (reminder-dispatcher.ts). */
const IN_FLIGHT = 16;
let sys: KafkaSystem;

beforeAll(async () => {
  sys = await startKafkaSystem();
}, 300_000);
afterAll(async () => {
  await sys?.close();
}, 120_000);

describe(`the worker killed in the middle of ${REMINDERS} due reminders`, () => {
  it('delivers every reminder to each subscription, repeating only the sends in flight at the kill', async () => {
    onTestFailed(() => console.error(sys.group.tail(40)));
    const { client } = await signUp(sys.bff.url);
    const devices: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { subscription, clientHash } = await sys.push.subscribe(sys.vapidPublicKey);
      expect((await client.post('/api/push/subscriptions', subscription)).status).toBe(201);
      devices.push(clientHash);
    }

    // All due at one moment, far enough ahead for every create to be in before it.
    const dueAt = Date.now() + 40_000;
    const ids = Array.from({ length: REMINDERS }, () => randomUUID());
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const res = await client.post('/api/todos', {
            id,
            title: `due ${id.slice(0, 8)}`,
            reminders: [{ remindAt: new Date(dueAt).toISOString() }],
          });
          expect(res.status, res.text).toBe(201);
        }
      }),
    );
    expect(Date.now()).toBeLessThan(dueAt);

    const ours = () => sys.push.arrivals.filter((a) => devices.includes(a.clientHash) && a.status < 300);
    // Killed once a fifth of the messages are out, the rest claimed, queued or in flight.
    await waitFor(() => ours().length >= (REMINDERS * devices.length) / 5, {
      timeoutMs: 120_000,
      everyMs: 20,
      what: 'the first reminders to be pushed',
    });
    await sys.worker.proc.kill();
    const atKill = ours().length;
    console.log(`worker killed after ${atKill} of ${REMINDERS * devices.length} messages`);
    expect(atKill).toBeLessThan(REMINDERS * devices.length);
    await sys.startWorker();

    const received = await waitFor(
      async () => {
        const all = await Promise.all(
          devices.map(async (hash) => ({
            hash,
            todoIds: (await sys.push.messages(hash)).map((m) => (JSON.parse(m) as { todoId: string }).todoId),
          })),
        );
        return all.every((d) => ids.every((id) => d.todoIds.includes(id))) ? all : undefined;
      },
      // Those in flight at the kill wait for their lease (30 s from when they were last renewed): with the
      // old unrenewed 2-minute lease this took 120 s from the kill, which this wait does not allow.
      { timeoutMs: 60_000, everyMs: 1000, what: 'every reminder on both devices' },
    );
    for (const device of received) {
      const twice = [...tally(device.todoIds)].filter(([, n]) => n > 1);
      console.log(`${device.hash}: ${device.todoIds.length} messages, ${twice.length} reminders sent twice`);
      expect(twice.every(([, n]) => n === 2)).toBe(true);
      expect(twice.length).toBeLessThanOrEqual(IN_FLIGHT);
      expect(new Set(device.todoIds).size).toBe(REMINDERS);
      // Each repeat carried its first message's topic: the same reminder, replaceable.
      const topics = tally(
        sys.push.arrivals.filter((a) => a.clientHash === device.hash && a.status < 300).map((a) => a.topic),
      );
      expect([...topics.values()].filter((n) => n > 1)).toHaveLength(twice.length);
    }
  });
});
