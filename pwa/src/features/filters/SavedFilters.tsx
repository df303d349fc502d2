// The saved filters (issue 15). In the sidebar (and the phone's drawer): one tap applies one (the full list,
// with its search, filters and sort), and each can be renamed or deleted. Where the filters are composed
// (the full list): the query shown can be saved under a name.
import { useId, useState, type FormEvent } from 'react';
import { EditIcon, TrashIcon } from '../../ui/icons.tsx';
import { DEFAULT_QUERY, type TodoQuery } from '../todos/query.ts';
import { deleteFilter, renameFilter, saveFilter, useSavedFilters } from './saved-filters.ts';

interface NameFormProps {
  label: string;
  initial: string;
  onSubmit: (name: string) => void;
  onCancel: () => void;
}

function NameForm({ label, initial, onSubmit, onCancel }: NameFormProps) {
  const [name, setName] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed) onSubmit(trimmed);
  }
  return (
    <form className="saved-filter-form" onSubmit={submit}>
      <label>
        <span className="sr-only">{label}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Name, e.g. Work this week"
          maxLength={60}
          autoFocus
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
        />
      </label>
      <button type="submit" className="button primary">
        Save
      </button>
      <button type="button" className="button subtle" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

interface SidebarProps {
  userId: string;
  onApply: (query: TodoQuery) => void;
}

/** The sidebar's section: nothing until a filter is saved. */
export function SavedFilterLinks({ userId, onApply }: SidebarProps) {
  const filters = useSavedFilters(userId);
  const headingId = useId();
  // The id of the filter being renamed.
  const [renaming, setRenaming] = useState<string | null>(null);
  if (filters.length === 0) return null;
  return (
    <div role="group" className="saved-filters" aria-labelledby={headingId}>
      <h2 id={headingId} className="sidebar-heading">
        Saved filters
      </h2>
      <ul className="sidebar-list">
        {filters.map((f) =>
          renaming === f.id ? (
            <li key={f.id}>
              <NameForm
                label={`New name for “${f.name}”`}
                initial={f.name}
                onSubmit={(name) => (renameFilter(userId, f.id, name), setRenaming(null))}
                onCancel={() => setRenaming(null)}
              />
            </li>
          ) : (
            <li key={f.id} className="sidebar-row">
              <button type="button" className="sidebar-item" onClick={() => onApply(f.query)}>
                <span className="sidebar-name">{f.name}</span>
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Rename “${f.name}”`}
                onClick={() => setRenaming(f.id)}
              >
                <EditIcon className="icon icon-sm" />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Delete “${f.name}”`}
                onClick={() => deleteFilter(userId, f.id)}
              >
                <TrashIcon className="icon icon-sm" />
              </button>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

/** "Save this filter" in the full list, once its query differs from the defaults. */
export function SaveFilter({ userId, query }: { userId: string; query: TodoQuery }) {
  const [naming, setNaming] = useState(false);
  if (JSON.stringify(query) === JSON.stringify(DEFAULT_QUERY)) return null;
  return naming ? (
    <NameForm
      label="Name of the filter"
      initial=""
      onSubmit={(name) => (saveFilter(userId, name, query), setNaming(false))}
      onCancel={() => setNaming(false)}
    />
  ) : (
    <button type="button" className="link-button save-filter" onClick={() => setNaming(true)}>
      Save this filter
    </button>
  );
}
