// The todo editor (also for a new todo): title, description, priority, due date, time and zone, tags,
// reminders, recurrence. Saving sends only what changed; Escape goes back, Ctrl/⌘+Enter saves.
import type { Subtask, Tag } from '@todo/contracts';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { homePath, navigate } from '../../lib/router.ts';
import type { TodoState } from '../../db/records.ts';
import type { Pending } from '../../sync/apply.ts';
import { TrashIcon } from '../../ui/icons.tsx';
import { BackToList } from '../../ui/PageHead.tsx';
import { commit, completeTodo, createTodo, endOfList, mutation, reopenTodo } from '../todos/actions.ts';
import { deleteWithUndo } from '../todos/delete-undo.ts';
import { ListField } from '../lists/ListField.tsx';
import { PriorityPicker } from './PriorityPicker.tsx';
import { DueField } from './DueField.tsx';
import { ScheduleButtons } from './ScheduleButtons.tsx';
import { TagField } from './TagField.tsx';
import { ReminderField } from './ReminderField.tsx';
import { RecurrenceField } from './RecurrenceField.tsx';
import { HistorySection } from '../activity/HistorySection.tsx';
import { EditorSubtasks } from '../subtasks/EditorSubtasks.tsx';
import { AssigneeField } from '../sharing/Assignee.tsx';
import { useStoredSettings } from '../settings/settings.ts';
import { uuidv7 } from '../../lib/ids.ts';
import {
  changes,
  draftFromTodo,
  dueAtOf,
  emptyDraft,
  isAllDay,
  problems,
  recurrenceInput,
  reminderInputs,
  retimeDefaultReminder,
  withDefaultReminder,
  type Draft,
} from './draft.ts';

let nextNewDraft: Partial<Draft> | null = null;
/** Quick add's "More options" hands over what was typed. */
export function openNewTodo(from: Partial<Draft>): void {
  nextNewDraft = from;
  navigate('/todos/new');
}

interface Props {
  /** null for a new todo. */
  todo: TodoState | null;
  /** The todo was open and then deleted (here or elsewhere). */
  gone: boolean;
  tags: Tag[];
  timeZone: string;
}

function tagMutations(newTags: Tag[]): Pending[] {
  return newTags.map((t) => mutation('tag.create', { id: t.id, name: t.name, color: t.color }));
}

