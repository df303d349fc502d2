// Reminders in the editor: several per todo, before the due time, on the due date at a time ("On the day
// at 09:00", the only relative kind an all-day todo offers), or at a date and time of their own.
// Additions and removals are sent with Save; snoozing one that has gone off happens at once (the
// reminder.snooze mutation, offline too), as the notification's Snooze button does.
import type { Reminder } from '@todo/contracts';
import { useId, useState } from 'react';
import type { TodoRecord, TodoState } from '../../db/records.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { fromInputs, onTheDay } from '@todo/todo-rules';
import { formatDue, formatFull } from '../todos/format.ts';
import { commit, mutation } from '../todos/actions.ts';
import { useStoredSettings } from '../settings/settings.ts';
import { useMinute } from '../hooks.ts';
import { CloseIcon } from '../../ui/icons.tsx';
import { dueAtOf, isAllDay, type Draft, type DraftReminder } from './draft.ts';
import { goesOffAt, passedWhenSet, reminderOnServer } from './reminder-time.ts';

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

/** The select's value for "on the due date at a time". */
const ON_THE_DAY = 'day';

/** Where a reminder relative to the stored todo's due date was planned (to tell a snoozed one). */
function planned(r: DraftReminder, todo: TodoState): number | null {
  if (!todo.dueAt) return null;
  if (r.offsetMinutes !== null) return Date.parse(todo.dueAt) - r.offsetMinutes * 60_000;
  if (r.timeOfDay !== null) return Date.parse(onTheDay(todo.dueAt, r.timeOfDay, todo.timeZone));
  return null;
}

function describe(
  r: DraftReminder,
  dueAt: string | null,
  timeZone: string,
  live?: Reminder,
  todo?: TodoState | null,
): string {
  const plan = live && live.sentAt === null && todo ? planned(r, todo) : null;
  // A snoozed relative reminder keeps its offset (or time of day) but fires at its own time.
  if (plan !== null && Math.abs(Date.parse(live!.remindAt) - plan) > 30_000)
    return `Snoozed until ${formatFull(live!.remindAt, timeZone)}`;
  if (r.timeOfDay !== null) return `On the day at ${r.timeOfDay}`;
  if (r.offsetMinutes === null) return formatFull(live?.remindAt ?? r.remindAt!, timeZone);
  const label = OFFSETS.find(([m]) => m === r.offsetMinutes)?.[1] ?? `${r.offsetMinutes} minutes before`;
  if (!dueAt) return label;
  return `${label} (${formatFull(new Date(Date.parse(dueAt) - r.offsetMinutes * 60_000).toISOString(), timeZone)})`;
}

/** Reminders: before the due time, on the due date at a time, or at a date and time of their own. */
export function ReminderField({
  draft,
  set,
  error,
  todo = null,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  error?: string | undefined;
  /**
   * The todo as stored (null for a new one): which reminders have gone off, snoozing them, and
   * (its `base`) which changes to them have not reached the server.
   */
  todo?: TodoRecord | null;
}) {
  const id = useId();
  const dueAt = dueAtOf(draft);
  const allDay = isAllDay(draft);
  const settings = useStoredSettings();
  const [picked, setChoice] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [time, setTime] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shownTime = time ?? settings?.defaultReminderTime ?? '09:00';
  // Minutes before a due time make no sense for a todo due on a date: it offers times on that day.
  const offered = (v: string | null) => v === 'custom' || v === ON_THE_DAY || (v !== null && !allDay);
  const choice = !dueAt ? 'custom' : offered(picked) ? picked! : allDay ? ON_THE_DAY : '10';
  const custom = choice === 'custom';
  const onTheDayChoice = choice === ON_THE_DAY;
  const now = useMinute();
  const live = new Map((todo?.reminders ?? []).map((r) => [r.id, r]));

  function add() {
    setProblem(null);
    if (onTheDayChoice) {
      if (draft.reminders.some((r) => r.timeOfDay === shownTime))
        return setProblem('That reminder is set already');
      const reminder = {
        id: uuidv7(),
        offsetMinutes: null,
        timeOfDay: shownTime,
        remindAt: null,
        saved: false,
      };
      set({ reminders: [...draft.reminders, reminder] });
    } else if (custom) {
      const remindAt = fromInputs(date, shownTime, draft.timeZone);
      if (!remindAt) return setProblem('Pick a date and a time for the reminder');
      if (Date.parse(remindAt) <= Date.now()) return setProblem('That time has passed: pick a later one');
      if (draft.reminders.some((r) => r.remindAt === remindAt))
        return setProblem('There is a reminder at that time already');
      const reminder = { id: uuidv7(), offsetMinutes: null, timeOfDay: null, remindAt, saved: false };
      set({ reminders: [...draft.reminders, reminder] });
    } else {
      const offsetMinutes = Number(choice);
      if (draft.reminders.some((r) => r.offsetMinutes === offsetMinutes))
        return setProblem('That reminder is set already');
      const reminder = { id: uuidv7(), offsetMinutes, timeOfDay: null, remindAt: null, saved: false };
      set({ reminders: [...draft.reminders, reminder] });
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
            const at = goesOffAt(r, dueAt, draft.timeZone, stored, todo);
            const passed = !sentAt && passedWhenSet(at, stored !== undefined, now);
            const waiting =
              passed && stored !== undefined && todo !== null && !reminderOnServer(stored, todo);
            return (
              <li key={r.id} className="reminder-item">
                <span className="reminder-text">
                  <span id={`${id}-r-${r.id}`}>{text}</span>
                  {sentAt && (
                    <span className="reminder-sent">Went off {formatDue(sentAt, draft.timeZone, now)}</span>
                  )}
                  {passed && (
                    <span className="reminder-sent reminder-passed">
                      {waiting
                        ? 'Its time has passed: it goes off when this device syncs'
                        : 'Its time has passed: it will not go off'}
                    </span>
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
          <select id={`${id}-when`} value={choice} onChange={(e) => setChoice(e.target.value)}>
            {dueAt &&
              !allDay &&
              OFFSETS.map(([m, label]) => (
                <option key={m} value={String(m)}>
                  {label}
                </option>
              ))}
            {dueAt && <option value={ON_THE_DAY}>On the day at…</option>}
            <option value="custom">At a date and time…</option>
          </select>
        </div>
        {onTheDayChoice && (
          <label className="stacked">
            <span>Reminder time</span>
            <input type="time" value={shownTime} onChange={(e) => setTime(e.target.value)} />
          </label>
        )}
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
        <button
          type="button"
          className="button"
          onClick={add}
          disabled={(custom && !date) || (onTheDayChoice && !shownTime)}
        >
          Add reminder
        </button>
      </div>
      <p id={`${id}-error`} className="error" role={error || problem ? 'alert' : undefined}>
        {error ?? problem}
      </p>
    </fieldset>
  );
}
