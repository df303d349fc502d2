// Swipe on a row with a finger (issue 15): right completes the todo, left opens its schedule sheet. Pointer
// events on the document, so every list's rows swipe without their own handlers. A row's CSS
// `touch-action: pan-y` leaves vertical scrolling to the browser (a vertical move cancels the swipe);
// only a clearly sideways move past the threshold acts. Every swipe action has a way without swiping:
// the checkbox, the row keys and the editor's buttons.
import { useEffect, useRef } from 'react';

export type SwipeDirection = 'right' | 'left';

/** Movement before deciding between a swipe and a scroll. */
const SLOP = 10;
/** How far a row must move to act: a third of its width, at most 120 px. */
const threshold = (row: HTMLElement) => Math.min(120, row.offsetWidth / 3);

const idOfRow = (row: HTMLElement) =>
  row.querySelector<HTMLAnchorElement>('a[data-row-link]')?.pathname.split('/').pop() ?? null;

/** Calls `onSwipe` with the todo's id when a row is swiped far enough. */
export function useRowSwipe(onSwipe: (todoId: string, direction: SwipeDirection) => void): void {
  const latest = useRef(onSwipe);
  useEffect(() => {
    latest.current = onSwipe;
  });

  useEffect(() => {
    let row: HTMLElement | null = null;
    let start = { x: 0, y: 0, id: 0 };
    let sideways = false;

    function reset() {
      if (row) {
        row.style.transform = '';
        delete row.dataset.swipe;
      }
      row = null;
      sideways = false;
    }
    function down(e: PointerEvent) {
      if (e.pointerType !== 'touch' || !e.isPrimary) return;
      const target = e.target as Element;
      if (target.closest('input, button, select, textarea')) return;
      row = target.closest<HTMLElement>('.todo-row');
      start = { x: e.clientX, y: e.clientY, id: e.pointerId };
      sideways = false;
    }
    function move(e: PointerEvent) {
      if (!row || e.pointerId !== start.id) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      if (!sideways) {
        if (Math.abs(dy) > SLOP && Math.abs(dy) >= Math.abs(dx)) return reset(); // a scroll
        if (Math.abs(dx) < SLOP || Math.abs(dx) < Math.abs(dy) * 1.5) return;
        sideways = true;
      }
      row.style.transform = `translateX(${dx}px)`;
      if (Math.abs(dx) >= threshold(row)) row.dataset.swipe = dx > 0 ? 'right' : 'left';
      else delete row.dataset.swipe;
    }
    function up(e: PointerEvent) {
      if (!row || e.pointerId !== start.id) return;
      const dx = e.clientX - start.x;
      const acted = sideways && Math.abs(dx) >= threshold(row);
      const id = idOfRow(row);
      if (sideways) swallowNextClick(row);
      reset();
      if (acted && id) latest.current(id, dx > 0 ? 'right' : 'left');
    }
    document.addEventListener('pointerdown', down);
    document.addEventListener('pointermove', move);
    document.addEventListener('pointerup', up);
    document.addEventListener('pointercancel', reset);
    return () => {
      document.removeEventListener('pointerdown', down);
      document.removeEventListener('pointermove', move);
      document.removeEventListener('pointerup', up);
      document.removeEventListener('pointercancel', reset);
    };
  }, []);
}

/** A sideways swipe is not a tap: a click on the row that may follow must not open the todo. */
function swallowNextClick(row: HTMLElement): void {
  const swallow = (e: MouseEvent) => {
    if (!row.contains(e.target as Node)) return;
    e.preventDefault();
    e.stopPropagation();
  };
  document.addEventListener('click', swallow, { capture: true });
  setTimeout(() => document.removeEventListener('click', swallow, { capture: true }), 400);
}
