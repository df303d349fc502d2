// The calendar feed as RFC 5545 text, written by ical-generator: every dated open todo as a VEVENT
// (calendar apps such as Google's show events, not VTODOs). A timed todo is a 30-minute event at its due
// time in the person's zone (VTIMEZONE included); an all-day one a DATE event on its date in its own zone.
// A repeating todo carries its rule as RRULE; one that repeats from completion does not (its next date
// is only known when it is done), so it shows on its current date alone.
import type { Todo } from '@todo/contracts';
import { endOfDate, fromInputs, toInputs } from '@todo/todo-rules';
import ical from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { tzlib_get_ical_block } from 'timezones-ical-library';

const TIMED_MINUTES = 30;

export interface CalendarOptions {
  name: string;
  /** The person's zone: timed events are written in it. */
  timeZone: string;
}

export function buildCalendar(todos: Todo[], options: CalendarOptions): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'todo', product: 'todo-feed', language: 'EN' },
    timezone: { name: options.timeZone, generator: (zone) => tzlib_get_ical_block(zone)[0] ?? null },
    // Calendar apps poll; this asks them to come back within the quarter hour.
    ttl: 15 * 60,
  });
  for (const todo of todos) {
    if (!todo.dueAt) continue;
    const common = {
      id: `${todo.id}@todo`,
      summary: todo.title,
      stamp: new Date(todo.updatedAt),
      categories: todo.tags.map((tag) => ({ name: tag.name })),
      repeating: repeatRule(todo),
      ...(todo.description ? { description: todo.description } : {}),
    };
    if (todo.allDay) {
      const date = Temporal.PlainDate.from(toInputs(todo.dueAt, todo.timeZone).date);
      calendar.createEvent({ ...common, start: date, allDay: true });
    } else {
      const start = Temporal.Instant.from(todo.dueAt).toZonedDateTimeISO(options.timeZone);
      calendar.createEvent({
        ...common,
        start,
        end: start.add({ minutes: TIMED_MINUTES }),
        timezone: options.timeZone,
      });
    }
  }
  return calendar.toString();
}

/** RRULE:… from the stored rule, with its end (until or count) when the rule does not say it. */
function repeatRule(todo: Todo): string | null {
  const r = todo.recurrence;
  if (!r || r.fromCompletion || !r.rrule) return null;
  const parts = r.rrule
    .replace(/^RRULE:/i, '')
    .split(';')
    .filter(Boolean);
  const has = (key: string) => parts.some((p) => p.toUpperCase().startsWith(`${key}=`));
  if (r.count !== null && !has('COUNT') && !has('UNTIL')) parts.push(`COUNT=${r.count}`);
  if (r.until !== null && !has('UNTIL') && !has('COUNT')) parts.push(`UNTIL=${untilValue(r.until, todo)}`);
  return `RRULE:${parts.join(';')}`;
}

/** UNTIL in the form RFC 5545 asks for: a DATE for all-day events, a UTC date-time otherwise. */
function untilValue(until: string, todo: Todo): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(until) ? until : toInputs(until, todo.timeZone).date;
  if (todo.allDay) return date.replaceAll('-', '');
  const noon = Date.parse(fromInputs(date, '12:00', todo.timeZone) ?? `${date}T12:00:00Z`);
  const last = endOfDate(noon, todo.timeZone) - 1000;
  return new Date(last)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
