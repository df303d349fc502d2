// Pages of todos as they went out, kept for the next time the same person asks the same question
// while nothing they see has changed (issue 14: a list page is ~1.4 ms of PostgreSQL and ~0.8 ms of
// core-service; a page found here is one primary-key read).
//
// A page is keyed by the person's change version: every write that changes what they see (their own,
// another member's on a shared list, a tag renamed, a list archived, a reminder the clock sent) takes a
// new version in their change log, as sync needs it to. A page read after the version is gone from the
// key; nothing is ever dropped by hand. The version is read before the page is made, so a page is never
// older than its key. The overdue view also depends on the clock: its page holds until the next instant
// a todo the person sees falls due (TodoStore.nextOverdueAt).
import { LRUCache } from 'lru-cache';
import type { TodoFilter } from './todo-filter.ts';

interface CachedPage {
  text: string;
  /** The instants (ms) between which the page holds: made at `from`, until the next todo falls due. */
  from: number;
  until: number;
}

export class PageCache {
  private readonly pages: LRUCache<string, CachedPage> | undefined;

  /** `maxMb`: how much page text it holds (the least recently read go first); 0 keeps none. */
  constructor(maxMb: number) {
    this.pages =
      maxMb > 0
        ? new LRUCache({
            maxSize: maxMb * 2 ** 20,
            sizeCalculation: (page, key) => page.text.length + key.length,
          })
        : undefined;
  }

  get enabled(): boolean {
    return this.pages !== undefined;
  }

  /** The page kept under `key` if it holds at `now`. */
  get(key: string, now: number): string | undefined {
    const page = this.pages?.get(key);
    return page && now >= page.from && now < page.until ? page.text : undefined;
  }

  set(key: string, text: string, from: number, until = Infinity): void {
    this.pages?.set(key, { text, from, until });
  }
}

/**
 * What a page is kept under: the kind of page, the person, their change version and the normalised
 * filter (the due windows resolved in their zone, the cursor decoded), less the overdue view's instant.
 */
export function pageKey(
  kind: 'list' | 'search',
  userId: string,
  version: number,
  filter: TodoFilter,
): string {
  const { overdueAt, ...rest } = filter;
  return `${kind} ${userId} ${version} ${overdueAt ? 'overdue ' : ''}${JSON.stringify(rest)}`;
}
