// Quick add: "Pay rent tomorrow 5pm !high #home" → title, due time (chrono-node), priority, tags; a date
// without a time ("pay rent tomorrow", "dentist next fri") makes an all-day todo.
// The date part comes from chrono's English parser, loaded on first use to keep the first load small.
import type { Priority } from '@todo/contracts';
import type * as ChronoEn from 'chrono-node/en';
import { zonedInstant } from '@todo/todo-rules';

export type Chrono = typeof ChronoEn;
export const loadChrono = (): Promise<Chrono> => import('chrono-node/en');

export interface QuickAdd {
  title: string;
  /** For an all-day todo, the start of its date in the person's zone. */
  dueAt: string | null;
  allDay: boolean;
  /** The words chrono read as the date, to show what was understood. */
  dueText: string | null;
  priority: Priority | null;
  tags: string[];
}

const PRIORITY_WORDS: Record<string, Priority> = {
  low: 'low',
  medium: 'medium',
  med: 'medium',
  high: 'high',
  urgent: 'urgent',
};

/** Words that name a part of the day ("tonight", "tomorrow morning"): chrono's time for them is meant. */
const PART_OF_DAY = /ENCasualTimeParser|casualReference\/tonight/;

/** Where chrono found the date: the text around it is the title. */
type Found = NonNullable<ReturnType<Chrono['parse']>[number]>;

function dueOf(found: Found, timeZone: string | undefined): { dueAt: string; allDay: boolean } {
  const start = found.start;
  const timed = start.isCertain('hour') || [...found.tags()].some((t) => PART_OF_DAY.test(t));
  if (timed) return { dueAt: start.date().toISOString(), allDay: false };
  // The date chrono read (in this device's calendar), starting in the person's zone.
  const date = { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! };
  const ms = timeZone
    ? zonedInstant({ ...date, hour: 0, minute: 0 }, timeZone)
    : new Date(date.year, date.month - 1, date.day).getTime();
  return { dueAt: new Date(ms).toISOString(), allDay: true };
}

/** `timeZone`: the person's, where an all-day date starts (this device's when not given). */
export function parseQuickAdd(text: string, chrono: Chrono | null, now: Date, timeZone?: string): QuickAdd {
  let rest = ` ${text} `;
  let priority: Priority | null = null;
  const tags: string[] = [];
  rest = rest.replace(/\s!(\w+)(?=\s)/g, (whole, word: string) => {
    const p = PRIORITY_WORDS[word.toLowerCase()];
    if (!p) return whole;
    priority = p;
    return ' ';
  });
  rest = rest.replace(/\s#([\p{L}\p{N}_-]{1,50})(?=\s)/gu, (_whole, name: string) => {
    if (!tags.some((t) => t.toLowerCase() === name.toLowerCase())) tags.push(name);
    return ' ';
  });
  let due: { dueAt: string | null; allDay: boolean } = { dueAt: null, allDay: false };
  let dueText: string | null = null;
  const found = chrono?.parse(rest, now, { forwardDate: true })[0];
  if (found) {
    due = dueOf(found, timeZone);
    dueText = found.text;
    rest = rest.slice(0, found.index) + ' ' + rest.slice(found.index + found.text.length);
  }
  const title = rest
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s+(on|at|by|due)$/i, '');
  return { title, ...due, dueText, priority, tags };
}
