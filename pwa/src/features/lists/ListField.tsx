// The editor's "List" picker: moving a todo to another list is one edit. Archived lists are not offered
// (except the one the todo is in).
import { useId } from 'react';
import { useLists } from '../hooks.ts';
import { listLabel } from './ListBadge.tsx';

export function ListField({ value, onChange }: { value: string | null; onChange: (listId: string) => void }) {
  const id = useId();
  const lists = useLists();
  const inbox = lists.find((l) => l.inbox);
  const current = value ?? inbox?.id ?? '';
  const offered = lists.filter((l) => !l.archived || l.id === current);
  return (
    <div className="field list-field">
      <label htmlFor={id}>List</label>
      <select id={id} value={current} onChange={(e) => onChange(e.target.value)}>
        {offered.map((l) => (
          <option key={l.id} value={l.id}>
            {listLabel(l)}
          </option>
        ))}
      </select>
    </div>
  );
}
