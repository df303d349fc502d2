// Quick add's repeats, dates and Todoist priorities over a table of phrases a person would type, read in
// New York on Wednesday 6 March 2030 at 10:00 (the Sunday after, its clocks go forward).
import * as chronoEn from 'chrono-node/en';
import { describe, expect, it } from 'vitest';
import { toRecurrence } from '../../sync/apply.ts';
import { describeRecurrence } from './format.ts';
import { parseQuickAdd, quickChrono } from './quick-parse.ts';

const chrono = quickChrono(chronoEn);
const zone = 'America/New_York';
const now = new Date('2030-03-06T15:00:00Z');

/** [typed, title, due (local wall time, or a date for all day), rrule, priority]. */
type Row = [string, string, string | null, string | null, string | null];

const WEEKDAYS = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
const table: Row[] = [
  // Bug 2's own phrases
  ['water plants every monday', 'water plants', '2030-03-11', 'FREQ=WEEKLY;BYDAY=MO', null],
  ['water plants every mon and thu', 'water plants', '2030-03-07', 'FREQ=WEEKLY;BYDAY=MO,TH', null],
  ['send invoice every 2 weeks', 'send invoice', '2030-03-06', 'FREQ=WEEKLY;INTERVAL=2', null],
  ['daily standup every weekday 9am', 'daily standup', '2030-03-07T09:00', WEEKDAYS, null],
  ['pay rent every month on the 1st', 'pay rent', '2030-04-01', 'FREQ=MONTHLY;BYMONTHDAY=1', null],
  ['pay bill on the 15th', 'pay bill', '2030-03-15', null, null],
  // every day / weekday / week / 2 weeks / month / year
  ['stretch every day', 'stretch', '2030-03-06', 'FREQ=DAILY', null],
  ['stretch every day at 7am', 'stretch', '2030-03-07T07:00', 'FREQ=DAILY', null],
  ['stretch every day 6pm', 'stretch', '2030-03-06T18:00', 'FREQ=DAILY', null],
  ['check mail every weekday', 'check mail', '2030-03-06', WEEKDAYS, null],
  ['review goals every week', 'review goals', '2030-03-06', 'FREQ=WEEKLY', null],
  ['review goals every week 8am', 'review goals', '2030-03-13T08:00', 'FREQ=WEEKLY', null],
  ['mow lawn every other week', 'mow lawn', '2030-03-06', 'FREQ=WEEKLY;INTERVAL=2', null],
  ['backup every month', 'backup', '2030-03-06', 'FREQ=MONTHLY', null],
  ['renew passport every year', 'renew passport', '2030-03-06', 'FREQ=YEARLY', null],
  ['water cactus every 3 days', 'water cactus', '2030-03-06', 'FREQ=DAILY;INTERVAL=3', null],
  ['haircut every 6 weeks', 'haircut', '2030-03-06', 'FREQ=WEEKLY;INTERVAL=6', null],
  ['dentist every 6 months', 'dentist', '2030-03-06', 'FREQ=MONTHLY;INTERVAL=6', null],
  ['every 2 years check smoke alarms', 'check smoke alarms', '2030-03-06', 'FREQ=YEARLY;INTERVAL=2', null],
  // days of the week
  ['gym every mon, wed and fri 7am', 'gym', '2030-03-08T07:00', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', null],
  ['gym every tuesday & thursday', 'gym', '2030-03-07', 'FREQ=WEEKLY;BYDAY=TU,TH', null],
  ['team lunch every friday at noon', 'team lunch', '2030-03-08T12:00', 'FREQ=WEEKLY;BYDAY=FR', null],
  ['call mom every sunday 6pm', 'call mom', '2030-03-10T18:00', 'FREQ=WEEKLY;BYDAY=SU', null],
  ['market every sat', 'market', '2030-03-09', 'FREQ=WEEKLY;BYDAY=SA', null],
  ['every wed 9am stand-up', 'stand-up', '2030-03-13T09:00', 'FREQ=WEEKLY;BYDAY=WE', null],
  ['every wed 11am retro', 'retro', '2030-03-06T11:00', 'FREQ=WEEKLY;BYDAY=WE', null],
  // days of the month
  ['pay rent every month on the 15th', 'pay rent', '2030-03-15', 'FREQ=MONTHLY;BYMONTHDAY=15', null],
  ['invoice every month on the last day', 'invoice', '2030-03-31', 'FREQ=MONTHLY;BYMONTHDAY=-1', null],
  ['salary every last day', 'salary', '2030-03-31', 'FREQ=MONTHLY;BYMONTHDAY=-1', null],
  ['card bill every 20th', 'card bill', '2030-03-20', 'FREQ=MONTHLY;BYMONTHDAY=20', null],
  ['book club every 3rd friday', 'book club', '2030-03-15', 'FREQ=MONTHLY;BYDAY=3FR', null],
  [
    'board meeting every 1st monday 10am',
    'board meeting',
    '2030-04-01T10:00',
    'FREQ=MONTHLY;BYDAY=1MO',
    null,
  ],
  ['cleanup every last sunday', 'cleanup', '2030-03-31', 'FREQ=MONTHLY;BYDAY=-1SU', null],
  ['rent every 2 months on the 1st', 'rent', '2030-04-01', 'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1', null],
  // daily / weekly / monthly
  ['take vitamins daily', 'take vitamins', '2030-03-06', 'FREQ=DAILY', null],
  ['take vitamins daily 8am', 'take vitamins', '2030-03-07T08:00', 'FREQ=DAILY', null],
  ['weekly review', 'review', '2030-03-06', 'FREQ=WEEKLY', null],
  ['budget monthly', 'budget', '2030-03-06', 'FREQ=MONTHLY', null],
  ['check tyres yearly', 'check tyres', '2030-03-06', 'FREQ=YEARLY', null],
  // a start date with a repeat
  ['yoga every day starting tomorrow', 'yoga', '2030-03-07', 'FREQ=DAILY', null],
  ['piano every monday from march 20', 'piano', '2030-03-25', 'FREQ=WEEKLY;BYDAY=MO', null],
  // Todoist priorities
  ['fix leak !p1', 'fix leak', null, null, 'urgent'],
  ['fix leak !p2 tomorrow', 'fix leak', '2030-03-07', null, 'high'],
  ['file taxes !p3', 'file taxes', null, null, 'medium'],
  ['sort photos !p4', 'sort photos', null, null, 'low'],
  ['standup every weekday 9:30am !p2 @work', 'standup', '2030-03-07T09:30', WEEKDAYS, 'high'],
  // not repeats
  ['read every page', 'read every page', null, null, null],
  ['everyday carry list', 'everyday carry list', null, null, null],
  ['pay bill on the 5th', 'pay bill', '2030-04-05', null, null],
  ['call Ana tomorrow 5pm', 'call Ana', '2030-03-07T17:00', null, null],
  // New York's clocks go forward at 02:00 on the 10th: a 9am series that day is still 9am there.
  ['shop every sunday 9am', 'shop', '2030-03-10T09:00', 'FREQ=WEEKLY;BYDAY=SU', null],
];

/** The due instant as a wall time in New York: a date for all day, date and time otherwise. */
function local(dueAt: string | null, allDay: boolean): string | null {
  if (!dueAt) return null;
  const wall = new Date(dueAt).toLocaleString('sv-SE', { timeZone: zone }).replace(' ', 'T').slice(0, 16);
  return allDay ? wall.slice(0, 10) : wall;
}

describe('quick add reads repeats, dates and priorities', () => {
  it('has a table of at least 40 phrases', () => expect(table.length).toBeGreaterThanOrEqual(40));

  it.each(table)('%s', (typed, title, due, rrule, priority) => {
    const parsed = parseQuickAdd(typed, chrono, now, zone);
    expect({
      title: parsed.title,
      due: local(parsed.dueAt, parsed.allDay),
      allDay: parsed.allDay,
      rrule: parsed.recurrence?.rrule ?? null,
      priority: parsed.priority,
    }).toEqual({ title, due, allDay: due !== null && due.length === 10, rrule, priority });
  });

  it('gives the rule the type of its frequency, as the editor sets it', () => {
    expect(parseQuickAdd('gym every mon and thu', chrono, now, zone).recurrence).toEqual({
      type: 'weekly',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TH',
      until: null,
      count: null,
      fromCompletion: false,
    });
    expect(parseQuickAdd('rent every month on the 1st', chrono, now, zone).recurrence?.type).toBe('monthly');
  });

  it('puts an all-day repeat at the start of its date in the person’s zone', () => {
    expect(parseQuickAdd('water plants every monday', chrono, now, zone).dueAt).toBe(
      '2030-03-11T04:00:00.000Z',
    );
    expect(parseQuickAdd('water plants every monday', chrono, now, 'Asia/Tokyo').dueAt).toBe(
      '2030-03-10T15:00:00.000Z',
    );
  });
});

describe('the preview of a repeat', () => {
  const described = (typed: string) =>
    describeRecurrence(toRecurrence(parseQuickAdd(typed, chrono, now, zone).recurrence!));

  it('names the days of the month and of the week the rule falls on', () => {
    expect(described('book club every 3rd friday')).toBe('Every month on 3rd Fri');
    expect(described('invoice every month on the last day')).toBe('Every month on the last day');
    expect(described('rent every 2 months on the 22nd')).toBe('Every 2 months on the 22nd');
    expect(described('cleanup every last sunday')).toBe('Every month on last Sun');
    expect(described('gym every mon and thu')).toBe('Every week on Mon, Thu');
  });
});
