// Quick scheduling keys on a selected todo (desktop): t today, m tomorrow, w next week, 1–4 priority
// (1 urgent … 4 low, as Todoist's p1–p4). Pure: the shell turns the answer into a commit.
import type { Priority, TodoPatch } from '@todo/contracts';
import { zonedInstant } from '@todo/todo-rules';
import type { TodoState } from '../../db/records.ts';
import { addDays, dayLabel, dayOf, movedTo, type Day } from './days.ts';

const DAYS: Record<string, number> = { t: 0, m: 1, w: 7 };
const PRIORITY: Record<string, Priority> = { '1': 'urgent', '2': 'high', '3': 'medium', '4': 'low' };

/** The change a key makes to the todo and what to tell the person, or null for another key. */
export function quickSchedule(
  key: string,
  todo: TodoState,
  now: number,
  timeZone: string,
): { fields: TodoPatch; said: string } | null {
  const priority = PRIORITY[key];
  if (priority) return { fields: { priority }, said: `Priority ${priority}` };
  const days = DAYS[key];
  if (days === undefined) return null;
  const today = dayOf(now, timeZone);
  const day = addDays(today, days);
  const label = dayLabel(day, today);
  const said = `Due ${label === 'Today' || label === 'Tomorrow' ? label.toLowerCase() : label}`;
  return { fields: dueOn(todo, day, timeZone), said };
}

/** A dated todo keeps its time; one without a date becomes due on that day (all day). */
export function dueOn(todo: TodoState, day: Day, timeZone: string): TodoPatch {
  const moved = movedTo(todo, day);
  if (moved) return { dueAt: moved };
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const start = zonedInstant({ year, month, day: date, hour: 0, minute: 0 }, timeZone);
  return { dueAt: new Date(start).toISOString(), allDay: true, timeZone };
}
