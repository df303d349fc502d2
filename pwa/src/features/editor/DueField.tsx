import { useId } from 'react';
import type { Draft } from './draft.ts';
import { dueAtOf, withoutDue } from './draft.ts';
import { formatFull, formatFullDay } from '../todos/format.ts';
import { ZonePicker } from './ZonePicker.tsx';

/** Due date and time (native pickers) in the todo's own time zone, or the date alone ("All day"). */
export function DueField({
  draft,
  set,
  error,
  personZone,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  error?: string | undefined;
  /** The person's zone (settings): the default, shown only when the todo's differs or on request. */
  personZone: string;
}) {
  const id = useId();
  const dueAt = dueAtOf(draft);
  return (
    <fieldset className="field due-field" aria-describedby={`${id}-summary ${id}-error`}>
      <legend>Due</legend>
      <div className="field-row">
        <label className="stacked">
          <span>Date</span>
          <input type="date" value={draft.dueDate} onChange={(e) => set({ dueDate: e.target.value })} />
        </label>
        {!draft.allDay && (
          <label className="stacked">
            <span>Time</span>
            <input type="time" value={draft.dueTime} onChange={(e) => set({ dueTime: e.target.value })} />
          </label>
        )}
        <label className="inline all-day">
          <input type="checkbox" checked={draft.allDay} onChange={(e) => set({ allDay: e.target.checked })} />
          All day
        </label>
      </div>
      <ZonePicker value={draft.timeZone} personZone={personZone} onChange={(timeZone) => set({ timeZone })} />
      <div className="field-row">
        <p id={`${id}-summary`} className="hint">
          {!dueAt
            ? 'No due date'
            : draft.allDay
              ? `${formatFullDay(dueAt, draft.timeZone)}, all day`
              : formatFull(dueAt, draft.timeZone)}
          {draft.dueDate && !draft.allDay && !draft.dueTime ? ' (09:00 when no time is given)' : ''}
        </p>
        {(draft.dueDate || (draft.dueTime && !draft.allDay)) && (
          <button type="button" className="link-button" onClick={() => set(withoutDue(draft))}>
            Clear due date
          </button>
        )}
      </div>
      <p id={`${id}-error`} className="error" role={error ? 'alert' : undefined}>
        {error}
      </p>
    </fieldset>
  );
}
