// A list's settings in a modal dialog: name, colour (a small palette), an emoji; archive; delete, asking
// what becomes of its todos (moved to the Inbox, or deleted with it: one change either way). The Inbox
// keeps its name and cannot be archived or deleted; only a list's owner changes it.
import type { List } from '@todo/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { homePath, navigate } from '../../lib/router.ts';
import { toast } from '../../lib/toasts.ts';
import { useLists, useOpenCounts, useTodos } from '../hooks.ts';
import {
  LIST_COLORS,
  archiveList,
  createList,
  deleteList,
  recolorList,
  renameList,
  setListIcon,
} from './actions.ts';
import { closeListDialog, useListDialog } from './dialog-state.ts';

const COLOR_NAMES: Record<string, string> = {
  '#2563eb': 'Blue',
  '#16a34a': 'Green',
  '#d97706': 'Amber',
  '#dc2626': 'Red',
  '#7c3aed': 'Violet',
  '#0891b2': 'Cyan',
  '#db2777': 'Pink',
  '#4b5563': 'Grey',
};

type DeleteChoice = 'move' | 'delete';
/** What happens to a deleted list's todos. */
const DELETE_CHOICES: [DeleteChoice, string][] = [
  ['move', 'Move its todos to the Inbox'],
  ['delete', 'Delete its todos too'],
];

/** Mounted once; shows the dialog the sidebar or a list's header asked for. */
export function ListDialogHost() {
  const target = useListDialog();
  const lists = useLists();
  if (target === null) return null;
  const list = target === 'new' ? null : (lists.find((l) => l.id === target) ?? null);
  if (target !== 'new' && !list) return null;
  return <ListDialog key={target} list={list} />;
}

function ListDialog({ list }: { list: List | null }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const nameId = useId();
  const iconId = useId();
  const [name, setName] = useState(list?.name ?? '');
  const [color, setColor] = useState(list?.color ?? LIST_COLORS[0]!);
  const [icon, setIcon] = useState(list?.icon ?? '');
  const [tried, setTried] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [choice, setChoice] = useState<DeleteChoice>('move');
  const counts = useOpenCounts();
  const { todos } = useTodos();
  const inList = list ? [...todos.values()].filter((t) => t.listId === list.id).length : 0;
  const owner = !list || list.role === 'owner';
  const nameError = tried && !name.trim() ? 'Give the list a name' : null;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!name.trim()) return;
    const emoji = icon.trim() || null;
    if (!list) {
      const id = await createList({ name, color, icon: emoji });
      closeListDialog();
      navigate(`/lists/${id}`);
      return;
    }
    if (!list.inbox && name.trim() !== list.name) await renameList(list.id, name);
    if (color !== list.color) await recolorList(list.id, color);
    if (emoji !== list.icon) await setListIcon(list.id, emoji);
    closeListDialog();
  }

  async function archive() {
    if (!list) return;
    await archiveList(list.id, !list.archived);
    toast(list.archived ? `“${list.name}” is back in your lists` : `“${list.name}” archived`);
    closeListDialog();
  }

  async function remove() {
    if (!list) return;
    await deleteList(list.id, choice);
    toast(
      choice === 'move'
        ? `“${list.name}” deleted; its todos are in the Inbox`
        : `“${list.name}” deleted with its todos`,
    );
    closeListDialog();
    if (homePath() === `/lists/${list.id}`) navigate('/');
  }

  return (
    <dialog ref={dialog} className="list-dialog" aria-labelledby={headingId} onClose={closeListDialog}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <h2 id={headingId}>{list ? `List settings: ${list.name}` : 'New list'}</h2>
        {!owner && <p className="muted">Only the owner of this list can change it.</p>}
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            disabled={!owner || list?.inbox}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${nameId}-error` : undefined}
            autoFocus
          />
          {nameError && (
            <p id={`${nameId}-error`} className="error">
              {nameError}
            </p>
          )}
        </div>
        <fieldset className="field color-picker" disabled={!owner}>
          <legend>Colour</legend>
          <div className="swatches">
            {LIST_COLORS.map((c) => (
              <label key={c} className="swatch-option">
                <input
                  type="radio"
                  name={`${nameId}-color`}
                  className="swatch-input"
                  value={c}
                  checked={color === c}
                  onChange={() => setColor(c)}
                />
                <span className="swatch" aria-hidden="true" style={{ background: c }} />
                <span className="sr-only">{COLOR_NAMES[c]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={iconId}>Emoji (optional)</label>
          <input
            id={iconId}
            value={icon}
            onChange={(e) => setIcon(e.target.value)}
            maxLength={8}
            disabled={!owner}
            placeholder="🛒"
          />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={closeListDialog}>
            Cancel
          </button>
          {owner && (
            <button type="submit" className="button primary">
              {list ? 'Save' : 'Create list'}
            </button>
          )}
        </div>
        {list && owner && !list.inbox && (
          <div className="list-dialog-danger">
            <button type="button" className="button" onClick={() => void archive()}>
              {list.archived ? 'Unarchive' : 'Archive'}
            </button>
            {!deleting ? (
              <button type="button" className="button danger" onClick={() => setDeleting(true)}>
                Delete list…
              </button>
            ) : (
              <fieldset className="field delete-choice">
                <legend>
                  Delete “{list.name}” and its {inList} {inList === 1 ? 'todo' : 'todos'} (
                  {counts.get(list.id) ?? 0} open)?
                </legend>
                {DELETE_CHOICES.map(([value, label]) => (
                  <label key={value}>
                    <input
                      type="radio"
                      name="delete-choice"
                      checked={choice === value}
                      onChange={() => setChoice(value)}
                    />
                    {label}
                  </label>
                ))}
                <button type="button" className="button danger" onClick={() => void remove()}>
                  Delete list
                </button>
              </fieldset>
            )}
          </div>
        )}
      </form>
    </dialog>
  );
}