export function TodoEditor({ todo, gone, tags, timeZone }: Props) {
  const headingId = useId();
  const [original] = useState(todo);
  // A new todo's id is made here, so its default reminder can carry the id the server derives from it.
  const [todoId] = useState(() => todo?.id ?? uuidv7());
  const settings = useStoredSettings();
  const reminderTime = settings?.defaultReminderTime ?? '09:00';
  const savedReminders = original?.reminders.map((r) => r.id) ?? [];
  const [draft, setDraft] = useState<Draft>(() => {
    if (todo) return draftFromTodo(todo);
    const blank = emptyDraft(timeZone);
    return withDefaultReminder(blank, emptyDraft(timeZone, nextNewDraft ?? {}), todoId, reminderTime);
  });
  useEffect(() => {
    nextNewDraft = null; // handed over once (not in the initializer: React may call that twice)
  }, []);
  // The settings are read after the first render: a default reminder made before takes their time.
  const [timeSeen, setTimeSeen] = useState(reminderTime);
  if (timeSeen !== reminderTime) {
    setTimeSeen(reminderTime);
    setDraft((d) => retimeDefaultReminder(d, todoId, reminderTime));
  }
  const [newSubtasks, setNewSubtasks] = useState<Subtask[]>([]);
  const [tried, setTried] = useState(false);
  const title = useRef<HTMLInputElement>(null);
  const issues = problems(draft);
  const shown = tried ? issues : {};
  const set = (patch: Partial<Draft>) =>
    setDraft((d) => withDefaultReminder(d, { ...d, ...patch }, todoId, reminderTime, savedReminders));

  useEffect(() => {
    if (!original) title.current?.focus();
    else document.getElementById(headingId)?.focus();
  }, [original, headingId]);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    setTried(true);
    if (Object.keys(issues).length) return;
    const created = tagMutations(draft.newTags.filter((t) => draft.tagIds.includes(t.id)));
    if (!original) {
      await createTodo(
        {
          id: todoId,
          title: draft.title.trim(),
          description: draft.description,
          priority: draft.priority,
          dueAt: dueAtOf(draft),
          allDay: isAllDay(draft),
          timeZone: draft.timeZone,
          tagIds: draft.tagIds,
          recurrence: recurrenceInput(draft.recurrence),
          reminders: reminderInputs(draft),
          subtasks: newSubtasks,
          ...(draft.listId ? { listId: draft.listId } : {}),
        },
        created,
      );
    } else {
      const c = changes(original, draft, reminderTime);
      const id = original.id;
      const ms: Pending[] = [...created];
      if (c.fields.listId) c.fields.position = endOfList(c.fields.listId);
      if (Object.keys(c.fields).length) {
        const update = mutation('todo.update', { id, fields: c.fields });
        // The reminder the server adds to a todo made all-day shows here at once, with its id.
        if (c.defaultReminderTime) update.defaultReminderTime = c.defaultReminderTime;
        ms.push(update);
      }
      if (c.addTagIds.length) ms.push(mutation('todo.addTags', { id, tagIds: c.addTagIds }));
      for (const tagId of c.removeTagIds) ms.push(mutation('todo.removeTag', { id, tagId }));
      for (const reminderId of c.removeReminderIds)
        ms.push(mutation('reminder.delete', { todoId: id, reminderId }));
      for (const reminder of c.addReminders) ms.push(mutation('reminder.add', { todoId: id, reminder }));
      await commit(...ms);
    }
    navigate(homePath());
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      navigate(homePath());
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  }

  if (gone) {
    return (
      <section className="editor" aria-labelledby={headingId}>
        <h2 id={headingId} tabIndex={-1}>
          This todo was deleted
        </h2>
        <button type="button" className="button" onClick={() => navigate(homePath())}>
          Back to the list
        </button>
      </section>
    );
  }

  const done = todo?.status === 'done';
  return (
    <section className="editor" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <div className="editor-head">
        <BackToList />
        <h2 id={headingId} tabIndex={-1}>
          {original ? 'Edit todo' : 'New todo'}
        </h2>
        {todo && (
          <div className="editor-actions">
            <button
              type="button"
              className="button"
              onClick={() => void (done ? reopenTodo(todo.id) : completeTodo(todo.id))}
            >
              {done ? 'Reopen' : 'Mark done'}
            </button>
            {/* No "are you sure": the toast offers Undo. */}
            <button
              type="button"
              className="button"
              onClick={() => {
                deleteWithUndo(todo);
                navigate(homePath());
              }}
            >
              <TrashIcon className="icon icon-sm" />
              Delete
            </button>
          </div>
        )}
      </div>
      <form className="editor-form" onSubmit={(e) => void save(e)} noValidate>
        <div className="field">
          <label htmlFor={`${headingId}-title`}>Title</label>
          <input
            id={`${headingId}-title`}
            ref={title}
            value={draft.title}
            onChange={(e) => set({ title: e.target.value })}
            maxLength={500}
            required
            aria-invalid={shown.title ? true : undefined}
            aria-describedby={`${headingId}-title-error`}
          />
          <p id={`${headingId}-title-error`} className="error" role={shown.title ? 'alert' : undefined}>
            {shown.title}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${headingId}-description`}>Description</label>
          <textarea
            id={`${headingId}-description`}
            value={draft.description}
            onChange={(e) => set({ description: e.target.value })}
            rows={4}
            maxLength={20000}
          />
        </div>
        <EditorSubtasks todo={todo} draft={newSubtasks} setDraft={setNewSubtasks} />
        <ListField value={draft.listId ?? null} onChange={(listId) => set({ listId })} />
        <PriorityPicker value={draft.priority} onChange={(priority) => set({ priority })} />
        <ScheduleButtons draft={draft} set={set} />
        <DueField draft={draft} set={set} error={shown.due} personZone={timeZone} />
        <TagField draft={draft} set={set} tags={tags} />
        {todo && <AssigneeField todo={todo} />}
        <ReminderField draft={draft} set={set} error={shown.reminders} todo={todo} />
        <RecurrenceField draft={draft} set={set} error={shown.recurrence} />
        {original && <HistorySection todoId={original.id} timeZone={timeZone} />}
        <div className="form-actions">
          <button type="submit" className="button primary">
            {original ? 'Save' : 'Add todo'}
          </button>
          <button type="button" className="button" onClick={() => navigate(homePath())}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
