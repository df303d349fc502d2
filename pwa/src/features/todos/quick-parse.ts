// Quick add: "Pay rent tomorrow 5pm !high #home @bills" → title, due time (chrono-node), priority, list (as
// Todoist: #list), tags (@tag); a date without a time ("pay rent tomorrow", "dentist next fri") makes an
// all-day todo; "every mon 9am" repeats.
// The date part comes from chrono's English parser, loaded on first use to keep the first load small.
import type { Priority, RecurrenceInput } from '@todo/contracts';
import type * as ChronoEn from 'chrono-node/en';
import { wallTime, zonedInstant } from '@todo/todo-rules';
import { firstDate, readRepeat, type CalendarDate } from './quick-repeat.ts';

export type Chrono = Pick<ChronoEn.Chrono, 'parse'>;

/** chrono's casual English, which also reads a day of the month alone ("pay bill on the 15th"). */
export function quickChrono(en: typeof ChronoEn): Chrono {
  const chrono = en.casual.clone();
  chrono.parsers.push({
    pattern: () => /\bon the (\d{1,2})(?:st|nd|rd|th)\b/i,
    extract: (context, match) => {
      const day = Number(match[1]);
      if (day < 1 || day > 31) return null;
      const ref = context.reference.instant;
      // The next such day: this month's if it is still to come, else the next month that has it.
      for (let m = 0; m < 3; m++) {
        const date = new Date(ref.getFullYear(), ref.getMonth() + m, day);
        if (date.getDate() === day && (m > 0 || day >= ref.getDate())) {
          return { year: date.getFullYear(), month: date.getMonth() + 1, day };
        }
      }
      return null;
    },
  });
  return chrono;
}

export const loadChrono = (): Promise<Chrono> => import('chrono-node/en').then(quickChrono);

export interface QuickAdd {
  title: string;
  /** For an all-day todo, the start of its date in the person's zone. */
  dueAt: string | null;
  allDay: boolean;
  /** The words chrono read as the date, to show what was understood. */
  dueText: string | null;
  priority: Priority | null;
  tags: string[];
  /** "every mon and thu" as the app's rule; the due time is the first date it falls on. */
  recurrence: RecurrenceInput | null;
  /** The list `#name` chose (a unique prefix of its name, any case); null when none did. */
  list: { id: string; name: string } | null;
  /** `#name` that named no list (or more than one): left in the title, and said so in the preview. */
  unknownList: string | null;
}

/** A list quick add may choose: archived ones are not offered. */
export interface QuickList {
  id: string;
  name: string;
}

/** The list a name chooses: the one so named (any case), else the only one whose name starts with it. */
export function listByName(lists: readonly QuickList[], name: string): QuickList | null {
  const wanted = name.toLowerCase();
  const exact = lists.filter((l) => l.name.toLowerCase() === wanted);
  if (exact.length === 1) return exact[0]!;
  const prefixed = lists.filter((l) => l.name.toLowerCase().startsWith(wanted));
  return prefixed.length === 1 ? prefixed[0]! : null;
}

const PRIORITY_WORDS: Record<string, Priority> = {
  low: 'low',
  medium: 'medium',
  med: 'medium',
  high: 'high',
  urgent: 'urgent',
  // Todoist's: p1 is the highest.
  p1: 'urgent',
  p2: 'high',
  p3: 'medium',
  p4: 'low',
};

/** Words that name a part of the day ("tonight", "tomorrow morning"): chrono's time for them is meant. */
const PART_OF_DAY = /ENCasualTimeParser|casualReference\/tonight/;

/** Where chrono found the date: the text around it is the title. */
type Found = NonNullable<ReturnType<Chrono['parse']>[number]>;

