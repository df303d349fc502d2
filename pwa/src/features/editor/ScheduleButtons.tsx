// One-tap scheduling beside the due field (issue 15): Today, Tomorrow, Next week (as the row's `w`: a
// week from today), Pick a date (the date picker), No date. A todo with a time keeps it; one without
// becomes due on the day (all day).
import { useRef, useState } from 'react';
import { addDays, dayOf } from '../views/days.ts';
import { withoutDue, type Draft } from './draft.ts';

const CHOICES: [label: string, days: number][] = [
  ['Today', 0],
  ['Tomorrow', 1],
  ['Next week', 7],
];

export function ScheduleButtons({ draft, set }: { draft: Draft; set: (patch: Partial<Draft>) => void }) {
  const group = useRef<HTMLDivElement>(null);
  // The day the editor opened on is "today" for its buttons (an editor open past midnight is rare).
  const [openedAt] = useState(() => Date.now());
  const today = dayOf(openedAt, draft.timeZone);

  function pickDate() {
    const input = group.current
      ?.closest('form')
      ?.querySelector<HTMLInputElement>('.due-field input[type="date"]');
    if (!input) return;
    input.focus();
    try {
      input.showPicker();
    } catch {
      // no picker offered (or not allowed here): the focused field takes a typed date
    }
  }

  return (
    <div className="schedule-buttons" role="group" aria-label="Schedule" ref={group}>
      {CHOICES.map(([label, days]) => {
        const day = addDays(today, days);
        return (
          <button
            key={label}
            type="button"
            className="button subtle"
            aria-pressed={draft.dueDate === day}
            onClick={() => set({ dueDate: day, allDay: draft.allDay || !draft.dueTime })}
          >
            {label}
          </button>
        );
      })}
      <button type="button" className="button subtle" onClick={pickDate}>
        Pick a date
      </button>
      <button
        type="button"
        className="button subtle"
        aria-pressed={!draft.dueDate}
        onClick={() => set(withoutDue(draft))}
      >
        No date
      </button>
    </div>
  );
}
