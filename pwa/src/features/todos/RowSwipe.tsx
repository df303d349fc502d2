// What a swipe on a row does (see swipe.ts): right completes the todo (with Undo), left opens a sheet to
// schedule it (Today, Tomorrow, Next week, Pick a date, No date) or delete it (with Undo).
import { useEffect, useId, useRef, useState } from 'react';
import type { TodoPatch } from '@todo/contracts';
import { toast } from '../../lib/toasts.ts';
import { services } from '../../sync/services.ts';
import { dueOn, quickSchedule } from '../views/quick-schedule.ts';
import { completeTodo, reopenTodo, updateTodo } from './actions.ts';
import { deleteWithUndo } from './delete-undo.ts';
import { useRowSwipe } from './swipe.ts';

export function RowSwipe({ timeZone }: { timeZone: string }) {
  const [sheetFor, setSheetFor] = useState<string | null>(null);
  useRowSwipe((id, direction) => {
    const todo = services().mirror.get(id);
    if (!todo) return;
    if (direction === 'left') return setSheetFor(id);
    if (todo.status === 'done') return;
    void completeTodo(id).then(() =>
      toast(`Completed “${todo.title}”`, { label: 'Undo', run: () => void reopenTodo(id) }),
    );
  });
  return sheetFor ? (
    <ScheduleSheet todoId={sheetFor} timeZone={timeZone} onClose={() => setSheetFor(null)} />
  ) : null;
}

function ScheduleSheet({
  todoId,
  timeZone,
  onClose,
}: {
  todoId: string;
  timeZone: string;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const todo = services().mirror.get(todoId);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  if (!todo) return null;

  const apply = (fields: TodoPatch, said: string) => {
    onClose();
    void updateTodo(todo.id, fields).then(() => toast(`${said}: “${todo.title}”`));
  };
  const byKey = (key: string) => {
    const change = quickSchedule(key, todo, Date.now(), timeZone);
    if (change) apply(change.fields, change.said);
  };
  return (
    <dialog
      ref={dialog}
      className="sheet"
      aria-labelledby={headingId}
      onClose={onClose}
      onClick={(e) => e.target === dialog.current && dialog.current.close()} // the backdrop
    >
      <h2 id={headingId} className="sheet-title">
        {todo.title}
      </h2>
      <div className="sheet-actions">
        <button type="button" className="button" onClick={() => byKey('t')}>
          Today
        </button>
        <button type="button" className="button" onClick={() => byKey('m')}>
          Tomorrow
        </button>
        <button type="button" className="button" onClick={() => byKey('w')}>
          Next week
        </button>
        <label className="button sheet-date">
          Pick a date
          <input
            type="date"
            onChange={(e) => {
              if (e.target.value) apply(dueOn(todo, e.target.value, timeZone), `Due ${e.target.value}`);
            }}
          />
        </label>
        <button
          type="button"
          className="button"
          // A repeat needs a date: it goes with it, as in the editor.
          onClick={() => apply({ dueAt: null, recurrence: null }, 'No date')}
        >
          No date
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => {
            onClose();
            deleteWithUndo(todo);
          }}
        >
          Delete
        </button>
        <button type="button" className="button subtle" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
