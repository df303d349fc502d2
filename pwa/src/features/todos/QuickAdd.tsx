// Quick add: type "Pay rent tomorrow 5pm !high #home @bills"; what was understood shows before saving. A date
// without a time ("pay rent tomorrow") makes an all-day todo: "due Tomorrow (all day)"; "every mon 9am"
// repeats; #list chooses the list (else the list shown, else the Inbox), @tag adds a tag.
import type { Tag } from '@todo/contracts';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { recurrenceDraft } from '../editor/draft.ts';
import { openNewTodo } from '../editor/TodoEditor.tsx';
import { toInputs } from '@todo/todo-rules';
import { uuidv7 } from '../../lib/ids.ts';
import type { Pending } from '../../sync/apply.ts';
import { cx, tagColorClass } from '../../ui/classes.ts';
import { PlusIcon } from '../../ui/icons.tsx';
import { newTag, TAG_COLORS } from '../tags/actions.ts';
import { createTodo } from './actions.ts';
import { toRecurrence } from '../../sync/apply.ts';
import { describeRecurrence, formatTodoDue } from './format.ts';
import { loadChrono, parseQuickAdd, type Chrono } from './quick-parse.ts';
import { PRIORITY_LABEL } from './TodoRow.tsx';
import { useLists } from '../hooks.ts';

interface Props {
  tags: Tag[];
  timeZone: string;
  now: number;
  inputRef: React.RefObject<HTMLInputElement | null>;
  /** The list shown: a new todo goes there unless #list names another (the Inbox when none is). */
  listId?: string | null;
}

export function QuickAdd({ tags, timeZone, now, inputRef, listId = null }: Props) {
  const allLists = useLists();
  const lists = useMemo(() => allLists.filter((l) => !l.archived), [allLists]);
  const [text, setText] = useState('');
  const [chrono, setChrono] = useState<Chrono | null>(null);
  const hintId = useId();
  const previewId = useId();
  const loading = useRef(false);

  const load = () => {
    if (loading.current) return;
    loading.current = true;
    void loadChrono().then(setChrono, () => (loading.current = false));
  };
  useEffect(() => {
    // Warm the date parser once the browser is idle, so the first keystroke is already understood.
    const id = setTimeout(load, 1500);
    return () => clearTimeout(id);
  }, []);

  const parsed = useMemo(
    () => parseQuickAdd(text, chrono, new Date(now), timeZone, lists),
    [text, chrono, now, timeZone, lists],
  );
  const understood =
    text.trim() !== '' &&
    (parsed.dueAt || parsed.priority || parsed.tags.length > 0 || parsed.list || parsed.unknownList);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = text;
    if (!typed.trim()) return;
    // Cleared at once: the person can type the next one while this one is saved.
    setText('');
    const p = parseQuickAdd(
      typed,
      chrono ?? (await loadChrono().catch(() => null)),
      new Date(),
      timeZone,
      lists,
    );
    if (!p.title) return;
    const extra: Pending[] = [];
    const tagIds = p.tags.map((name) => {
      const known = tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
      if (known) return known.id;
      const made = newTag(name, tags.length + extra.length);
      extra.push(made.mutation);
      return made.id;
    });
    await createTodo(
      {
        title: p.title,
        priority: p.priority ?? 'medium',
        dueAt: p.dueAt,
        allDay: p.allDay,
        timeZone,
        tagIds,
        recurrence: p.recurrence,
        ...((p.list?.id ?? listId) ? { listId: p.list?.id ?? listId! } : {}),
      },
      extra,
    );
  }

  function moreOptions() {
    const due = parsed.dueAt ? toInputs(parsed.dueAt, timeZone) : { date: '', time: '' };
    const newTags: Tag[] = [];
    const tagIds = parsed.tags.map((name) => {
      const known = tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
      if (known) return known.id;
      const tag = {
        id: uuidv7(),
        name,
        color: TAG_COLORS[(tags.length + newTags.length) % TAG_COLORS.length]!,
      };
      newTags.push(tag);
      return tag.id;
    });
    setText('');
    openNewTodo({
      title: parsed.title,
      dueDate: due.date,
      dueTime: parsed.allDay ? '' : due.time,
      allDay: parsed.allDay,
      priority: parsed.priority ?? 'medium',
      tagIds,
      newTags,
      listId: parsed.list?.id ?? listId,
      ...(parsed.recurrence && { recurrence: recurrenceDraft(toRecurrence(parsed.recurrence)) }),
    });
  }

  return (
    <form className="quick-add" onSubmit={(e) => void submit(e)} aria-label="Add a todo">
      <div className="quick-add-row">
        <label htmlFor="quick-add-input" className="sr-only">
          New todo
        </label>
        <input
          id="quick-add-input"
          ref={inputRef}
          className="quick-add-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onFocus={load}
          placeholder="Add a todo, e.g. Pay rent tomorrow 5pm !high @home"
          autoComplete="off"
          enterKeyHint="done"
          aria-describedby={`${hintId} ${previewId}`}
          maxLength={500}
        />
        <button type="submit" className="button primary" disabled={!parsed.title}>
          <PlusIcon className="icon icon-sm" />
          <span>Add</span>
        </button>
      </div>
      <p id={hintId} className="sr-only">
        Dates like tomorrow 5pm or next fri are understood (a date without a time makes an all-day todo), and
        repeats like every mon and thu 9am or every month on the 1st; !high or !p1 to !p4 sets the priority,
        #list puts it in a list (the start of its name is enough) and @name adds a tag. Press n to come back
        here.
      </p>
      <div className="quick-preview-row">
        <div id={previewId} className={cx('quick-preview', !understood && 'is-empty')} aria-live="polite">
          {understood && (
            <>
              <span className="preview-label">Understood:</span>
              {parsed.title && <span className="preview-item">“{parsed.title}”</span>}
              {parsed.dueAt && (
                <span className="preview-item preview-due">
                  due {formatTodoDue(parsed.dueAt, { allDay: parsed.allDay, timeZone }, timeZone, now)}
                  {parsed.allDay && ' (all day)'}
                </span>
              )}
              {parsed.recurrence && (
                <span className="preview-item preview-repeat">
                  {describeRecurrence(toRecurrence(parsed.recurrence)).toLowerCase()}
                </span>
              )}
              {parsed.priority && (
                <span className={cx('preview-item priority-tag', `priority-${parsed.priority}`)}>
                  <span className="priority-dot" aria-hidden="true" />
                  {PRIORITY_LABEL[parsed.priority]}
                </span>
              )}
              {parsed.list && <span className="preview-item preview-list">in {parsed.list.name}</span>}
              {parsed.unknownList && (
                <span className="preview-item preview-unknown-list">
                  no list “{parsed.unknownList}”: kept in the title
                </span>
              )}
              {parsed.tags.map((name) => {
                const known = tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
                return (
                  <span key={name} className={cx('chip', tagColorClass(known?.color ?? '#4b5563'))}>
                    <span className="chip-dot" aria-hidden="true" />
                    {known ? known.name : `${name} (new)`}
                  </span>
                );
              })}
            </>
          )}
        </div>
        <button type="button" className="link-button more-options" onClick={moreOptions}>
          More options
        </button>
      </div>
    </form>
  );
}
