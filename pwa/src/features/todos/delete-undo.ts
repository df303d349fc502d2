// Deleting with Undo (issue 15): the todo leaves the lists at once, but its delete is committed only when
// the toast's Undo is gone (or the page is hidden, as a phone may then close it). Undo writes nothing,
// so the todo comes back exactly as it was (reminders, tags, recurrence, subtasks), offline or not, and no
// other device or the server ever saw it deleted.
import { dismissToast, toast } from '../../lib/toasts.ts';
import { services } from '../../sync/services.ts';
import { deleteTodo } from './actions.ts';

/** How long Undo is offered. */
export const UNDO_MS = 6000;

const waiting = new Map<string, { timer: ReturnType<typeof setTimeout>; toastId: number }>();

export function deleteWithUndo(todo: { id: string; title: string }): void {
  if (waiting.has(todo.id)) return;
  services().mirror.hide(todo.id);
  const timer = setTimeout(() => void settle(todo.id), UNDO_MS);
  const toastId = toast(`Deleted “${todo.title}”`, { label: 'Undo', run: () => undo(todo.id) }, UNDO_MS);
  waiting.set(todo.id, { timer, toastId });
  listenForHide();
}

function undo(id: string): void {
  const entry = waiting.get(id);
  if (!entry) return;
  waiting.delete(id);
  clearTimeout(entry.timer);
  services().mirror.show(id);
}

async function settle(id: string): Promise<void> {
  const entry = waiting.get(id);
  if (!entry) return;
  waiting.delete(id);
  clearTimeout(entry.timer);
  dismissToast(entry.toastId);
  try {
    await deleteTodo(id);
  } finally {
    // The mirror now holds it as deleted (or, if the write failed, as it was): show what is true.
    services().mirror.show(id);
  }
}

/** Commits every delete still waiting: the page is going away or to the background. */
export function settleDeletes(): void {
  for (const id of [...waiting.keys()]) void settle(id);
}

let listening = false;
function listenForHide(): void {
  if (listening) return;
  listening = true;
  window.addEventListener('pagehide', settleDeletes);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') settleDeletes();
  });
}
