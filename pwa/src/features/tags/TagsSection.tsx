// Settings' "Tags": every tag with how many todos carry it; Edit opens the tag's dialog (name, colour,
// delete). Unlike the rest of settings this works offline: tags are local data that syncs.
import { useId, useMemo, useState } from 'react';
import { useTags, useTodos } from '../hooks.ts';
import { TagChip } from './TagChip.tsx';
import { TagDialog } from './TagDialog.tsx';
import { todosCount } from './tag-rules.ts';

export function TagsSection() {
  const id = useId();
  const tags = useTags();
  const { todos, version } = useTodos();
  const [editing, setEditing] = useState<string | null>(null);
  // The mirror changes its one map in place: its version says when the counts are stale.
  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const todo of todos.values()) for (const t of todo.tagIds) map.set(t, (map.get(t) ?? 0) + 1);
    return map;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [todos, version]);
  const open = tags.find((t) => t.id === editing);

  return (
    <section className="settings-group tags-settings" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="settings-heading">
        Tags
      </h2>
      {tags.length === 0 ? (
        <p className="hint">No tags yet. Add one in a todo’s Tags field, or type @name in quick add.</p>
      ) : (
        <ul className="tag-settings-list">
          {tags.map((tag) => (
            <li key={tag.id} className="setting">
              <div className="setting-text">
                <TagChip tag={tag} />
                <p className="hint">On {todosCount(counts.get(tag.id) ?? 0)}</p>
              </div>
              <button
                type="button"
                className="button"
                onClick={() => setEditing(tag.id)}
                aria-label={`Edit tag ${tag.name}`}
              >
                Edit
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <TagDialog
          key={open.id}
          tag={open}
          onClose={() => setEditing(null)}
          onDeleted={() => setEditing(null)}
        />
      )}
    </section>
  );
}
