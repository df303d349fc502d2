// Today and Upcoming from the todos on this device (offline too): open todos by the calendar day they
// are due on, and the due time a todo gets when it moves to another day. Pure: no I/O.
import { wallTime, zonedInstant } from '@todo/todo-rules';
import type { TodoState } from '../../db/records.ts';
import { isOverdue } from '../todos/query.ts';

/** A calendar date, `YYYY-MM-DD`. */
export type Day = string;

const pad = (n: number, l = 2) => String(n).padStart(l, '0');

export function dayOf(ms: number, timeZone: string): Day {
  const w = wallTime(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** `days` after `day` (negative: before). */
export function addDays(day: Day, days: number): Day {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The day a todo is due on: an all-day todo's own date, a timed one's date where the person is. */
export function dueDay(todo: TodoState, timeZone: string): Day | null {
  if (!todo.dueAt) return null;
  return dayOf(Date.parse(todo.dueAt), todo.allDay ? todo.timeZone : timeZone);
}

/** The due time on another day: the same wall time (or the date alone) in the todo's zone. */
export function movedTo(todo: TodoState, day: Day): string | null {
  if (!todo.dueAt) return null;
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const w = wallTime(Date.parse(todo.dueAt), todo.timeZone);
  const at = todo.allDay
    ? { year, month, day: date, hour: 0, minute: 0 }
    : { year, month, day: date, hour: w.hour, minute: w.minute };
  return new Date(zonedInstant(at, todo.timeZone)).toISOString();
}

const byDue = (a: TodoState, b: TodoState) => a.dueAt!.localeCompare(b.dueAt!) || a.id.localeCompare(b.id);

export interface TodayGroups {
  /** Overdue todos by the day they were due, oldest day first. */
  overdue: { day: Day; todos: TodoState[] }[];
  today: TodoState[];
}

export function todayGroups(todos: Iterable<TodoState>, now: number, timeZone: string): TodayGroups {
  const today = dayOf(now, timeZone);
  const overdue = new Map<Day, TodoState[]>();
  const due: TodoState[] = [];
  for (const todo of todos) {
    if (todo.status !== 'open' || !todo.dueAt) continue;
    const day = dueDay(todo, timeZone)!;
    if (day < today && isOverdue(todo, now)) overdue.set(day, [...(overdue.get(day) ?? []), todo]);
    else if (day === today) due.push(todo);
  }
  return {
    overdue: [...overdue]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, list]) => ({ day, todos: list.sort(byDue) })),
    today: due.sort(byDue),
  };
}

/** The next `count` days from today, each with its open todos (empty days too). */
export function upcomingDays(
  todos: Iterable<TodoState>,
  now: number,
  timeZone: string,
  count = 14,
): { day: Day; todos: TodoState[] }[] {
  const first = dayOf(now, timeZone);
  const days = Array.from({ length: count }, (_, i) => addDays(first, i));
  const byDay = new Map<Day, TodoState[]>(days.map((d) => [d, []]));
  for (const todo of todos) {
    if (todo.status !== 'open') continue;
    const day = dueDay(todo, timeZone);
    if (day) byDay.get(day)?.push(todo);
  }
  return days.map((day) => ({ day, todos: byDay.get(day)!.sort(byDue) }));
}

/** "Today", "Tomorrow", "Yesterday", or "Mon, Dec 7" (the year when it is not this one). */
export function dayLabel(day: Day, today: Day): string {
  if (day === today) return 'Today';
  if (day === addDays(today, 1)) return 'Tomorrow';
  if (day === addDays(today, -1)) return 'Yesterday';
  const noon = Date.parse(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...(day.slice(0, 4) === today.slice(0, 4) ? {} : { year: 'numeric' }),
  }).format(noon);
}
