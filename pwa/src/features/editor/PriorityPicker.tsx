import type { Priority } from '@todo/contracts';
import { cx } from '../../ui/classes.ts';
import { PRIORITIES } from '../todos/query.ts';
import { PRIORITY_LABEL } from '../todos/TodoRow.tsx';

/** Four priorities as a radio group, each with its colour. */
export function PriorityPicker({ value, onChange }: { value: Priority; onChange: (p: Priority) => void }) {
  return (
    <fieldset className="field priority-picker">
      <legend>Priority</legend>
      <div className="segmented">
        {PRIORITIES.map((p) => (
          <label key={p} className={cx('segment', `priority-${p}`, value === p && 'is-checked')}>
            <input
              type="radio"
              name="priority"
              value={p}
              checked={value === p}
              onChange={() => onChange(p)}
            />
            <span className="priority-dot" aria-hidden="true" />
            {PRIORITY_LABEL[p]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
