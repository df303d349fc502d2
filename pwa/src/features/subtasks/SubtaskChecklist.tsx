// A todo's checklist in the editor, all of it by keyboard too: Enter in "Add a subtask" adds one and stays
// there for the next; a title is edited in place (Enter keeps it, Escape takes it back); Backspace on an
// empty title removes that subtask; Alt+↑/↓ moves one; ↑/↓ go from title to title.
import type { Subtask, SubtaskPatch } from '@todo/contracts';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { byPosition, keyAfter, lastKey, moveTo, type Positioned } from '../../lib/positions.ts';
import { CloseIcon } from '../../ui/icons.tsx';
import { cx } from '../../ui/classes.ts';
import { SubtaskProgress } from './SubtaskProgress.tsx';
import './subtasks.css';

export interface SubtaskActions {
  add(subtask: Subtask): void;
  update(id: string, fields: SubtaskPatch): void;
  remove(id: string): void;
  /** New positions (usually one) that move a subtask; sent together. */
  reorder(updates: Positioned[]): void;
}

interface Props {
  subtasks: readonly Subtask[];
  actions: SubtaskActions;
  makeId: () => string;
}

/**
 * Where the focus goes once the list shows a change: a subtask's title or checkbox (once it is at
 * `index`), or the add field.
 */
type FocusTarget = { id: string; index?: number; part?: 'check' } | { id: null };
type FocusWish = FocusTarget & { until: number };

/** A wish not met by then is dropped (a change from elsewhere came between), so it never steals focus. */
const WISH_MS = 1000;
/** Focus with the caret at the end of a title, where typing and Backspace go on from. */
function focusEnd(el: HTMLElement): void {
  el.focus();
  if (el instanceof HTMLInputElement && el.type !== 'checkbox')
    el.setSelectionRange(el.value.length, el.value.length);
}

const wishFor = (target: FocusTarget): FocusWish => ({ ...target, until: Date.now() + WISH_MS });

const quoted = (title: string) => `“${title}”`;

export function SubtaskChecklist({ subtasks, actions, makeId }: Props) {
  const id = useId();
  const sorted = useMemo(() => [...subtasks].sort(byPosition), [subtasks]);
  const [text, setText] = useState('');
  const [said, setSaid] = useState('');
  const addRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const wish = useRef<FocusWish | null>(null);
  /** The subtask added last: the list may not show it yet when the next key comes. */
  const lastAdded = useRef<Subtask | null>(null);

  // A moved row is re-inserted by React, which takes the focus from it: focus it again once it shows at
  // its new place (and a removed row's neighbour, or the add field).
  useEffect(() => {
    const w = wish.current;
    if (!w) return;
    if (Date.now() > w.until) {
      wish.current = null;
      return;
    }
    if (w.id === null) {
      addRef.current?.focus();
      wish.current = null;
      return;
    }
    const at = sorted.findIndex((s) => s.id === w.id);
    if (at < 0) return; // not shown yet
    const attr = w.part === 'check' ? 'data-subtask-check' : 'data-subtask';
    const input = listRef.current?.querySelector<HTMLElement>(`[${attr}="${w.id}"]`);
    if (input && document.activeElement !== input) focusEnd(input);
    if (w.index === undefined || at === w.index) wish.current = null;
  });

  function focusAt(index: number) {
    wish.current = null;
    const s = sorted[index];
    const title = s && listRef.current?.querySelector<HTMLElement>(`[data-subtask="${s.id}"]`);
    const el = title ?? addRef.current;
    if (el) focusEnd(el);
  }

  function add() {
    const title = text.trim();
    if (!title) return;
    const before = lastAdded.current ? [...sorted, lastAdded.current] : sorted;
    const subtask = { id: makeId(), title, done: false, position: keyAfter(lastKey(before)) };
    actions.add(subtask);
    lastAdded.current = subtask;
    setText('');
    setSaid(`Added ${quoted(title)}`);
  }

  function remove(index: number) {
    const s = sorted[index]!;
    actions.remove(s.id);
    setSaid(`Removed ${quoted(s.title)}`);
    const neighbour = sorted[index - 1] ?? sorted[index + 1];
    wish.current = wishFor(neighbour ? { id: neighbour.id } : { id: null });
    if (!neighbour) addRef.current?.focus();
  }

  function move(index: number, to: number, part?: 'check') {
    const s = sorted[index]!;
    if (to < 0 || to >= sorted.length) return;
    actions.reorder(moveTo(sorted, index, to));
    wish.current = wishFor({ id: s.id, index: to, part });
    setSaid(`${quoted(s.title)} moved to ${to + 1} of ${sorted.length}`);
  }

  /** Keys every row takes, on its checkbox as on its title. */
  function onRowKey(e: KeyboardEvent<HTMLElement>, index: number): boolean {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      const part = (e.target as HTMLElement).hasAttribute('data-subtask-check') ? 'check' : undefined;
      move(index, index + (e.key === 'ArrowUp' ? -1 : 1), part);
      return true;
    }
    return false;
  }

  function onAddKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault(); // not the editor's submit
      add();
    } else if ((e.key === 'Backspace' && text === '') || (e.key === 'ArrowUp' && !e.altKey)) {
      const added = lastAdded.current;
      if (added && !sorted.some((s) => s.id === added.id)) {
        // Typed faster than the list showed the one just added: that one is the last.
        e.preventDefault();
        wish.current = wishFor({ id: added.id });
      } else if (sorted.length) {
        e.preventDefault();
        focusAt(sorted.length - 1);
      }
    }
  }

  const progress = sorted.length > 0;
  return (
    <fieldset className="field subtask-field">
      <legend>
        Subtasks
        {progress && (
          <>
            {' '}
            <SubtaskProgress subtasks={sorted} />
          </>
        )}
      </legend>
      {sorted.length > 0 && (
        <ol className="subtask-list" ref={listRef} aria-label="Subtasks">
          {sorted.map((s, i) => (
            <SubtaskItem
              key={s.id}
              subtask={s}
              index={i}
              count={sorted.length}
              actions={actions}
              onRowKey={onRowKey}
              onRemove={() => remove(i)}
              focusAt={focusAt}
            />
          ))}
        </ol>
      )}
      <input
        ref={addRef}
        className="subtask-add"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onAddKey}
        onBlur={add}
        placeholder="Add a subtask"
        aria-label="Add a subtask"
        aria-describedby={`${id}-hint`}
        maxLength={500}
        enterKeyHint="enter"
      />
      <p id={`${id}-hint`} className="hint">
        Enter adds the next one · Alt+↑/↓ moves one · Backspace on an empty title removes it
      </p>
      <p className="sr-only" role="status">
        {said}
      </p>
    </fieldset>
  );
}

