// The open realtime streams of this bff pod, by person. A change event from the bus pokes every
// stream of that person except the device the change came from; heartbeats keep proxies from
// closing idle streams. A stream lives no longer than its session: signing out closes it at once,
// and each heartbeat closes those whose session expired or was ended on another pod. A person has
// at most MAX_STREAMS_PER_PERSON, and a client that does not read gets no more than one waiting poke.
import type { PassThrough } from 'node:stream';
import { ProblemType, TodoEventHead } from '@todo/contracts';
import { AppError, type BusEvent, type HandlerResult } from '@todo/platform';

/** Tabs and devices of one person streaming at once; beyond it a new stream is refused (429). */
export const MAX_STREAMS_PER_PERSON = 10;
/** Heartbeats a stream may stay unable to take a write before it is closed. */
const STALLED_BEATS = 2;

interface Stream {
  clientId: string | undefined;
  sessionKey: string;
  out: PassThrough;
  /** Drops the connection (a client that stopped reading would never see the stream end). */
  cut: () => void;
  /** Writes wait for 'drain': the latest frame that waits, and for how many heartbeats. */
  waiting?: string;
  stalledBeats: number;
}

export interface StreamHubOptions {
  heartbeatMs?: number;
  /** Whether a session still exists (expired or signed out elsewhere: false). */
  sessionAlive?: (sessionKey: string) => Promise<boolean>;
}

export class StreamHub {
  private readonly byUser = new Map<string, Set<Stream>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: StreamHubOptions = {}) {
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** Adds a stream of a signed-in session; returns its removal. Refuses beyond the person's cap. */
  add(
    userId: string,
    clientId: string | undefined,
    out: PassThrough,
    sessionKey = '',
    cut: () => void = () => out.destroy(),
  ): () => void {
    const set = this.byUser.get(userId) ?? new Set<Stream>();
    if (set.size >= MAX_STREAMS_PER_PERSON) {
      throw new AppError(
        ProblemType.rateLimited,
        429,
        `At most ${MAX_STREAMS_PER_PERSON} realtime streams per person; close another tab or device`,
        undefined,
        { 'Retry-After': '30' },
      );
    }
    const stream: Stream = { clientId, sessionKey, out, cut, stalledBeats: 0 };
    set.add(stream);
    this.byUser.set(userId, set);
    out.on('drain', () => {
      const frame = stream.waiting;
      stream.waiting = undefined;
      stream.stalledBeats = 0;
      if (frame) this.write(stream, frame);
    });
    return () => {
      set.delete(stream);
      if (set.size === 0) this.byUser.delete(userId);
    };
  }

  /** Ends every stream of this session (it signed out). */
  closeSession(sessionKey: string): void {
    for (const set of this.byUser.values()) {
      for (const s of set) if (s.sessionKey === sessionKey) this.end(s, set);
    }
  }

  /** Bus handler for todo-events. */
  handle = async (event: BusEvent): Promise<HandlerResult> => {
    const parsed = TodoEventHead.safeParse(event.data);
    if (!parsed.success) return 'DROP';
    const { userId, version, originClientId } = parsed.data;
    const frame = `id: ${version}\nevent: change\ndata: ${JSON.stringify({ version })}\n\n`;
    for (const stream of this.byUser.get(userId) ?? []) {
      if (originClientId && stream.clientId === originClientId) continue;
      this.write(stream, frame);
    }
    return 'SUCCESS';
  };

  close(): void {
    clearInterval(this.heartbeat);
    for (const set of this.byUser.values()) for (const s of set) s.out.end();
    this.byUser.clear();
  }

  /** Heartbeat: pings every stream, ends those whose session is gone or that stopped reading. */
  async beat(): Promise<void> {
    const alive = new Map<string, Promise<boolean>>();
    for (const [, set] of this.byUser) {
      for (const s of set) {
        if (this.options.sessionAlive && s.sessionKey) {
          const check = alive.get(s.sessionKey) ?? this.options.sessionAlive(s.sessionKey).catch(() => true);
          alive.set(s.sessionKey, check);
          if (!(await check)) {
            this.end(s, set);
            continue;
          }
        }
        if (s.waiting !== undefined && ++s.stalledBeats >= STALLED_BEATS) {
          this.end(s, set);
          s.cut();
          continue;
        }
        this.write(s, ': ping\n\n');
      }
    }
  }

  /** Writes unless the client is behind: then only the newest frame waits for 'drain'. */
  private write(stream: Stream, frame: string): void {
    if (stream.waiting !== undefined) {
      // A poke says "pull now"; a newer one replaces an older that never left, a ping adds nothing.
      if (!frame.startsWith(':')) stream.waiting = frame;
      return;
    }
    if (!stream.out.write(frame)) stream.waiting = '';
  }

  private end(stream: Stream, set: Set<Stream>): void {
    set.delete(stream);
    stream.out.end();
  }
}
