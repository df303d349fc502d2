import type { Tag } from '@todo/contracts';
import { useId, useState, type KeyboardEvent } from 'react';
import { TagChip } from '../tags/TagChip.tsx';
import { TagDialog } from '../tags/TagDialog.tsx';
import { TAG_COLORS } from '../tags/actions.ts';
import { uuidv7 } from '../../lib/ids.ts';
import type { Draft } from './draft.ts';

/** Chips of the todo's tags; type to pick an existing tag or create a new one. */
export function TagField({
  draft,
  set,
  tags,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  tags: Tag[];
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const editedTag = tags.find((t) => t.id === editing);
  const all = [...tags, ...draft.newTags];
  const chosen = draft.tagIds.flatMap((t) => all.find((x) => x.id === t) ?? []);
  const name = text.trim();
  const exact = all.find((t) => t.name.toLowerCase() === name.toLowerCase());
  const suggestions = tags.filter(
    (t) => !draft.tagIds.includes(t.id) && (!name || t.name.toLowerCase().includes(name.toLowerCase())),
  );

  function add() {
    if (!name) return;
    if (exact) {
      if (!draft.tagIds.includes(exact.id)) set({ tagIds: [...draft.tagIds, exact.id] });
    } else {
      const tag = {
        id: uuidv7(),
        name,
        color: TAG_COLORS[(tags.length + draft.newTags.length) % TAG_COLORS.length]!,
      };
      set({ newTags: [...draft.newTags, tag], tagIds: [...draft.tagIds, tag.id] });
    }
    setText('');
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && !text && draft.tagIds.length) {
      set({ tagIds: draft.tagIds.slice(0, -1) });
    }
  }

  return (
    <fieldset className="field tag-field">
      <legend>Tags</legend>
      {chosen.length > 0 && (
        <ul className="chips" aria-label="Tags on this todo">
          {chosen.map((tag) => (
            <li key={tag.id}>
              <TagChip
                tag={tag}
                onRemove={() => set({ tagIds: draft.tagIds.filter((t) => t !== tag.id) })}
                // A tag made in this draft is not saved yet: it is edited by removing and retyping.
                onEdit={tags.includes(tag) ? () => setEditing(tag.id) : undefined}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="field-row">
        <label htmlFor={`${id}-input`} className="sr-only">
          Add a tag
        </label>
        <input
          id={`${id}-input`}
          list={`${id}-list`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Add a tag"
          maxLength={50}
          autoComplete="off"
        />
        <datalist id={`${id}-list`}>
          {suggestions.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
        <button type="button" className="button" onClick={add} disabled={!name}>
          {name && !exact ? `Create “${name}”` : 'Add tag'}
        </button>
      </div>
      {suggestions.length > 0 && (
        <div className="chips suggestions" role="group" aria-label="Your tags">
          {suggestions.slice(0, 12).map((t) => (
            <button
              key={t.id}
              type="button"
              className="chip-button"
              onClick={() => set({ tagIds: [...draft.tagIds, t.id] })}
              aria-label={`Add tag ${t.name}`}
            >
              <TagChip tag={t} />
            </button>
          ))}
        </div>
      )}
      {chosen.length > 0 && (
        <p className="hint">Choose a tag’s name to rename it, recolour it or delete it.</p>
      )}
      {editedTag && (
        <TagDialog
          key={editedTag.id}
          tag={editedTag}
          onClose={() => setEditing(null)}
          onDeleted={() => {
            setEditing(null);
            set({ tagIds: draft.tagIds.filter((t) => t !== editedTag.id) });
          }}
        />
      )}
    </fieldset>
  );
}
