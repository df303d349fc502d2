// The list's rows in manual order, loaded the first time a list is shown that way: dnd-kit stays out
// of the first load (about 17 kB gzipped).
import type { ComponentProps, ComponentType, ReactNode } from 'react';
import type { TodoState } from '../../db/records.ts';
import type { Positioned } from '../../lib/positions.ts';
import { TodoRow } from '../todos/TodoRow.tsx';
import { ReorderList, useRowDrag } from './ReorderList.tsx';

export type RowProps = Omit<ComponentProps<typeof TodoRow>, 'drag'>;

/** A todo's row, moved by its handle. */
function SortableTodoRow(props: RowProps) {
  return <TodoRow {...props} drag={useRowDrag(props.todo)} />;
}

interface Props {
  items: readonly TodoState[];
  rendered: number;
  onMove: (updates: Positioned[]) => void;
  /** The list, with the row component to render each todo with. */
  render: (Row: ComponentType<RowProps>) => ReactNode;
}

export default function ReorderableTodos({ items, rendered, onMove, render }: Props) {
  return (
    <ReorderList items={items} rendered={rendered} onMove={onMove}>
      {render(SortableTodoRow)}
    </ReorderList>
  );
}
