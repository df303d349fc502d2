// The checklist section of the editor: a saved todo's subtasks change at once (offline too), as in the
// other apps; a new todo's are kept with the draft and created with it.
import type { Subtask } from '@todo/contracts';
import { useMemo } from 'react';
import type { TodoState } from '../../db/records.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { draftChecklist, savedChecklist } from './actions.ts';
import { SubtaskChecklist } from './SubtaskChecklist.tsx';

interface Props {
  /** The todo as it is now (null while it is being made). */
  todo: TodoState | null;
  /** A new todo's checklist. */
  draft: Subtask[];
  setDraft: (change: (list: Subtask[]) => Subtask[]) => void;
}

export function EditorSubtasks({ todo, draft, setDraft }: Props) {
  const todoId = todo?.id ?? null;
  const actions = useMemo(
    () => (todoId ? savedChecklist(todoId) : draftChecklist(setDraft)),
    [todoId, setDraft],
  );
  return <SubtaskChecklist subtasks={todo ? todo.subtasks : draft} actions={actions} makeId={uuidv7} />;
}
