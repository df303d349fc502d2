// The embedded default's bus keeps events in memory only: an outbox row may be marked published only
// once every consumer group handled its event, or a crash in between loses it for good (seen: an
// audit event lost on kill -9). Here the consumer is still at work when the process "dies" (its bus
// and relay are gone); the next start delivers the event.
import { randomUUID } from 'node:crypto';
import {
  createDatabase,
  createLogger,
  InProcessEventBus,
  type BusEvent,
  type Database,
} from '@todo/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { coreMigrations } from '../../db/migrations/index.ts';
import { OutboxRelay } from './outbox.relay.ts';
import { OutboxRepository } from './outbox.repository.ts';

const log = createLogger('test', 'silent');
let db: Database;
beforeAll(async () => {
  db = createDatabase({});
  await db.migrate(coreMigrations);
});
afterAll(() => db.close());

async function writeEvent(): Promise<string> {
  const id = randomUUID();
  await db.knex('outbox').insert({
    id,
    topic: 'todo-events',
    type: 'todo.created',
    partitionKey: randomUUID(),
    payload: { title: 'Survives a crash' },
    createdAt: new Date(),
  });
  return id;
}

const publishedAt = async (id: string) =>
  ((await db.knex('outbox').where({ id }).first('publishedAt')) as { publishedAt: Date | null }).publishedAt;

describe('the outbox over the in-process bus', () => {
  it('leaves an event unpublished while a consumer has not handled it, and delivers it after a crash', async () => {
    const id = await writeEvent();
    const first = new InProcessEventBus();
    const started: string[] = [];
    // The worker took the event and is still at work on it (a slow push, a busy database).
    await first.subscribe('todo-events', 'worker', (event) => {
      started.push(event.id);
      return new Promise(() => {});
    });
    const relay = new OutboxRelay(new OutboxRepository(db.knex), first, log, { pollMs: 50 });
    relay.start();
    await vi.waitFor(() => expect(started).toEqual([id]), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await publishedAt(id)).toBeNull();

    // The process dies: its bus and everything queued in memory are gone.
    await first.close();
    await relay.stop();
    expect(await publishedAt(id)).toBeNull();

    const second = new InProcessEventBus();
    const handled: BusEvent[] = [];
    await second.subscribe('todo-events', 'worker', async (event) => {
      handled.push(event);
      return 'SUCCESS';
    });
    const restarted = new OutboxRelay(new OutboxRepository(db.knex), second, log, { pollMs: 50 });
    restarted.start();
    try {
      await vi.waitFor(() => expect(handled.map((e) => e.id)).toEqual([id]), { timeout: 10_000 });
      await vi.waitFor(async () => expect(await publishedAt(id)).not.toBeNull(), { timeout: 10_000 });
    } finally {
      await restarted.stop();
    }
  });

  it('keeps an event a consumer gave up on for the next drain instead of marking it', async () => {
    const id = await writeEvent();
    const bus = new InProcessEventBus(() => {}, 2, 1);
    let failing = true;
    const seen: string[] = [];
    await bus.subscribe('todo-events', 'worker', async (event) => {
      seen.push(event.id);
      return failing ? 'RETRY' : 'SUCCESS';
    });
    const relay = new OutboxRelay(new OutboxRepository(db.knex), bus, log, { pollMs: 50 });
    await expect(relay.flush()).rejects.toThrow(/still failing/);
    expect(await publishedAt(id)).toBeNull();
    failing = false;
    await relay.flush();
    expect(await publishedAt(id)).not.toBeNull();
    expect(seen.filter((s) => s === id).length).toBeGreaterThan(2);
  });
});
