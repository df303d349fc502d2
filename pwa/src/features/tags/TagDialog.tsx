// Editing one tag in a modal dialog: its name, its colour from the palette, or deleting it once the
// person has seen how many todos carry it. Changes are local mutations, so they work offline and sync.
import type { Tag } from '@todo/contracts';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTags, useTodos } from '../hooks.ts';
import { TAG_PALETTE, cx, tagColorClass } from '../../ui/classes.ts';
import { deleteTag, updateTag } from './actions.ts';
import { TAG_NAME_MAX, tagNameError, todosCount } from './tag-rules.ts';

/** How many of the todos on this device carry the tag (done ones too: deleting takes it off all). */
function useTagCount(tagId: string): number {
  const { todos } = useTodos();
  return useMemo(() => {
    let n = 0;
    for (const todo of todos.values()) if (todo.tagIds.includes(tagId)) n += 1;
    return n;
  }, [todos, tagId]);
}

export function TagDialog({
  tag,
  onClose,
  onDeleted,
}: {
  tag: Tag;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const tags = useTags();
  const count = useTagCount(tag.id);
  const [name, setName] = useState(tag.name);
  // The colour shown is the palette's nearest; it is saved only when the person picks one.
  const [picked, setPicked] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const error = tried ? tagNameError(name, tag, tags) : null;
  const shownClass = tagColorClass(picked ?? tag.color);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const close = () => ref.current?.close();

  async function save(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (tagNameError(name, tag, tags)) return;
    const fields: { name?: string; color?: string } = {};
    if (name.trim() !== tag.name) fields.name = name.trim();
    if (picked && picked !== tag.color) fields.color = picked;
    if (fields.name !== undefined || fields.color !== undefined) await updateTag(tag.id, fields);
    close();
  }

  async function remove() {
    await deleteTag(tag.id);
    onDeleted?.();
    close();
  }

  const titleId = `${id}-title`;
  return createPortal(
    // Portalled out of the editor's form, but React still bubbles events along the component tree:
    // its submit and Escape are the dialog's own, not the editor's (which would save or go back).
    <dialog
      ref={ref}
      className="tag-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onSubmit={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
    >
      {confirming ? (
        <div className="tag-dialog-body">
          <h2 id={titleId}>Delete “{tag.name}”?</h2>
          <p>
            It is on {todosCount(count)}.{' '}
            {count > 0 ? 'Deleting it takes it off them; the todos stay.' : 'Nothing else changes.'}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
              Keep it
            </button>
            <button type="button" className="button danger" onClick={() => void remove()}>
              Delete tag
            </button>
          </div>
        </div>
      ) : (
        <form className="tag-dialog-body" onSubmit={(e) => void save(e)} noValidate>
          <h2 id={titleId}>Edit tag</h2>
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              value={name}
              maxLength={TAG_NAME_MAX + 10}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            {error && (
              <p id={`${id}-error`} className="error">
                {error}
              </p>
            )}
          </div>
          <fieldset className="field">
            <legend>Colour</legend>
            <div className="swatches">
              {TAG_PALETTE.map((p, i) => (
                <label key={p.color} className="swatch-option">
                  <input
                    type="radio"
                    name={`${id}-color`}
                    className="swatch-input"
                    value={p.color}
                    checked={shownClass === `tag-c${i}`}
                    onChange={() => setPicked(p.color)}
                  />
                  <span className={cx('swatch', `tag-c${i}`)} aria-hidden="true" />
                  <span className="sr-only">{p.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <p className="hint">On {todosCount(count)}.</p>
          <div className="dialog-actions">
            <button type="button" className="button danger" onClick={() => setConfirming(true)}>
              Delete…
            </button>
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button primary">
              Save
            </button>
          </div>
        </form>
      )}
    </dialog>,
    document.body,
  );
}
