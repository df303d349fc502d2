// The list: only the first pages are rendered (more as you scroll, or with "Show more"), so 10,000 todos
// stay fast; arrow keys move between todos, Enter opens one.
import type { Tag } from '@todo/contracts';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TodoState } from '../../db/records.ts';
import { TodoRow } from './TodoRow.tsx';

export const PAGE = 100;

interface Props {
  items: TodoState[];
  tags: ReadonlyMap<string, Tag>;
  words: readonly string[];
  now: number;
  timeZone: string;
  selectedId: string | null;
  empty: string;
}

export function TodoList({ items, tags, words, now, timeZone, selectedId, empty }: Props) {
  const [limit, setLimit] = useState(PAGE);
  const sentinel = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const more = items.length > limit;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !more) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setLimit((l) => l + PAGE);
      },
      { rootMargin: '600px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [more]);

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
  return (
    <>
      <ul className="todo-list" ref={list} onKeyDown={onKeyDown} aria-label="Todos">
        {items.slice(0, limit).map((todo) => (
          <TodoRow
            key={todo.id}
            todo={todo}
            tags={tags}
            words={words}
            now={now}
            timeZone={timeZone}
            selected={todo.id === selectedId}
          />
        ))}
      </ul>
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
