// Pages of todos as they went out, kept for the next time the same person asks the same question
// (issue 14: a list page is ~1.4 ms of PostgreSQL and ~0.8 ms of core-service; a page found here is one
// primary-key read).
//
// A page is kept with the person's change version it was made at: every write that changes what they
// see (their own, another member's on a shared list, a tag renamed, a list archived, a reminder the
// clock sent) takes a new version in their change log, as sync needs it to. At the same version the
// page is the answer. At a later one the page is made again, but the JSON of its todos that the change
// log shows unchanged is taken as it was (PageReuse): building each todo's JSON was most of a page's
// cost. A search page is not searched again: the todos changed since are merged into it (PageMerge).
// The version is read before the page is made, so a page is never older than its version. The
// overdue view also depends on the clock: its page holds until the next instant a todo the person sees
// falls due (TodoStore.nextOverdueAt).
import { LRUCache } from 'lru-cache';
import type { TodoFilter } from './todo-filter.ts';
import type { PageRow } from './todo-store.ts';

export interface KeptPage {
  /** The person's change version the page is known to show. */
  version: number;
  /** The page as it went out. */
  text: string;
  /**
   * Its todos in order, each with where its JSON is in `text` (start and end, as for `slice`) and its
   * sort key (as the database writes it) when the store gave keys.
   */
  items: { id: string; start: number; end: number; key?: string | null }[];
  /**
   * The row after its last (null when it was the last page), when the store gave keys: with them, a
   * later page of the same filter is this one merged with the todos changed since (PageMerge).
   */
  beyond?: PageRow | null;
  /** The instants (ms) between which the page holds: made at `from`, until the next todo falls due. */
  from: number;
  until: number;
}

/** A kept page's size beyond its text and key, per todo: its id, where its JSON is, and its sort key. */
const ITEM_SIZE = 96;

export class PageCache {
  private readonly pages: LRUCache<string, KeptPage> | undefined;

  /** `maxMb`: how much page text it holds (the least recently read go first); 0 keeps none. */
  constructor(maxMb: number) {
    this.pages =
      maxMb > 0
        ? new LRUCache({
            maxSize: maxMb * 2 ** 20,
            sizeCalculation: (page, key) => page.text.length + key.length + page.items.length * ITEM_SIZE,
          })
        : undefined;
  }

  get enabled(): boolean {
    return this.pages !== undefined;
  }

  /** The page kept under `key` if it holds at `now`, whichever version it shows. */
  get(key: string, now: number): KeptPage | undefined {
    const page = this.pages?.get(key);
    return page && now >= page.from && now < page.until ? page : undefined;
  }

  /** Keeps `page` under `key`, unless a page of a later version is kept there (a read that overtook). */
  set(key: string, page: KeptPage): void {
    const kept = this.pages?.peek(key);
    if (kept && kept.version > page.version) return;
    this.pages?.set(key, page);
  }
}

/** A page of todos written (TodoPage), with where each todo's JSON is in it (KeptPage). */
export function writePage(
  items: { id: string; json: string; key?: string | null }[],
  nextCursor: string | null,
): Pick<KeptPage, 'text' | 'items'> {
  const head = '{"items":[';
  let at = head.length;
  const placed = items.map((item, i) => {
    const start = at + (i > 0 ? 1 : 0);
    at = start + item.json.length;
    return item.key === undefined
      ? { id: item.id, start, end: at }
      : { id: item.id, start, end: at, key: item.key };
  });
  const text = `${head}${items.map((item) => item.json).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
  return { text, items: placed };
}

/**
 * What a page is kept under: the kind of page, the person and the normalised filter (the due windows
 * resolved in their zone, the cursor decoded), less the overdue view's instant.
 */
export function pageKey(kind: 'list' | 'search', userId: string, filter: TodoFilter): string {
  const { overdueAt, ...rest } = filter;
  return `${kind} ${userId} ${overdueAt ? 'overdue ' : ''}${JSON.stringify(rest)}`;
}
