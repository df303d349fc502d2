// Who does a todo of a shared list: initials on its row (named for screen readers and on hover), and a
// picker in the editor among the list's members. Choosing is one edit, sent at once like a tick.
import type { ListMember } from '@todo/contracts';
import { useId } from 'react';
import type { TodoState } from '../../db/records.ts';
import { useUser } from '../hooks.ts';
import { setAssignee } from '../todos/actions.ts';
import { displayName, initials } from './members.ts';
import { useSharedMembers } from './members-store.ts';
import './sharing.css';

/** On a row: nothing unless the todo's list is shared and someone is assigned. */
export function AssigneeBadge({ todo }: { todo: Pick<TodoState, 'listId' | 'assigneeId'> }) {
  const members = useSharedMembers(todo.listId);
  const who = todo.assigneeId ? members?.find((m) => m.userId === todo.assigneeId) : undefined;
  if (!who) return null;
  const label = `Assigned to ${displayName(who)}`;
  return (
    <span className="assignee" role="img" aria-label={label} title={label}>
      {initials(who)}
    </span>
  );
}

/** In the editor of a todo on a shared list: Nobody or one of the members. */
export function AssigneeField({ todo }: { todo: TodoState }) {
  const id = useId();
  const userId = useUser()?.id;
  const members = useSharedMembers(todo.listId);
  if (!members) return null;
  const sorted = [...members].sort((a, b) => displayName(a).localeCompare(displayName(b)));
  return (
    <div className="field">
      <label htmlFor={id}>Assignee</label>
      <select
        id={id}
        value={todo.assigneeId ?? ''}
        onChange={(e) => void setAssignee(todo.id, e.target.value || null)}
      >
        <option value="">Nobody</option>
        {sorted.map((m: ListMember) => (
          <option key={m.userId} value={m.userId}>
            {displayName(m)}
            {m.userId === userId ? ' (you)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
