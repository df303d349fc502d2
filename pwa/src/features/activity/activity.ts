// The activity history (the worker's audit log), newest first, a page at a time. It lives on the
// server only, so it needs the network: offline, the screens say so and load when it returns.
import type { ActivityItem } from '@todo/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useOnline } from '../hooks.ts';
import { activityApi, OfflineError } from '../../api/transport.ts';

export const ACTIVITY_PAGE = 30;

export interface ActivityView {
  items: ActivityItem[];
  /** More older entries wait on the server. */
  more: boolean;
  state: 'loading' | 'ready' | 'offline' | 'error';
  error: string | null;
  loadingMore: boolean;
  loadMore(): void;
  retry(): void;
}

/** What the server answered for one query (`key`), pages appended. */
interface Result {
  key: string;
  items: ActivityItem[];
  cursor: string | null;
  error: string | null;
  offline: boolean;
}

function failure(
  key: string,
  err: unknown,
  items: ActivityItem[] = [],
  cursor: string | null = null,
): Result {
  const offline = !navigator.onLine;
  const error = offline
    ? null
    : err instanceof OfflineError
      ? 'the server cannot be reached'
      : (err as Error).message || 'the server did not answer';
  return { key, items, cursor, error, offline };
}

export function useActivity(todoId?: string, limit = ACTIVITY_PAGE): ActivityView {
  const online = useOnline();
  const [attempt, setAttempt] = useState(0);
  const key = `${todoId ?? ''}|${limit}|${attempt}`;
  const [result, setResult] = useState<Result | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  // The first page, again whenever the connection returns (answers for an older query are dropped).
  useEffect(() => {
    if (!online) return;
    let live = true;
    activityApi.page({ ...(todoId ? { todoId } : {}), limit }).then(
      (page) =>
        live && setResult({ key, items: page.items, cursor: page.nextCursor, error: null, offline: false }),
      (err: unknown) => live && setResult(failure(key, err)),
    );
    return () => {
      live = false;
    };
  }, [key, online, todoId, limit]);

  const current = result?.key === key ? result : null;
  const loadMore = useCallback(() => {
    if (!current?.cursor || loadingMore) return;
    const { items, cursor } = current;
    setLoadingMore(true);
    activityApi
      .page({ ...(todoId ? { todoId } : {}), limit, cursor })
      .then(
        (page) => {
          const seen = new Set(items.map((i) => i.id));
          const added = page.items.filter((i) => !seen.has(i.id));
          setResult((r) =>
            r?.key === key ? { ...r, items: [...r.items, ...added], cursor: page.nextCursor } : r,
          );
        },
        (err: unknown) => setResult((r) => (r?.key === key ? failure(key, err, r.items, r.cursor) : r)),
      )
      .finally(() => setLoadingMore(false));
  }, [current, loadingMore, todoId, limit, key]);

  const state: ActivityView['state'] = !online
    ? 'offline'
    : !current
      ? 'loading'
      : current.offline
        ? 'offline'
        : current.error
          ? 'error'
          : 'ready';
  return {
    items: current?.items ?? [],
    more: !!current?.cursor,
    state,
    error: current?.error ?? null,
    loadingMore,
    loadMore,
    retry: () => setAttempt((a) => a + 1),
  };
}
