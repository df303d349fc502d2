// One sync cycle, shared by the page and the service worker: push the outbox in order, then pull every
// change since the cursor. The network is behind SyncApi; local work is behind LocalTx transactions.
import type { PushResult } from '@todo/contracts';
import type { SyncApi } from '../api/transport.ts';
import type { Mutation, OutboxRecord } from '../db/records.ts';
import {
  applyPullPage,
  applyPushResults,
  finishPull,
  resetLocal,
  type LocalTx,
  type Rejection,
  type Written,
} from './local.ts';

export type { SyncApi };

export type RunTx = <T>(work: (tx: LocalTx) => Promise<T>) => Promise<T>;

export interface CycleHooks {
  written?(written: Written): void;
  rejected?(rejections: Rejection[]): void;
  now?(): string;
}

/** Mutations per push (the server takes up to 1,000): each request costs the server ~12 ms besides its rows. */
export const PUSH_BATCH = 1000;
export const PULL_LIMIT = 5000;

const wire = ({ id, type, payload, createdAt }: Mutation) => ({ id, type, payload, createdAt });

/** The server refuses bodies over 1 MB; a batch stays under this (a single larger mutation goes alone). */
export const PUSH_BYTES = 800_000;

/** The longest prefix of `rows` whose request body stays under `bytes` (at least one row). */
function fitting(rows: OutboxRecord[], bytes: number) {
  const wires = [];
  let size = 64;
  for (const row of rows) {
    const w = wire(row);
    size += JSON.stringify(w).length + 1;
    if (wires.length > 0 && size > bytes) break;
    wires.push(w);
  }
  return wires;
}

const tooLarge = (err: unknown) => (err as { status?: number } | null)?.status === 413;

/**
 * Sends every queued mutation, oldest first; returns how many were sent. One batch is on its way at a
 * time (the server applies them in order), and while it is, the previous answer is stored and the next
 * batch read: with a backlog of thousands the device's own IndexedDB work overlaps the server's.
 */
export async function pushAll(run: RunTx, api: SyncApi, clientId: string, hooks: CycleHooks = {}) {
  let sent = 0;
  let bytes = PUSH_BYTES;
  // The answers stored so far, in order (each one's transaction after the one before). A failure is seen
  // through the next read, which waits for it, or at the end.
  let storing: Promise<void> = Promise.resolve();
  const store = (result: PushResult, batch: OutboxRecord[]) => {
    storing = storing.then(async () => {
      const { written, rejected } = await run((tx) => applyPushResults(tx, result.results, batch));
      hooks.written?.(written);
      if (rejected.length) hooks.rejected?.(rejected);
    });
    storing.catch(() => undefined);
  };
  // The batch after the one with its last row at `seq`, once the answers so far are stored.
  const readAfter = (seq: number) => storing.then(() => run((tx) => tx.queued(PUSH_BATCH, seq)));
  try {
    let ahead = await run((tx) => tx.queued(PUSH_BATCH));
    while (ahead.length > 0) {
      const mutations = fitting(ahead, bytes);
      const batch = ahead.slice(0, mutations.length);
      const answer = api.push({ clientId, mutations });
      const next = readAfter(batch.at(-1)!.seq!);
      next.catch(() => undefined); // its failure is seen when it is awaited
      let result: PushResult;
      try {
        result = await answer;
      } catch (err) {
        if (!tooLarge(err)) throw err;
        if (batch.length > 1) {
          bytes = Math.max(1, Math.floor(bytes / 2)); // the server's limit is lower than we thought
          continue;
        }
        // One mutation too large for the server on its own can never be sent: drop it, and say so.
        const problem = { type: 'payload-too-large', status: 413, detail: 'the change is too large to send' };
        result = { results: [{ id: batch[0]!.id, status: 'rejected', problem }] };
      }
      // A server that answered none of the batch would otherwise be asked the same forever.
      if (result.results.length === 0) throw new Error('the server answered no mutation of the batch');
      store(result, batch);
      sent += batch.length;
      // Rows the server left unanswered are sent again: read from the first unacknowledged one.
      ahead =
        result.results.length < batch.length
          ? await storing.then(() => run((tx) => tx.queued(PUSH_BATCH)))
          : await next;
    }
    await storing;
  } catch (err) {
    await storing.catch(() => undefined); // no transaction of ours outlives the cycle
    throw err;
  }
  return sent;
}

/** Pulls until the server has nothing more; returns how many changes came. */
export async function pullAll(run: RunTx, api: SyncApi, hooks: CycleHooks = {}, limit = PULL_LIMIT) {
  // Acknowledged before this pull began, so the state it brings has them: they are not re-applied.
  const covered = new Set(await run((tx) => tx.ackedIds()));
  let cursor = (await run((tx) => tx.getMeta<number>('cursor'))) ?? 0;
  let pulled = 0;
  let resets = 0;
  let request = api.pull(cursor, limit);
  for (;;) {
    const page = await request;
    if (page.reset) {
      if (++resets > 2) throw new Error('the server keeps asking for a reset');
      const written = await run((tx) => resetLocal(tx, covered));
      hooks.written?.(written);
      cursor = 0;
      request = api.pull(cursor, limit);
      continue;
    }
    const at = cursor;
    if (page.more && page.cursor <= at)
      throw new Error('the server said there is more but its cursor did not move');
    // The next page is on its way while this one is stored: network and IndexedDB overlap.
    if (page.more) {
      request = api.pull(Math.max(at, page.cursor), limit);
      request.catch(() => undefined); // its failure is seen when it is awaited
    }
    const written = await run((tx) => applyPullPage(tx, page.changes, Math.max(at, page.cursor), covered));
    hooks.written?.(written);
    pulled += page.changes.length;
    cursor = Math.max(cursor, page.cursor);
    if (!page.more) break;
  }
  const now = hooks.now?.() ?? new Date().toISOString();
  // (Not inside `hooks.written?.(…)`: optional calls skip evaluating their arguments.)
  const written = await run((tx) => finishPull(tx, covered, now));
  hooks.written?.(written);
  return pulled;
}

export async function syncCycle(run: RunTx, api: SyncApi, clientId: string, hooks: CycleHooks = {}) {
  const started = performance.now();
  const pushed = await pushAll(run, api, clientId, hooks);
  const pushedAt = performance.now();
  const pulled = await pullAll(run, api, hooks);
  return { pushed, pulled, pushMs: pushedAt - started, pullMs: performance.now() - pushedAt };
}
