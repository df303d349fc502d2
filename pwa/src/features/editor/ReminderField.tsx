import { useId, useState } from 'react';
import { uuidv7 } from '../../sync/ids.ts';
import { formatFull } from '../todos/format.ts';
import { fromInputs } from '../todos/zoned-time.ts';
import { CloseIcon } from '../../ui/icons.tsx';
import { dueAtOf, type Draft, type DraftReminder } from './draft.ts';

const OFFSETS: [number, string][] = [
  [0, 'At the due time'],
  [10, '10 minutes before'],
  [30, '30 minutes before'],
  [60, '1 hour before'],
  [24 * 60, '1 day before'],
  [7 * 24 * 60, '1 week before'],
];

function describe(r: DraftReminder, dueAt: string | null, timeZone: string): string {
  if (r.offsetMinutes === null) return formatFull(r.remindAt!, timeZone);
  const label = OFFSETS.find(([m]) => m === r.offsetMinutes)?.[1] ?? `${r.offsetMinutes} minutes before`;
  if (!dueAt) return label;
  return `${label} (${formatFull(new Date(Date.parse(dueAt) - r.offsetMinutes * 60_000).toISOString(), timeZone)})`;
}

/** Reminders: before the due time, or at a date and time of their own. */
export function ReminderField({
  draft,
  set,
  error,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const dueAt = dueAtOf(draft);
  const [choice, setChoice] = useState(dueAt ? '10' : 'custom');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const custom = choice === 'custom' || !dueAt;

  function add() {
    if (custom) {
      const remindAt = fromInputs(date, time, draft.timeZone);
      if (!remindAt) return;
      set({ reminders: [...draft.reminders, { id: uuidv7(), offsetMinutes: null, remindAt, saved: false }] });
    } else {
      const offsetMinutes = Number(choice);
      if (draft.reminders.some((r) => r.offsetMinutes === offsetMinutes)) return;
      set({ reminders: [...draft.reminders, { id: uuidv7(), offsetMinutes, remindAt: null, saved: false }] });
    }
  }

  return (
    <fieldset className="field reminder-field" aria-describedby={`${id}-error`}>
      <legend>Reminders</legend>
      {draft.reminders.length > 0 ? (
        <ul className="plain-list">
          {draft.reminders.map((r) => (
            <li key={r.id} className="reminder-item">
              <span>{describe(r, dueAt, draft.timeZone)}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove reminder: ${describe(r, dueAt, draft.timeZone)}`}
                onClick={() => set({ reminders: draft.reminders.filter((x) => x.id !== r.id) })}
              >
                <CloseIcon className="icon icon-sm" />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">No reminders</p>
      )}
      <div className="field-row">
        <div className="stacked">
          <label htmlFor={`${id}-when`}>Remind me</label>
          <select
            id={`${id}-when`}
            value={dueAt ? choice : 'custom'}
            onChange={(e) => setChoice(e.target.value)}
          >
            {dueAt &&
              OFFSETS.map(([m, label]) => (
                <option key={m} value={String(m)}>
                  {label}
                </option>
              ))}
            <option value="custom">At a date and time…</option>
          </select>
        </div>
        {custom && (
          <>
            <label className="stacked">
              <span>Reminder date</span>
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </label>
            <label className="stacked">
              <span>Reminder time</span>
              <input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
            </label>
          </>
        )}
        <button type="button" className="button" onClick={add} disabled={custom && !date}>
          Add reminder
        </button>
      </div>
      <p id={`${id}-error`} className="error" role={error ? 'alert' : undefined}>
        {error}
      </p>
    </fieldset>
  );
}
