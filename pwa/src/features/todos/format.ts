// How dates read in the list and the editor: "Today 17:00", "Tomorrow", "Mon 12 Mar", in the person's zone;
// all-day todos by their date alone ("Today", "Tue 1 Dec").
import type { Recurrence } from '@todo/contracts';
import { startOfLocalDay, wallTime } from '@todo/todo-rules';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

export function formatTime(ms: number, timeZone: string): string {
  return fmt(timeZone, { hour: 'numeric', minute: '2-digit' }).format(ms);
}

/** A due time relative to today in the person's zone. */
export function formatDue(iso: string, timeZone: string, now: number): string {
  const ms = Date.parse(iso);
  const today = startOfLocalDay(now, timeZone);
  const dayMs = (n: number) => startOfLocalDay(now, timeZone, n);
  const time = formatTime(ms, timeZone);
  if (ms >= today && ms < dayMs(1)) return `Today ${time}`;
  if (ms >= dayMs(1) && ms < dayMs(2)) return `Tomorrow ${time}`;
  if (ms >= dayMs(-1) && ms < today) return `Yesterday ${time}`;
  const sameYear =
    fmt(timeZone, { year: 'numeric' }).format(ms) === fmt(timeZone, { year: 'numeric' }).format(now);
  const date = fmt(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(ms);
  return `${date} ${time}`;
}

/** A calendar date's place in a day count: comparable across zones (dates, not instants). */
function dayNumber(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day) / 86_400_000;
}

/**
 * The date of an all-day todo, without a time: "Today", "Tomorrow", "Yesterday", "Tue 1 Dec". The date
 * is the one in the todo's own zone; today is the person's.
 */
export function formatDay(iso: string, todoZone: string, timeZone: string, now: number): string {
  const day = dayNumber(Date.parse(iso), todoZone);
  const diff = day - dayNumber(now, timeZone);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Tomorrow';
  if (diff === -1) return 'Yesterday';
  // Formatted as that date at noon UTC, so no zone can move it to another day.
  const noon = day * 86_400_000 + 43_200_000;
  const sameYear = new Date(noon).getUTCFullYear() === wallTime(now, timeZone).year;
  return fmt('UTC', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(noon);
}

export function formatFull(iso: string, timeZone: string): string {
  return fmt(timeZone, { dateStyle: 'full', timeStyle: 'short' }).format(Date.parse(iso));
}

/** "Tuesday, 1 December 2026": an all-day todo's date in its zone. */
export function formatFullDay(iso: string, timeZone: string): string {
  return fmt(timeZone, { dateStyle: 'full' }).format(Date.parse(iso));
}

/** Due, as the list shows it: the date only for an all-day todo. */
export function formatTodoDue(
  dueAt: string,
  todo: { allDay: boolean; timeZone: string },
  timeZone: string,
  now: number,
): string {
  return todo.allDay ? formatDay(dueAt, todo.timeZone, timeZone, now) : formatDue(dueAt, timeZone, now);
}

export function formatAgo(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

const DAY_NAMES: Record<string, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
};
const UNIT: Record<string, [string, string]> = {
  DAILY: ['day', 'days'],
  WEEKLY: ['week', 'weeks'],
  MONTHLY: ['month', 'months'],
  YEARLY: ['year', 'years'],
};

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The "3rd " of "3FR", "last " of "-1SU", nothing for a plain weekday. */
const nth = (n: string) => (n === '' ? '' : n === '-1' ? 'last ' : `${ordinal(Number(n))} `);

/** "Every 2 weeks on Mon, Wed · 10 times", "Every month on the 3rd Fri", from the stored rule. */
export function describeRecurrence(r: Recurrence): string {
  const parts = new Map(
    r.rrule
      .toUpperCase()
      .split(';')
      .map((p) => p.split('=') as [string, string]),
  );
  const freq = parts.get('FREQ') ?? 'DAILY';
  const n = Number(parts.get('INTERVAL') ?? '1');
  const [one, many] = UNIT[freq] ?? ['time', 'times'];
  let text = n > 1 ? `Every ${n} ${many}` : `Every ${one}`;
  const days = parts.get('BYDAY');
  if (days)
    text += ` on ${days
      .split(',')
      .map((d) => `${nth(d.slice(0, -2))}${DAY_NAMES[d.slice(-2)] ?? d}`)
      .join(', ')}`;
  const monthDays = parts.get('BYMONTHDAY');
  if (monthDays)
    text += ` on the ${monthDays
      .split(',')
      .map((d) => (d === '-1' ? 'last day' : ordinal(Number(d))))
      .join(', ')}`;
  if (r.fromCompletion) text += ' after completion';
  if (r.count) text += ` · ${r.count} times`;
  if (r.until) text += ` · until ${r.until.slice(0, 10)}`;
  return text;
}
