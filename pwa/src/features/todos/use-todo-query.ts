// The list's todos for a query, kept up to date cheaply: when only a few todos changed since the last
// answer (a write, a small pull), that answer is patched; otherwise the query runs over everything.
import type { Tag } from '@todo/contracts';
import { useMemo, useState } from 'react';
import type { MirrorSnapshot, TodoMirror } from '../../sync/mirror.ts';
import type { TodoState } from '../../db/records.ts';
import { compileQuery, patchQuery, runQuery, type TodoQuery } from './query.ts';

class QueryCache {
  private last: {
    version: number;
    query: TodoQuery;
    now: number;
    timeZone: string;
    tags: readonly Tag[];
    items: TodoState[];
  } | null = null;

  constructor(private readonly mirror: TodoMirror) {}

  answer(
    snapshot: MirrorSnapshot,
    query: TodoQuery,
    now: number,
    timeZone: string,
    tags: readonly Tag[],
  ): TodoState[] {
    const last = this.last;
    let items: TodoState[] | null = null;
    // Tag names count only in a search (a renamed tag can bring todos in or take them out).
    const sameTags = !query.text || last?.tags === tags;
    if (last && last.query === query && last.now === now && last.timeZone === timeZone && sameTags) {
      const changed = this.mirror.changedSince(last.version);
      if (changed) {
        items =
          changed.size === 0
            ? last.items
            : patchQuery(
                last.items,
                changed,
                (id) => snapshot.todos.get(id),
                compileQuery(query, now, timeZone, tags),
              );
      }
    }
    items ??= runQuery(snapshot.todos.values(), query, now, timeZone, tags);
    this.last = { version: snapshot.version, query, now, timeZone, tags, items };
    return items;
  }
}

export function useTodoQuery(
  mirror: TodoMirror,
  snapshot: MirrorSnapshot,
  query: TodoQuery,
  now: number,
  timeZone: string,
  tags: readonly Tag[] = [],
): TodoState[] {
  const [cache] = useState(() => new QueryCache(mirror));
  return useMemo(
    () => cache.answer(snapshot, query, now, timeZone, tags),
    [cache, snapshot, query, now, timeZone, tags],
  );
}
