import { useId } from 'react';
import { cx } from '../../ui/classes.ts';
import { describeRecurrence } from '../todos/format.ts';
import { toRecurrence } from '../../sync/apply.ts';
import { recurrenceInput, WEEKDAYS, type Draft, type Freq, type RecurrenceDraft } from './draft.ts';

const FREQS: [Freq, string][] = [
  ['none', 'Does not repeat'],
  ['daily', 'Daily'],
  ['weekly', 'Weekly'],
  ['monthly', 'Monthly'],
  ['yearly', 'Yearly'],
];
const UNITS: Record<Freq, string> = {
  none: '',
  daily: 'day(s)',
  weekly: 'week(s)',
  monthly: 'month(s)',
  yearly: 'year(s)',
};
const DAY_LABEL: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

/** Daily / weekly / monthly / yearly, every N, weekdays, an end (date or count), from completion. */
export function RecurrenceField({
  draft,
  set,
  error,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const r = draft.recurrence;
  const update = (patch: Partial<RecurrenceDraft>) => set({ recurrence: { ...r, ...patch } });
  const input = recurrenceInput(r);
  const noDue = !draft.dueDate;
  return (
    <fieldset className="field recurrence-field" aria-describedby={`${id}-summary ${id}-error`}>
      <legend>Repeat</legend>
      {r.custom ? (
        <div className="field-row">
          <p className="hint">Custom rule: {r.custom.rrule}</p>
          <button type="button" className="link-button" onClick={() => update({ custom: null })}>
            Replace with a simple rule
          </button>
        </div>
      ) : (
        <>
          <div className="field-row">
            <div className="stacked">
              <label htmlFor={`${id}-freq`}>Repeats</label>
              <select
                id={`${id}-freq`}
                value={r.freq}
                onChange={(e) => update({ freq: e.target.value as Freq })}
                disabled={noDue && r.freq === 'none'}
              >
                {FREQS.map(([f, label]) => (
                  <option key={f} value={f}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            {r.freq !== 'none' && (
              <label className="stacked narrow">
                <span>Every ({UNITS[r.freq]})</span>
                <input
                  type="number"
                  min={1}
                  max={999}
                  value={r.interval}
                  onChange={(e) => update({ interval: Number(e.target.value) })}
                />
              </label>
            )}
          </div>
          {r.freq === 'weekly' && (
            <fieldset className="weekdays">
              <legend>On</legend>
              {WEEKDAYS.map((d) => (
                <label key={d} className={cx('weekday', r.byDay.includes(d) && 'is-checked')}>
                  <input
                    type="checkbox"
                    checked={r.byDay.includes(d)}
                    onChange={(e) =>
                      update({ byDay: e.target.checked ? [...r.byDay, d] : r.byDay.filter((x) => x !== d) })
                    }
                  />
                  <span aria-hidden="true">{d.charAt(0) + d.charAt(1).toLowerCase()}</span>
                  <span className="sr-only">{DAY_LABEL[d]}</span>
                </label>
              ))}
            </fieldset>
          )}
          {r.freq !== 'none' && (
            <>
              <fieldset className="ends">
                <legend>Ends</legend>
                <div className="end-option">
                  <EndChoice group={`${id}-end`} value="never" label="Never" draft={r} update={update} />
                </div>
                <div className="end-option">
                  <EndChoice group={`${id}-end`} value="until" label="On" draft={r} update={update} />
                  <label className="sr-only" htmlFor={`${id}-until`}>
                    Last date
                  </label>
                  <input
                    id={`${id}-until`}
                    type="date"
                    value={r.until}
                    disabled={r.end !== 'until'}
                    onChange={(e) => update({ until: e.target.value, end: 'until' })}
                  />
                </div>
                <div className="end-option">
                  <EndChoice group={`${id}-end`} value="count" label="After" draft={r} update={update} />
                  <label className="sr-only" htmlFor={`${id}-count`}>
                    Number of times
                  </label>
                  <input
                    id={`${id}-count`}
                    className="narrow-input"
                    type="number"
                    min={1}
                    max={10000}
                    value={r.count}
                    disabled={r.end !== 'count'}
                    onChange={(e) => update({ count: Number(e.target.value), end: 'count' })}
                  />
                  <span aria-hidden="true">times</span>
                </div>
              </fieldset>
              <label className="inline">
                <input
                  type="checkbox"
                  checked={r.fromCompletion}
                  onChange={(e) => update({ fromCompletion: e.target.checked })}
                />
                Count from when I complete it (not from the due date)
              </label>
            </>
          )}
        </>
      )}
      <p id={`${id}-summary`} className="hint">
        {noDue && !r.custom && r.freq === 'none'
          ? 'Set a due date to make it repeat.'
          : input
            ? describeRecurrence(toRecurrence(input))
            : ''}
      </p>
      <p id={`${id}-error`} className="error" role={error ? 'alert' : undefined}>
        {error}
      </p>
    </fieldset>
  );
}

/** One way a repeat can end, as a radio of the "Ends" group. */
function EndChoice(props: {
  group: string;
  value: RecurrenceDraft['end'];
  label: string;
  draft: RecurrenceDraft;
  update: (patch: Partial<RecurrenceDraft>) => void;
}) {
  return (
    <label className="inline">
      <input
        type="radio"
        name={props.group}
        checked={props.draft.end === props.value}
        onChange={() => props.update({ end: props.value })}
      />
      {props.label}
    </label>
  );
}
