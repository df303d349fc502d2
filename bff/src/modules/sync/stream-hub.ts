// The open realtime streams of this bff pod, by person. A change event from the bus pokes every
// stream of that person except the device the change came from; heartbeats keep proxies from
// closing idle streams.
import type { PassThrough } from 'node:stream';
import { TodoEventHead } from '@todo/contracts';
import type { BusEvent, HandlerResult } from '@todo/platform';

interface Stream {
  clientId: string | undefined;
  out: PassThrough;
}

export class StreamHub {
  private readonly byUser = new Map<string, Set<Stream>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    this.heartbeat = setInterval(() => this.broadcast(': ping\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  add(userId: string, clientId: string | undefined, out: PassThrough): () => void {
    const stream = { clientId, out };
    const set = this.byUser.get(userId) ?? new Set<Stream>();
    set.add(stream);
    this.byUser.set(userId, set);
    return () => {
      set.delete(stream);
      if (set.size === 0) this.byUser.delete(userId);
    };
  }

  /** Bus handler for todo-events. */
  handle = async (event: BusEvent): Promise<HandlerResult> => {
    const parsed = TodoEventHead.safeParse(event.data);
    if (!parsed.success) return 'DROP';
    const { userId, version, originClientId } = parsed.data;
    const frame = `id: ${version}\nevent: change\ndata: ${JSON.stringify({ version })}\n\n`;
    for (const stream of this.byUser.get(userId) ?? []) {
      if (originClientId && stream.clientId === originClientId) continue;
      stream.out.write(frame);
    }
    return 'SUCCESS';
  };

  close(): void {
    clearInterval(this.heartbeat);
    for (const set of this.byUser.values()) for (const s of set) s.out.end();
    this.byUser.clear();
  }

  private broadcast(frame: string): void {
    for (const set of this.byUser.values()) for (const s of set) s.out.write(frame);
  }
}
