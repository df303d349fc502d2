// What quick add understands, with the same chrono-node the app loads.
import * as chronoEn from 'chrono-node/en';
import { describe, expect, it } from 'vitest';
import { parseQuickAdd, quickChrono } from './quick-parse.ts';

const chrono = quickChrono(chronoEn);

// A Wednesday, 10:00 local time.
const now = new Date(2030, 2, 6, 10, 0, 0);

describe('quick add', () => {
  it('reads "tomorrow 5pm" as a due time and keeps the rest as the title', () => {
    const parsed = parseQuickAdd('Pay rent tomorrow 5pm', chrono, now);
    expect(parsed.title).toBe('Pay rent');
    expect(new Date(parsed.dueAt!)).toEqual(new Date(2030, 2, 7, 17, 0, 0));
    expect(parsed.dueText).toBe('tomorrow 5pm');
  });

  it('reads "next fri" as the Friday of next week, all day', () => {
    const parsed = parseQuickAdd('Call Ana next fri', chrono, now);
    expect(parsed.title).toBe('Call Ana');
    expect(parsed.allDay).toBe(true);
    expect(new Date(parsed.dueAt!)).toEqual(new Date(2030, 2, 15));
  });

  it('makes a date without a time an all-day todo, starting that date in the person’s zone', () => {
    const rent = parseQuickAdd('pay rent tomorrow', chrono, now, 'America/New_York');
    expect(rent).toMatchObject({ title: 'pay rent', allDay: true, dueText: 'tomorrow' });
    expect(rent.dueAt).toBe('2030-03-07T05:00:00.000Z'); // midnight EST
    // The 10th is the day New York's clocks go forward: it still starts at midnight (EST).
    expect(parseQuickAdd('dentist on March 10', chrono, now, 'America/New_York').dueAt).toBe(
      '2030-03-10T05:00:00.000Z',
    );
    expect(parseQuickAdd('pay rent tomorrow', chrono, now, 'Europe/Berlin').dueAt).toBe(
      '2030-03-06T23:00:00.000Z',
    );
  });

  it('keeps a time when one is given or named ("5pm", "at noon", "tonight", "tomorrow morning")', () => {
    for (const text of [
      'Call tomorrow 5pm',
      'Lunch tomorrow at noon',
      'Call tonight',
      'Run tomorrow morning',
    ]) {
      expect(parseQuickAdd(text, chrono, now).allDay, text).toBe(false);
    }
    expect(new Date(parseQuickAdd('Call tonight', chrono, now).dueAt!).getHours()).toBe(22);
  });

  it('takes !priority and @tags out of the title', () => {
    expect(parseQuickAdd('Fix bike !urgent @home @Garage', chrono, now)).toEqual({
      title: 'Fix bike',
      dueAt: null,
      allDay: false,
      dueText: null,
      priority: 'urgent',
      tags: ['home', 'Garage'],
      recurrence: null,
      list: null,
      unknownList: null,
    });
    expect(parseQuickAdd('Say hi! to @1', null, now).title).toBe('Say hi! to');
    expect(parseQuickAdd('Mail ana@example.com', null, now)).toMatchObject({
      title: 'Mail ana@example.com',
      tags: [],
    });
  });

  it('#name chooses a list by its name or a unique prefix of it, in any case', () => {
    const lists = [
      { id: 'l1', name: 'Shopping' },
      { id: 'l2', name: 'Side project' },
      { id: 'l3', name: 'Work' },
      { id: 'l4', name: 'Workshop' },
    ];
    const parse = (text: string) => parseQuickAdd(text, null, now, undefined, lists);
    expect(parse('Oat milk #shop @dairy')).toMatchObject({
      title: 'Oat milk',
      list: { id: 'l1', name: 'Shopping' },
      unknownList: null,
      tags: ['dairy'],
    });
    expect(parse('Report #WORK').list?.id).toBe('l3'); // the whole name, though Workshop starts with it too
    expect(parse('Paint #si').list?.id).toBe('l2');
    // Ambiguous or unknown: the text stays in the title, and the preview says so.
    expect(parse('Plan #wo')).toMatchObject({ title: 'Plan #wo', list: null, unknownList: 'wo' });
    expect(parse('Call #garden')).toMatchObject({ title: 'Call #garden', list: null, unknownList: 'garden' });
    // The first that chooses a list does; a later one stays in the title.
    expect(parse('Buy #shop #work')).toMatchObject({ title: 'Buy #work', list: { id: 'l1' } });
  });
});
