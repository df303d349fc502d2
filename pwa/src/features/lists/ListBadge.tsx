// How a list is named on screen: its emoji (or a dot in its colour) and its name; on a row of a view that
// mixes lists, a small badge with both.
import type { List } from '@todo/contracts';

export const listLabel = (list: Pick<List, 'name' | 'icon'>): string =>
  list.icon ? `${list.icon} ${list.name}` : list.name;

/** The list's emoji, else a dot in its colour; decorative (the name is beside it). */
export function ListMark({ list }: { list: Pick<List, 'color' | 'icon'> }) {
  return list.icon ? (
    <span className="list-icon" aria-hidden="true">
      {list.icon}
    </span>
  ) : (
    <span className="list-dot" aria-hidden="true" style={{ background: list.color }} />
  );
}

/** On a todo's row where lists mix (the views, a search): which list it is in. */
export function ListBadge({ list }: { list: Pick<List, 'name' | 'color' | 'icon'> }) {
  return (
    <span className="list-badge">
      <ListMark list={list} />
      <span className="sr-only">List: </span>
      {list.name}
    </span>
  );
}