interface ItemProps {
  subtask: Subtask;
  index: number;
  count: number;
  actions: SubtaskActions;
  onRowKey: (e: KeyboardEvent<HTMLElement>, index: number) => boolean;
  onRemove: () => void;
  focusAt: (index: number) => void;
}

function SubtaskItem({ subtask, index, count, actions, onRowKey, onRemove, focusAt }: ItemProps) {
  // What is being typed; null shows the title as stored (a rename from another device included).
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? subtask.title;
  // A tick shows at once, the stored value once it has caught up: the write and the live query that
  // brings it back are async, and a controlled checkbox would show the old state until then.
  const [ticked, setTicked] = useState<boolean | null>(null);
  if (ticked !== null && ticked === subtask.done) setTicked(null);
  const done = ticked ?? subtask.done;

  function keep() {
    const title = draft?.trim();
    if (title && title !== subtask.title) actions.update(subtask.id, { title });
    setDraft(null);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (onRowKey(e, index)) return;
    // Moving the focus away keeps the typed title (on blur).
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      focusAt(index + 1);
    } else if (e.key === 'Escape' && draft !== null && draft !== subtask.title) {
      e.preventDefault();
      e.stopPropagation(); // takes the typing back; the next Escape leaves the editor
      setDraft(null);
    } else if (e.key === 'Backspace' && value === '') {
      e.preventDefault();
      onRemove();
    } else if ((e.key === 'ArrowUp' ? index > 0 : e.key === 'ArrowDown') && !e.shiftKey) {
      e.preventDefault();
      focusAt(index + (e.key === 'ArrowUp' ? -1 : 1));
    }
  }

  const name = subtask.title;
  return (
    <li className={cx('subtask-item', done && 'is-done')}>
      <input
        type="checkbox"
        checked={done}
        onChange={(e) => {
          setTicked(e.target.checked);
          actions.update(subtask.id, { done: e.target.checked });
        }}
        onKeyDown={(e) => onRowKey(e, index)}
        data-subtask-check={subtask.id}
        aria-label={`Done: ${name}`}
      />
      <input
        className="subtask-title"
        data-subtask={subtask.id}
        value={value}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={keep}
        aria-label={`Subtask ${index + 1} of ${count}`}
        maxLength={500}
        enterKeyHint="next"
      />
      <button
        type="button"
        className="icon-button subtask-remove"
        onClick={onRemove}
        aria-label={`Remove subtask ${quoted(name)}`}
      >
        <CloseIcon className="icon icon-sm" />
      </button>
    </li>
  );
}
