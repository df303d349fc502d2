// The list: only the first pages are rendered (more as you scroll, or with "Show more"), so 10,000 todos
// stay fast; arrow keys move between todos, Enter opens one.
import type { List, Tag } from '@todo/contracts';
import { Suspense, lazy, useEffect, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import type { TodoState } from '../../db/records.ts';
import type { Positioned } from '../../lib/positions.ts';
import type { RowProps } from '../order/ReorderableTodos.tsx';
import { TodoRow } from './TodoRow.tsx';

const ReorderableTodos = lazy(() => import('../order/ReorderableTodos.tsx'));

/** Rows rendered at first and added per scroll: a few screens, so typing a search stays light. */
export const PAGE = 40;

interface Props {
  items: TodoState[];
  tags: ReadonlyMap<string, Tag>;
  words: readonly string[];
  now: number;
  timeZone: string;
  selectedId: string | null;
  empty: string;
  /** Changes when the query does: paging starts over. */
  resetKey: string;
  /** Manual order (items by position): rows move by drag or keyboard, and this writes their new places. */
  onReorder?: (updates: Positioned[]) => void;
  /** Rows from several lists name theirs (see TodoRow). */
  lists?: ReadonlyMap<string, List> | undefined;
}

export function TodoList({
  items,
  tags,
  words,
  now,
  timeZone,
  selectedId,
  empty,
  resetKey,
  onReorder,
  lists,
}: Props) {
  // A new query starts again at the first page (without remounting the rows React can keep).
  const [paging, setPaging] = useState({ key: resetKey, limit: PAGE });
  const limit = paging.key === resetKey ? paging.limit : PAGE;
  const setLimit = (next: (l: number) => number) => setPaging({ key: resetKey, limit: next(limit) });
  const sentinel = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const more = items.length > limit;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !more) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting))
          setPaging((p) => ({ key: resetKey, limit: (p.key === resetKey ? p.limit : PAGE) + PAGE }));
      },
      { rootMargin: '600px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [more, resetKey]);

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const target = event.target as HTMLElement;
    if (!target.matches('[data-row-link]')) return;
    const links = [...(list.current?.querySelectorAll<HTMLElement>('[data-row-link]') ?? [])];
    const at = links.indexOf(target);
    let next = -1;
    if (event.key === 'ArrowDown') next = at + 1;
    else if (event.key === 'ArrowUp') next = at - 1;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = links.length - 1;
    else return;
    event.preventDefault();
    if (next >= links.length && more) setLimit((l) => l + PAGE);
    links[Math.max(0, Math.min(next, links.length - 1))]?.focus();
  }

  if (items.length === 0) return <p className="empty">{empty}</p>;
  const rows = (Row: ComponentType<RowProps>) => (
    <ul className="todo-list" ref={list} onKeyDown={onKeyDown} aria-label="Todos" data-query={resetKey}>
      {items.slice(0, limit).map((todo) => (
        <Row
          key={todo.id}
          todo={todo}
          tags={tags}
          words={words}
          now={now}
          timeZone={timeZone}
          selected={todo.id === selectedId}
          lists={lists}
        />
      ))}
    </ul>
  );
  return (
    <>
      {onReorder ? (
        <Suspense fallback={rows(TodoRow)}>
          <ReorderableTodos items={items} rendered={limit} onMove={onReorder} render={rows} />
        </Suspense>
      ) : (
        rows(TodoRow)
      )}
      {more && (
        <div ref={sentinel} className="list-more">
          <button type="button" className="button subtle" onClick={() => setLimit((l) => l + PAGE)}>
            Show more ({items.length - limit} left)
          </button>
        </div>
      )}
    </>
  );
}
