// What keeps the change log, the remembered mutations and the outbox from growing forever: every
// `everyMs` (and once shortly after start) it forgets change-log rows superseded by a later change of
// the same entity, mutation ids older than a client would retry, and published outbox events. The
// tombstones stay: they are how a deleted id is refused when someone tries to use it again
// (assertIdsFree), so forgetting them would let it come back. Harmless on several replicas at once.
import type { Logger } from '@todo/platform';
import type { OutboxRepository } from '../outbox/outbox.repository.ts';
import type { SyncRepository } from '../sync/sync.repository.ts';

const DAY = 24 * 3600 * 1000;

export interface HousekeepingOptions {
  everyMs: number;
  /** The first run, after start: not in the middle of a start-up. */
  firstAfterMs: number;
  /** Mutation ids older than this are forgotten: a client retrying one later gets it applied again. */
  mutationsKeepMs: number;
  /** Published events are kept this long for inspection. */
  outboxKeepMs: number;
}

export const HOUSEKEEPING: HousekeepingOptions = {
  everyMs: 3600 * 1000,
  firstAfterMs: 60 * 1000,
  mutationsKeepMs: 90 * DAY,
  outboxKeepMs: 7 * DAY,
};

export interface HousekeepingStores {
  sync: Pick<SyncRepository, 'compact'>;
  outbox: Pick<OutboxRepository, 'prune'>;
}

/** One round; returns how many rows went. */
export async function housekeep(
  stores: HousekeepingStores,
  options: HousekeepingOptions,
  now = new Date(),
): Promise<{ changeLog: number; outbox: number }> {
  const changeLog = await stores.sync.compact(new Date(now.getTime() - options.mutationsKeepMs), null);
  const outbox = await stores.outbox.prune(new Date(now.getTime() - options.outboxKeepMs));
  return { changeLog, outbox };
}

/** Runs housekeep on a timer that never overlaps itself; returns the stop. */
export function startHousekeeping(
  stores: HousekeepingStores,
  log: Logger,
  options: HousekeepingOptions = HOUSEKEEPING,
): () => void {
  let running = false;
  let timer: NodeJS.Timeout;
  const run = () => {
    if (running) return;
    running = true;
    housekeep(stores, options)
      .then((gone) => log.debug(gone, 'housekeeping done'))
      .catch((err: unknown) => log.warn({ err: String(err) }, 'housekeeping failed; will try again'))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(() => {
    run();
    timer = setInterval(run, options.everyMs);
    timer.unref();
  }, options.firstAfterMs);
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
