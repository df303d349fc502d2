// Reminders in the editor: several per todo, before the due time or at a date and time of their own.
// Additions and removals are sent with Save; snoozing one that has gone off happens at once (the
// reminder.snooze mutation, offline too), as the notification's Snooze button does.
import type { Reminder } from '@todo/contracts';
import { useId, useState } from 'react';
import type { TodoState } from '../../db/records.ts';
import { uuidv7 } from '../../sync/ids.ts';
import { formatDue, formatFull } from '../todos/format.ts';
import { fromInputs } from '../todos/zoned-time.ts';
import { commit, mutation } from '../todos/actions.ts';
import { useStoredSettings } from '../settings/settings.ts';
import { useMinute } from '../../app/hooks.ts';
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

const SNOOZES: [number, string, string][] = [
  [10, '10 min', '10 minutes'],
  [60, '1 h', '1 hour'],
];

function describe(
  r: DraftReminder,
  dueAt: string | null,
  timeZone: string,
  live?: Reminder,
  todo?: TodoState | null,
): string {
  if (live && live.sentAt === null && r.offsetMinutes !== null && todo?.dueAt) {
    // A snoozed relative reminder keeps its offset but fires at its own time.
    const planned = Date.parse(todo.dueAt) - r.offsetMinutes * 60_000;
    if (Math.abs(Date.parse(live.remindAt) - planned) > 30_000)
      return `Snoozed until ${formatFull(live.remindAt, timeZone)}`;
  }
  if (r.offsetMinutes === null) return formatFull(live?.remindAt ?? r.remindAt!, timeZone);
  const label = OFFSETS.find(([m]) => m === r.offsetMinutes)?.[1] ?? `${r.offsetMinutes} minutes before`;
  if (!dueAt) return label;
  return `${label} (${formatFull(new Date(Date.parse(dueAt) - r.offsetMinutes * 60_000).toISOString(), timeZone)})`;
}

/** Reminders: before the due time, or at a date and time of their own. */
export function ReminderField({
  draft,
  set,
  error,
  todo = null,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  error?: string | undefined;
  /** The todo as stored (null for a new one): which reminders have gone off, and snoozing them. */
  todo?: TodoState | null;
}) {
  const id = useId();
  const dueAt = dueAtOf(draft);
  const settings = useStoredSettings();
  const [choice, setChoice] = useState(dueAt ? '10' : 'custom');
  const [date, setDate] = useState('');
  const [time, setTime] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shownTime = time ?? settings?.defaultReminderTime ?? '09:00';
  const custom = choice === 'custom' || !dueAt;
  const now = useMinute();
  const live = new Map((todo?.reminders ?? []).map((r) => [r.id, r]));

  function add() {
    setProblem(null);
    if (custom) {
      const remindAt = fromInputs(date, shownTime, draft.timeZone);
      if (!remindAt) return setProblem('Pick a date and a time for the reminder');
      if (Date.parse(remindAt) <= Date.now()) return setProblem('That time has passed: pick a later one');
      if (draft.reminders.some((r) => r.remindAt === remindAt))
        return setProblem('There is a reminder at that time already');
      set({ reminders: [...draft.reminders, { id: uuidv7(), offsetMinutes: null, remindAt, saved: false }] });
    } else {
      const offsetMinutes = Number(choice);
      if (draft.reminders.some((r) => r.offsetMinutes === offsetMinutes))
        return setProblem('That reminder is set already');
      set({ reminders: [...draft.reminders, { id: uuidv7(), offsetMinutes, remindAt: null, saved: false }] });
    }
  }

  function snooze(reminderId: string, minutes: number) {
    if (!todo) return;
    void commit(mutation('reminder.snooze', { todoId: todo.id, reminderId, minutes }));
  }

  return (
    <fieldset className="field reminder-field" aria-describedby={`${id}-error`}>
      <legend>Reminders</legend>
      {draft.reminders.length > 0 ? (
        <ul className="plain-list">
          {draft.reminders.map((r) => {
            const stored = live.get(r.id);
            const text = describe(r, dueAt, draft.timeZone, stored, todo);
            const sentAt = stored?.sentAt ?? null;
            return (
              <li key={r.id} className="reminder-item">
                <span className="reminder-text">
                  <span id={`${id}-r-${r.id}`}>{text}</span>
                  {sentAt && (
                    <span className="reminder-sent">Went off {formatDue(sentAt, draft.timeZone, now)}</span>
                  )}
                </span>
                {sentAt && (
                  <span className="reminder-snooze">
                    {SNOOZES.map(([minutes, short, long]) => (
                      <button
                        key={minutes}
                        type="button"
                        className="button small"
                        title={`Remind again in ${long}`}
                        aria-describedby={`${id}-r-${r.id}`}
                        onClick={() => snooze(r.id, minutes)}
                      >
                        Snooze {short}
                      </button>
                    ))}
                  </span>
                )}
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove reminder: ${text}`}
                  onClick={() => set({ reminders: draft.reminders.filter((x) => x.id !== r.id) })}
                >
                  <CloseIcon className="icon icon-sm" />
                </button>
              </li>
            );
          })}
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
              <input type="time" value={shownTime} onChange={(e) => setTime(e.target.value)} />
            </label>
          </>
        )}
        <button type="button" className="button" onClick={add} disabled={custom && !date}>
          Add reminder
        </button>
      </div>
      <p id={`${id}-error`} className="error" role={error || problem ? 'alert' : undefined}>
        {error ?? problem}
      </p>
    </fieldset>
  );
}
