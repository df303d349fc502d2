// Filters (status, priority, tags, due window) and the sort: the same parameters the API's list takes.
import type { Priority, Tag } from '@todo/contracts';
import { useId } from 'react';
import { cx } from '../../ui/classes.ts';
import { TagChip } from '../tags/TagChip.tsx';
import { PRIORITIES, type DueWindow, type SortKey, type TodoQuery } from '../todos/query.ts';
import { PRIORITY_LABEL } from '../todos/TodoRow.tsx';

const DUE: [DueWindow | null, string][] = [
  [null, 'Any time'],
  ['overdue', 'Overdue'],
  ['today', 'Today'],
  ['week', 'Next 7 days'],
  ['none', 'No date'],
];
const STATUS: [TodoQuery['status'], string][] = [
  ['open', 'Open'],
  ['done', 'Done'],
  ['all', 'All'],
];
export const SORTS: [SortKey, string][] = [
  ['createdAt', 'Newest first'],
  ['dueAt', 'Due date'],
  ['priority', 'Priority'],
  ['title', 'Title (A–Z)'],
  ['position', 'Manual (drag to reorder)'],
];

export function activeFilters(q: TodoQuery): number {
  return (q.status !== 'open' ? 1 : 0) + q.priorities.length + q.tagIds.length + (q.due ? 1 : 0);
}

/** `manual`: on a list's page, where its todos have a manual order to drag. */
export function SortSelect({
  value,
  onChange,
  manual,
}: {
  value: SortKey;
  onChange: (s: SortKey) => void;
  manual: boolean;
}) {
  const id = useId();
  return (
    <div className="sort-select">
      <label htmlFor={id}>Sort</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as SortKey)}>
        {SORTS.filter(([key]) => manual || key !== 'position').map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function FilterPanel({
  query,
  set,
  tags,
  id,
}: {
  query: TodoQuery;
  set: (patch: Partial<TodoQuery>) => void;
  tags: Tag[];
  id: string;
}) {
  return (
    <div className="filter-panel" id={id} role="group" aria-label="Filters">
      <fieldset className="filter-group">
        <legend>Status</legend>
        {STATUS.map(([value, label]) => (
          <label key={value} className={cx('pill', query.status === value && 'is-checked')}>
            <input
              type="radio"
              name="status"
              checked={query.status === value}
              onChange={() => set({ status: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="filter-group">
        <legend>Priority</legend>
        {PRIORITIES.map((p: Priority) => (
          <label
            key={p}
            className={cx('pill', `priority-${p}`, query.priorities.includes(p) && 'is-checked')}
          >
            <input
              type="checkbox"
              checked={query.priorities.includes(p)}
              onChange={() => set({ priorities: toggle(query.priorities, p) })}
            />
            <span className="priority-dot" aria-hidden="true" />
            {PRIORITY_LABEL[p]}
          </label>
        ))}
      </fieldset>
      <fieldset className="filter-group">
        <legend>Due</legend>
        {DUE.map(([value, label]) => (
          <label key={label} className={cx('pill', query.due === value && 'is-checked')}>
            <input
              type="radio"
              name="due"
              checked={query.due === value}
              onChange={() => set({ due: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="filter-group">
        <legend>Tags</legend>
        {tags.length === 0 && (
          <p className="hint">No tags yet: add them in a todo, or type @name in quick add.</p>
        )}
        {tags.map((t) => (
          <label key={t.id} className={cx('pill tag-pill', query.tagIds.includes(t.id) && 'is-checked')}>
            <input
              type="checkbox"
              checked={query.tagIds.includes(t.id)}
              onChange={() => set({ tagIds: toggle(query.tagIds, t.id) })}
            />
            <TagChip tag={t} />
          </label>
        ))}
      </fieldset>
      {activeFilters(query) > 0 && (
        <button
          type="button"
          className="link-button"
          onClick={() => set({ status: 'open', priorities: [], tagIds: [], due: null })}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
