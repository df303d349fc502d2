// A realtime stream lives no longer than its session, a person cannot open streams without bound, and
// a client that stops reading does not make the pod buffer pokes for it without bound.
import { PassThrough } from 'node:stream';
import type { BusEvent } from '@todo/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_STREAMS_PER_PERSON, StreamHub } from './stream-hub.ts';

const hubs: StreamHub[] = [];
afterEach(() => hubs.splice(0).forEach((h) => h.close()));
const hub = (options: ConstructorParameters<typeof StreamHub>[0] = {}) => {
  const h = new StreamHub({ heartbeatMs: 3_600_000, ...options });
  hubs.push(h);
  return h;
};

const userId = '0195f0a0-0000-7000-8000-000000000001';
const change = (version: number): BusEvent => ({
  id: `e${version}`,
  type: 'todo.updated',
  source: 'test',
  time: new Date().toISOString(),
  data: { userId, todoId: '0195f0a0-0000-7000-8000-000000000002', version, title: 't' },
});
const ended = (out: PassThrough) => out.writableEnded;

describe('the stream hub', () => {
  it('ends the streams of a session that signed out, and only those', async () => {
    const h = hub();
    const mine = new PassThrough();
    const other = new PassThrough();
    h.add(userId, 'a', mine, 'session:one');
    h.add(userId, 'b', other, 'session:two');
    h.closeSession('session:one');
    expect(ended(mine)).toBe(true);
    expect(ended(other)).toBe(false);
  });

  it('ends at the next heartbeat the streams whose session expired or ended on another pod', async () => {
    const live = new Set(['session:two']);
    const h = hub({ sessionAlive: async (key) => live.has(key) });
    const expired = new PassThrough();
    const current = new PassThrough();
    h.add(userId, 'a', expired, 'session:one');
    h.add(userId, 'b', current, 'session:two');
    await h.beat();
    expect(ended(expired)).toBe(true);
    expect(ended(current)).toBe(false);
    expect(h.size).toBe(1);
  });

  it('refuses a person’s stream beyond the cap with 429', () => {
    const h = hub();
    for (let i = 0; i < MAX_STREAMS_PER_PERSON; i++) h.add(userId, `c${i}`, new PassThrough(), 's');
    expect(() => h.add(userId, 'one-more', new PassThrough(), 's')).toThrow(
      expect.objectContaining({ status: 429 }),
    );
    h.add('0195f0a0-0000-7000-8000-000000000009', 'x', new PassThrough(), 't');
  });

  it('keeps at most one poke waiting for a client that does not read, and cuts it when it stays stuck', async () => {
    const h = hub();
    // Nobody reads: the buffer fills at the high-water mark.
    const out = new PassThrough({ highWaterMark: 64 });
    let cut = false;
    h.add(userId, 'slow', out, 's', () => (cut = true));
    for (let v = 1; v <= 1000; v++) await h.handle(change(v));
    expect(out.writableLength).toBeLessThan(200);
    await h.beat();
    await h.beat();
    expect(cut).toBe(true);
    expect(h.size).toBe(0);
  });

  it('sends the newest waiting poke once the client reads again', async () => {
    const h = hub();
    const out = new PassThrough({ highWaterMark: 64 });
    h.add(userId, 'slow', out, 's');
    for (let v = 1; v <= 20; v++) await h.handle(change(v));
    const text: string[] = [];
    out.on('data', (chunk: Buffer) => text.push(chunk.toString()));
    await new Promise((r) => setTimeout(r, 20));
    expect(text.join('')).toContain('id: 20\n');
  });
});
