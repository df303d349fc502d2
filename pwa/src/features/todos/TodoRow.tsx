// One todo in the list: done checkbox, title (search matches marked), priority, due (the date alone for an
// all-day todo; overdue marked), recurring and reminder indicators, its list where lists mix, tag chips. Memoised: a change
// re-renders only its own row.
import type { List, Tag } from '@todo/contracts';
import { memo } from 'react';
import type { TodoState } from '../../db/records.ts';
import { onLinkClick } from '../../lib/router.ts';
import { toast } from '../../lib/toasts.ts';
import { cx } from '../../ui/classes.ts';
import { BellIcon, RepeatIcon } from '../../ui/icons.tsx';
import { ListBadge } from '../lists/ListBadge.tsx';
import { TagChip } from '../tags/TagChip.tsx';
import type { RowDrag } from '../order/ReorderList.tsx';
import { SubtaskProgress } from '../subtasks/SubtaskProgress.tsx';
import { AssigneeBadge } from '../sharing/Assignee.tsx';
import { completeTodo, reopenTodo } from './actions.ts';
import { describeRecurrence, formatTodoDue } from './format.ts';
import { Highlighted, snippet } from './Highlighted.tsx';
import { isOverdue } from './query.ts';

export const PRIORITY_LABEL = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' } as const;

interface Props {
  todo: TodoState;
  tags: ReadonlyMap<string, Tag>;
  words: readonly string[];
  now: number;
  timeZone: string;
  selected: boolean;
  /** In a list in manual order: the row moves, by its handle. */
  drag?: RowDrag;
  /** Given where the rows come from several lists: each row names its list. */
  lists?: ReadonlyMap<string, List> | undefined;
}

export const TodoRow = memo(function TodoRow({
  todo,
  tags,
  words,
  now,
  timeZone,
  selected,
  drag,
  lists,
}: Props) {
  const done = todo.status === 'done';
  const overdue = isOverdue(todo, now);
  const excerpt = words.length && todo.description ? snippet(todo.description, words) : null;
  const chips = todo.tagIds.flatMap((id) => tags.get(id) ?? []);
  const list = lists?.get(todo.listId);
  return (
    <li
      className={cx(
        'todo-row',
        `priority-${todo.priority}`,
        done && 'is-done',
        overdue && 'is-overdue',
        drag && 'has-handle',
        drag?.dragging && 'is-dragging',
      )}
      ref={drag?.ref}
      style={drag?.style}
    >
      <input
        type="checkbox"
        className="todo-check"
        checked={done}
        onChange={() => {
          if (done) return void reopenTodo(todo.id);
          void completeTodo(todo.id).then(() =>
            toast(`Completed “${todo.title}”`, { label: 'Undo', run: () => void reopenTodo(todo.id) }),
          );
        }}
        aria-label={done ? `Mark “${todo.title}” as not done` : `Mark “${todo.title}” as done`}
      />
      <a
        href={`/todos/${todo.id}`}
        className={cx('todo-main', selected && 'is-selected')}
        onClick={onLinkClick}
        data-row-link=""
        aria-current={selected ? 'true' : undefined}
      >
        <span className="todo-title">
          <Highlighted text={todo.title} words={words} />
        </span>
        {excerpt && (
          <span className="todo-snippet">
            <Highlighted text={excerpt} words={words} />
          </span>
        )}
        <span className="todo-meta">
          {/* Medium is the default: only a priority that differs from it is printed (issue 15). */}
          {todo.priority !== 'medium' && (
            <span className={cx('priority-tag', `priority-${todo.priority}`)}>
              <span className="priority-dot" aria-hidden="true" />
              {PRIORITY_LABEL[todo.priority]}
              <span className="sr-only"> priority</span>
            </span>
          )}
          {todo.dueAt && (
            <span className={cx('due', overdue && 'due-overdue')}>
              {overdue ? 'Overdue · ' : <span className="sr-only">Due </span>}
              {formatTodoDue(todo.dueAt, todo, timeZone, now)}
            </span>
          )}
          {todo.recurrence && (
            <span className="indicator" title={describeRecurrence(todo.recurrence)}>
              <RepeatIcon className="icon icon-sm" />
              <span className="sr-only">Repeats: {describeRecurrence(todo.recurrence)}</span>
            </span>
          )}
          {todo.reminders.length > 0 && (
            <span className="indicator" title={`${todo.reminders.length} reminder(s)`}>
              <BellIcon className="icon icon-sm" />
              <span className="sr-only">{todo.reminders.length} reminder(s)</span>
            </span>
          )}
          <SubtaskProgress subtasks={todo.subtasks} />
          {list && <ListBadge list={list} />}
          {chips.map((tag) => (
            <TagChip key={tag.id} tag={tag} />
          ))}
          <AssigneeBadge todo={todo} />
        </span>
      </a>
      {drag?.handle}
    </li>
  );
});
