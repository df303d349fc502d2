// The checklist's changes: one mutation per subtask (the server merges them per subtask, so an add on
// one device and a tick on another both stay), written and queued like every other edit.
import type { Subtask } from '@todo/contracts';
import { commit, mutation } from '../todos/actions.ts';
import type { Pending } from '../../sync/apply.ts';
import type { SubtaskActions } from './SubtaskChecklist.tsx';

/** For a todo that exists: every change is saved at once, offline too (`save`: the app's commit). */
export function savedChecklist(
  todoId: string,
  save: (...mutations: Pending[]) => Promise<void> = commit,
): SubtaskActions {
  return {
    add: (subtask) => void save(mutation('subtask.add', { todoId, subtask })),
    update: (id, fields) => void save(mutation('subtask.update', { todoId, id, fields })),
    remove: (id) => void save(mutation('subtask.delete', { todoId, id })),
    reorder: (updates) =>
      void save(
        ...updates.map((u) =>
          mutation('subtask.update', { todoId, id: u.id, fields: { position: u.position } }),
        ),
      ),
  };
}

/** For a todo being made: the checklist is kept with the draft and created with the todo. */
export function draftChecklist(set: (change: (list: Subtask[]) => Subtask[]) => void): SubtaskActions {
  const patch = (id: string, fields: Partial<Subtask>) =>
    set((list) => list.map((s) => (s.id === id ? { ...s, ...fields } : s)));
  return {
    add: (subtask) => set((list) => [...list, subtask]),
    update: patch,
    remove: (id) => set((list) => list.filter((s) => s.id !== id)),
    reorder: (updates) => {
      for (const u of updates) patch(u.id, { position: u.position });
    },
  };
}