function dueOf(found: Found, timeZone: string | undefined): { dueAt: string; allDay: boolean } {
  const start = found.start;
  const timed = start.isCertain('hour') || [...found.tags()].some((t) => PART_OF_DAY.test(t));
  // The date and time chrono read (in this device's calendar), as a wall time in the person's zone.
  const date = { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! };
  const time = timed
    ? { hour: start.get('hour')!, minute: start.get('minute') ?? 0 }
    : { hour: 0, minute: 0 };
  const ms = timeZone
    ? zonedInstant({ ...date, ...time }, timeZone)
    : new Date(date.year, date.month - 1, date.day, time.hour, time.minute).getTime();
  return { dueAt: new Date(ms).toISOString(), allDay: !timed };
}

/**
 * A repeating todo is due on the first date its rule falls on, from the date chrono read (else today), at the
 * time chrono read (else all day); today's time when already gone by moves it to the next such date.
 */
function repeatDue(rrule: string, found: Found | undefined, now: Date, timeZone: string) {
  const start = found?.start;
  const timed = start && (start.isCertain('hour') || [...found.tags()].some((t) => PART_OF_DAY.test(t)));
  const dated = start && (start.isCertain('day') || start.isCertain('weekday'));
  const today = wallTime(now.getTime(), timeZone);
  const from: CalendarDate = dated
    ? { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! }
    : { year: today.year, month: today.month, day: today.day };
  const time = timed
    ? { hour: start.get('hour')!, minute: start.get('minute') ?? 0 }
    : { hour: 0, minute: 0 };
  const gone = timed && zonedInstant({ ...from, ...time }, timeZone) <= now.getTime();
  const date = firstDate(rrule, from, gone === true);
  return { dueAt: new Date(zonedInstant({ ...date, ...time }, timeZone)).toISOString(), allDay: !timed };
}

/**
 * `timeZone`: the person's, where an all-day date starts (this device's when not given); `lists`: those
 * `#name` may choose.
 */
export function parseQuickAdd(
  text: string,
  chrono: Chrono | null,
  now: Date,
  timeZone?: string,
  lists: readonly QuickList[] = [],
): QuickAdd {
  let rest = ` ${text} `;
  let list: QuickList | null = null;
  let unknownList: string | null = null;
  let priority: Priority | null = null;
  const tags: string[] = [];
  rest = rest.replace(/\s!(\w+)(?=\s)/g, (whole, word: string) => {
    const p = PRIORITY_WORDS[word.toLowerCase()];
    if (!p) return whole;
    priority = p;
    return ' ';
  });
  const repeat = readRepeat(rest);
  if (repeat) rest = rest.slice(0, repeat.index) + ' ' + rest.slice(repeat.index + repeat.text.length);
  rest = rest.replace(/\s@([\p{L}\p{N}_-]{1,50})(?=\s)/gu, (_whole, name: string) => {
    if (!tags.some((t) => t.toLowerCase() === name.toLowerCase())) tags.push(name);
    return ' ';
  });
  // The first #name that chooses a list does; any other stays in the title.
  rest = rest.replace(/\s#([\p{L}\p{N}_-]{1,50})(?=\s)/gu, (whole, name: string) => {
    const found = list ? null : listByName(lists, name);
    if (found) {
      list = { id: found.id, name: found.name };
      return ' ';
    }
    unknownList ??= list ? null : name;
    return whole;
  });
  let due: { dueAt: string | null; allDay: boolean } = { dueAt: null, allDay: false };
  let dueText: string | null = null;
  const found = chrono?.parse(rest, now, { forwardDate: true })[0];
  if (found) {
    due = dueOf(found, timeZone);
    dueText = found.text;
    rest = rest.slice(0, found.index) + ' ' + rest.slice(found.index + found.text.length);
  }
  if (repeat) {
    const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    due = repeatDue(repeat.recurrence.rrule!, found, now, zone);
    dueText = [repeat.text.trim(), found?.text].filter(Boolean).join(' ');
  }
  const title = rest
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s+(on|at|by|due|starting|from|beginning)$/i, '');
  return {
    title,
    ...due,
    dueText,
    priority,
    tags,
    recurrence: repeat?.recurrence ?? null,
    list,
    unknownList: list ? null : unknownList,
  };
}
