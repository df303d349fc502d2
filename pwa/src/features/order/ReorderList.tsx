// Manual order (dnd-kit): a row is dragged by its handle (mouse, pen, touch), or moved from it by keyboard
// (Space or Enter picks it up, ↑/↓ move it, Space or Enter drops it, Escape puts it back), and a screen
// reader hears each step. One move is one new position between the new neighbours (lib/positions.ts).
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { CSSProperties, ReactNode } from 'react';
import { moveTo, type Positioned } from '../../lib/positions.ts';
import { DragIcon } from './DragIcon.tsx';
import './order.css';

export interface Orderable extends Positioned {
  title: string;
}

/** What a row needs to be sortable: its element, its moving style, its handle. */
export interface RowDrag {
  ref: (el: HTMLElement | null) => void;
  style: CSSProperties;
  dragging: boolean;
  handle: ReactNode;
}

const instructions = (noun: string) =>
  `To move a ${noun}, press Space or Enter on its handle, then the up and down arrow keys; Space or ` +
  'Enter drops it, Escape puts it back.';

/** What a screen reader hears, with titles and places (dnd-kit's defaults say the ids). */
export function announcements(items: readonly Orderable[]): Announcements {
  const at = (id: UniqueIdentifier) => items.findIndex((t) => t.id === id);
  const title = (id: UniqueIdentifier) => `“${items[at(id)]?.title ?? ''}”`;
  const place = (id: UniqueIdentifier) => `position ${at(id) + 1} of ${items.length}`;
  return {
    onDragStart: ({ active }) => `Picked up ${title(active.id)}, at ${place(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `${title(active.id)} is now at ${place(over.id)}.` : `${title(active.id)} is outside the list.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `${title(active.id)} dropped at ${place(over.id)}.`
        : `${title(active.id)} put back at ${place(active.id)}.`,
    onDragCancel: ({ active }) => `Moving cancelled: ${title(active.id)} stays at ${place(active.id)}.`,
  };
}

interface Props {
  /** Every item of the list in its order (positions ascending), also those not rendered yet. */
  items: readonly Orderable[];
  /** How many of them are rendered (the first ones): only those can be dragged over. */
  rendered: number;
  /** The new positions of a move (usually one), to write in one step. */
  onMove: (updates: Positioned[]) => void;
  children: ReactNode;
  /** What is moved, for the screen reader's instructions ('todo', 'list'). */
  noun?: string;
}

export function ReorderList({ items, rendered, onMove, children, noun = 'todo' }: Props) {
  const sensors = useSensors(
    // A few pixels before a drag starts, so a tap on the handle stays a tap.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const from = items.findIndex((t) => t.id === active.id);
    const to = items.findIndex((t) => t.id === over.id);
    if (from < 0 || to < 0) return;
    onMove(moveTo(items, from, to));
  }
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements: announcements(items),
        screenReaderInstructions: { draggable: instructions(noun) },
      }}
    >
      <SortableContext
        items={items.slice(0, rendered).map((t) => t.id)}
        strategy={verticalListSortingStrategy}
      >
        {children}
      </SortableContext>
    </DndContext>
  );
}

/** A row's part in the list: call inside a ReorderList, pass the result to the row. */
export function useRowDrag(item: Orderable): RowDrag {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: item.id });
  return {
    ref: setNodeRef,
    style: { transform: CSS.Translate.toString(transform), transition },
    dragging: isDragging,
    handle: (
      <button
        type="button"
        className="drag-handle"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Move “${item.title}”`}
      >
        <DragIcon />
      </button>
    ),
  };
}
