// Which view of the todos shows: Today (the default, as in Todoist), Upcoming or All (the full list with
// filters and sort), remembered on this device.
import { useState } from 'react';
import { cx } from '../../ui/classes.ts';

export type View = 'today' | 'upcoming' | 'all';

const VIEW_KEY = 'todo:view';
const VIEWS: { id: View; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: 'upcoming', label: 'Upcoming' },
  { id: 'all', label: 'All' },
];

function storedView(): View {
  const saved = localStorage.getItem(VIEW_KEY);
  return VIEWS.some((v) => v.id === saved) ? (saved as View) : 'today';
}

export function useView(): [View, (view: View) => void] {
  const [view, setView] = useState(storedView);
  return [
    view,
    (next) => {
      localStorage.setItem(VIEW_KEY, next);
      setView(next);
    },
  ];
}

export function ViewTabs({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  return (
    <nav className="view-tabs" aria-label="Views">
      {VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          className={cx('view-tab', view === v.id && 'is-active')}
          aria-pressed={view === v.id}
          onClick={() => onChange(v.id)}
        >
          {v.label}
        </button>
      ))}
    </nav>
  );
}
