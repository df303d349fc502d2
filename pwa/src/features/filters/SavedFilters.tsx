// The saved filters: one tap applies one (the full list, with its search, filters and sort); the query
// shown in the full list can be saved under a name; each can be renamed or deleted.
import { useId, useState, type FormEvent } from 'react';
import { EditIcon, TrashIcon } from '../../ui/icons.tsx';
import { DEFAULT_QUERY, type TodoQuery } from '../todos/query.ts';
import { deleteFilter, renameFilter, saveFilter, useSavedFilters } from './saved-filters.ts';

interface Props {
  userId: string;
  query: TodoQuery;
  /** The full list shows, so the current query can be saved. */
  canSave: boolean;
  onApply: (query: TodoQuery) => void;
}

export function SavedFilters({ userId, query, canSave, onApply }: Props) {
  const filters = useSavedFilters(userId);
  const headingId = useId();
  // The filter being named: 'new' for the current query, else the id of one being renamed.
  const [naming, setNaming] = useState<string | null>(null);
  const [name, setName] = useState('');
  const changed = JSON.stringify(query) !== JSON.stringify(DEFAULT_QUERY);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    if (naming === 'new') saveFilter(userId, trimmed, query);
    else if (naming) renameFilter(userId, naming, trimmed);
    setNaming(null);
  }
  const nameForm = (label: string) => (
    <form className="saved-filter-form" onSubmit={submit}>
      <label>
        <span className="sr-only">{label}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Name, e.g. Work this week"
          maxLength={60}
          autoFocus
          onKeyDown={(e) => e.key === 'Escape' && setNaming(null)}
        />
      </label>
      <button type="submit" className="button primary">
        Save
      </button>
      <button type="button" className="button subtle" onClick={() => setNaming(null)}>
        Cancel
      </button>
    </form>
  );

  if (filters.length === 0 && !(canSave && changed)) return null;
  return (
    <nav className="saved-filters" aria-labelledby={headingId}>
      <h2 id={headingId} className="saved-filters-heading">
        Saved filters
      </h2>
      <ul>
        {filters.map((f) => (
          <li key={f.id}>
            {naming === f.id ? (
              nameForm(`New name for “${f.name}”`)
            ) : (
              <>
                <button type="button" className="view-tab" onClick={() => onApply(f.query)}>
                  {f.name}
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Rename “${f.name}”`}
                  onClick={() => {
                    setName(f.name);
                    setNaming(f.id);
                  }}
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
              </>
            )}
          </li>
        ))}
      </ul>
      {canSave &&
        changed &&
        (naming === 'new' ? (
          nameForm('Name of the filter')
        ) : (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setName('');
              setNaming('new');
            }}
          >
            Save this filter
          </button>
        ))}
    </nav>
  );
}
