// The person's lists in the sidebar in their own order: each moves by its handle (drag, or Space and the
// arrow keys), one new place between its new neighbours (lib/positions.ts), as todos move in a list.
import type { List } from '@todo/contracts';
import type { ReactNode } from 'react';
import { ReorderList, useRowDrag, type RowDrag } from '../order/ReorderList.tsx';
import { reorderLists } from './actions.ts';

interface Props {
  /** Shown first and not moved. */
  inbox: List[];
  lists: List[];
  row: (list: List, drag?: RowDrag) => ReactNode;
}

function SortableList({ list, row }: { list: List; row: Props['row'] }) {
  return row(list, useRowDrag({ id: list.id, position: list.position, title: list.name }));
}

export default function ReorderableLists({ inbox, lists, row }: Props) {
  const items = lists.map((l) => ({ id: l.id, position: l.position, title: l.name }));
  return (
    <ReorderList items={items} rendered={items.length} onMove={reorderLists} noun="list">
      <ul className="sidebar-list">
        {inbox.map((l) => row(l))}
        {lists.map((l) => (
          <SortableList key={l.id} list={l} row={row} />
        ))}
      </ul>
    </ReorderList>
  );
}
