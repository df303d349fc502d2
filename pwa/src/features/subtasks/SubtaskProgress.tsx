// "2/5" on a todo's row and in the editor's checklist heading; a screen reader hears "2 of 5 subtasks done".
import type { Subtask } from '@todo/contracts';
import { cx } from '../../ui/classes.ts';
import { progressOf, progressText } from './progress.ts';

export function SubtaskProgress({ subtasks }: { subtasks: readonly Pick<Subtask, 'done'>[] }) {
  const progress = progressOf(subtasks);
  if (progress.total === 0) return null;
  const text = progressText(progress);
  return (
    <span className={cx('subtask-progress', progress.done === progress.total && 'is-complete')} title={text}>
      <span aria-hidden="true">
        {progress.done}/{progress.total}
      </span>
      <span className="sr-only">{text}</span>
    </span>
  );
}
