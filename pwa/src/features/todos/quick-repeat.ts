// Repeats in quick add, as Todoist writes them: "every mon and thu", "every 2 weeks", "every month on the
// 15th", "every 3rd friday", "daily". Read into the app's RRULE form, and the first date the rule falls on.
import type { RecurrenceInput } from '@todo/contracts';

export interface Repeat {
  recurrence: RecurrenceInput;
  /** Where the words were found, to take them out of the title. */
  index: number;
  text: string;
}

type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

const DAY_CODES: Record<string, string> = {
  mon: 'MO',
  tue: 'TU',
  wed: 'WE',
  thu: 'TH',
  fri: 'FR',
  sat: 'SA',
  sun: 'SU',
};
const WEEK_ORDER = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** getUTCDay() order. */
const JS_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

const DAY = String.raw`(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)`;
const ORDINAL = String.raw`(\d{1,2})(?:st|nd|rd|th)`;
const UNIT = String.raw`(day|weekday|week|month|year)s?`;

/** Each form, tried in order at every "every": the longest reading wins by coming first. */
const EVERY_FORMS: [RegExp, (m: RegExpExecArray) => string | null][] = [
  // every month on the 1st / 15th / last day, every 2 months on the 3rd
  [
    new RegExp(String.raw`^(?:(\d{1,3}|other) )?months? on the (?:${ORDINAL}|(last) day)`, 'i'),
    (m) => withInterval('MONTHLY', m[1], `BYMONTHDAY=${m[3] ? -1 : dayOfMonth(m[2])}`),
  ],
  // every 3rd friday, every last sunday
  [
    new RegExp(String.raw`^(?:${ORDINAL}|(last)) (${DAY})`, 'i'),
    (m) => {
      const n = m[2] ? -1 : Number(m[1]);
      return n === -1 || (n >= 1 && n <= 5) ? `FREQ=MONTHLY;BYDAY=${n}${dayCode(m[3]!)}` : null;
    },
  ],
  // every 15th, every last day
  [
    new RegExp(String.raw`^(?:${ORDINAL}|(last) day)(?! (?:day|week|month|year))`, 'i'),
    (m) => withInterval('MONTHLY', undefined, `BYMONTHDAY=${m[2] ? -1 : dayOfMonth(m[1])}`),
  ],
  // every day, every weekday, every 2 weeks, every other month
  [
    new RegExp(String.raw`^(?:(\d{1,3}|other) )?${UNIT}\b`, 'i'),
    (m) => {
      const unit = m[2]!.toLowerCase();
      if (unit === 'weekday') return m[1] ? null : 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
      const freq = ({ day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' } as const)[unit]!;
      return withInterval(freq, m[1]);
    },
  ],
  // every mon and thu, every monday, wednesday & friday
  [
    new RegExp(String.raw`^${DAY}\b(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)${DAY}\b)*`, 'i'),
    (m) => {
      const days = new Set(m[0].match(new RegExp(DAY, 'gi'))!.map(dayCode));
      return `FREQ=WEEKLY;BYDAY=${WEEK_ORDER.filter((d) => days.has(d)).join(',')}`;
    },
  ],
];

const SHORT_WORDS: Record<string, Freq> = {
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  yearly: 'YEARLY',
  annually: 'YEARLY',
};

function dayCode(name: string): string {
  return DAY_CODES[name.slice(0, 3).toLowerCase()]!;
}

function dayOfMonth(digits: string | undefined): number | string {
  const n = Number(digits);
  return n >= 1 && n <= 31 ? n : 'invalid';
}

function withInterval(freq: Freq, every: string | undefined, extra?: string): string | null {
  const n = every === undefined ? 1 : every.toLowerCase() === 'other' ? 2 : Number(every);
  if (!(n >= 1 && n <= 999) || extra?.includes('invalid')) return null;
  return [`FREQ=${freq}`, n > 1 ? `INTERVAL=${n}` : null, extra].filter(Boolean).join(';');
}

function recurrence(rrule: string): RecurrenceInput {
  const type = /FREQ=(\w+)/.exec(rrule)![1]!.toLowerCase() as RecurrenceInput['type'];
  return { type, rrule, until: null, count: null, fromCompletion: false };
}

/** The repeat in `text`, if any: an "every …" phrase, else a word like "daily". */
export function readRepeat(text: string): Repeat | null {
  for (const every of text.matchAll(/\bevery\s+/gi)) {
    const after = text.slice(every.index + every[0].length);
    for (const [pattern, rule] of EVERY_FORMS) {
      const m = pattern.exec(after);
      const rrule = m && rule(m);
      if (m && rrule) {
        return { recurrence: recurrence(rrule), index: every.index, text: every[0] + m[0] };
      }
    }
  }
  const word = /\b(daily|weekly|monthly|yearly|annually)\b/i.exec(text);
  if (!word) return null;
  return {
    recurrence: recurrence(`FREQ=${SHORT_WORDS[word[1]!.toLowerCase()]}`),
    index: word.index,
    text: word[0],
  };
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function addDays(d: CalendarDate, n: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const daysInMonth = (d: CalendarDate) => new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();

/** Whether `d` is a day the rule falls on, for a series starting on `start`. */
function fallsOn(rrule: string, start: CalendarDate, d: CalendarDate): boolean {
  const parts = new Map(rrule.split(';').map((p) => p.split('=') as [string, string]));
  const weekday = JS_DAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()]!;
  const byDay = parts.get('BYDAY')?.split(',');
  const monthDay = parts.get('BYMONTHDAY');
  if (monthDay) return Number(monthDay) === -1 ? d.day === daysInMonth(d) : Number(monthDay) === d.day;
  if (byDay) {
    return byDay.some((code) => {
      const m = /^(-?\d)?(\w\w)$/.exec(code)!;
      if (m[2] !== weekday) return false;
      if (m[1] === undefined) return true;
      return Number(m[1]) === -1 ? d.day + 7 > daysInMonth(d) : Math.ceil(d.day / 7) === Number(m[1]);
    });
  }
  // No BY parts: the series repeats the start's own day.
  const freq = parts.get('FREQ');
  if (freq === 'WEEKLY')
    return weekday === JS_DAYS[new Date(Date.UTC(start.year, start.month - 1, start.day)).getUTCDay()];
  if (freq === 'MONTHLY') return d.day === start.day;
  if (freq === 'YEARLY') return d.day === start.day && d.month === start.month;
  return true;
}

/**
 * The first date on or after `from` that the rule falls on; `skipFrom` passes over `from` itself (its
 * time of day has gone by). A rule without BY parts starts on `from`.
 */
export function firstDate(rrule: string, from: CalendarDate, skipFrom: boolean): CalendarDate {
  const generic = !/BY(DAY|MONTHDAY)=/.test(rrule);
  if (generic && !skipFrom) return from;
  for (let i = skipFrom ? 1 : 0; i < 800; i++) {
    const d = addDays(from, i);
    if (fallsOn(rrule, from, d)) return d;
  }
  return from;
}
