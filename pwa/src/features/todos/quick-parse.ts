// Quick add: "Pay rent tomorrow 5pm !high #home" → title, due time (chrono-node), priority, tags.
// The date part comes from chrono's English parser, loaded on first use to keep the first load small.
import type { Priority } from '@todo/contracts';
import type * as ChronoEn from 'chrono-node/en';

export type Chrono = typeof ChronoEn;
export const loadChrono = (): Promise<Chrono> => import('chrono-node/en');

export interface QuickAdd {
  title: string;
  dueAt: string | null;
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

/** A date without a time of day is due at 09:00 that day. */
const DEFAULT_HOUR = 9;

export function parseQuickAdd(text: string, chrono: Chrono | null, now: Date): QuickAdd {
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
  let dueAt: string | null = null;
  let dueText: string | null = null;
  const found = chrono?.parse(rest, now, { forwardDate: true })[0];
  if (found) {
    const start = found.start;
    const date = start.date();
    if (!start.isCertain('hour')) date.setHours(DEFAULT_HOUR, 0, 0, 0);
    dueAt = date.toISOString();
    dueText = found.text;
    rest = rest.slice(0, found.index) + ' ' + rest.slice(found.index + found.text.length);
  }
  const title = rest
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s+(on|at|by|due)$/i, '');
  return { title, dueAt, dueText, priority, tags };
}
