// A device's sync stream (GET /api/sync/stream) as tests hold it: when the server has registered it
// (its `event: ready`, after which a change reaches it), and the first change poke it brings.

export interface SyncStream {
  /** The server holds the stream: a change from now on pokes it. Rejects if the stream fails first. */
  ready: Promise<void>;
  /** The first change poke's data and when it came; null if none came within the time given. */
  change: Promise<{ data: string; at: number } | null>;
}

/** Opens the stream with this session cookie; it closes after its first change or `ms`. */
export function openSyncStream(streamUrl: string, cookie: string, ms: number): SyncStream {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  let registered: () => void = () => {};
  let failed: (err: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    registered = resolve;
    failed = reject;
  });
  const change = (async () => {
    let buffer = '';
    try {
      const res = await fetch(streamUrl, {
        headers: { cookie, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (res.status !== 200) throw new Error(`the stream answered ${res.status}: ${await res.text()}`);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended: ${buffer}`);
        buffer += decoder.decode(value, { stream: true });
        if (buffer.includes('event: ready\n')) registered();
        const match = /event: change\ndata: (.*)\n\n/.exec(buffer);
        if (match) return { data: match[1]!, at: Date.now() };
      }
    } catch (err) {
      failed(
        controller.signal.aborted ? new Error(`the stream was not ready within ${ms} ms`) : (err as Error),
      );
      return null;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  })();
  return { ready, change };
}

/**
 * Makes a change, then another every `everyMs`, until the stream hears of one: for a consumer that
 * starts at the newest offset and may join its group a moment after the stream is ready. Returns what
 * each change returned, the first first.
 */
export async function changeUntilPoked<T>(
  stream: SyncStream,
  makeChange: (attempt: number) => Promise<T>,
  { everyMs = 3_000, attempts = 10 } = {},
): Promise<T[]> {
  await stream.ready;
  const made: T[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    made.push(await makeChange(attempt));
    const heard = await Promise.race([
      stream.change,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), everyMs)),
    ]);
    if (heard) return made;
    if (heard === null) throw new Error('the stream closed before any poke');
  }
  throw new Error(`no poke reached the stream after ${attempts} changes, ${everyMs} ms apart`);
}
