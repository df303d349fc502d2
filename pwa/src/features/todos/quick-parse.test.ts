// What quick add understands, with the same chrono-node the app loads.
import * as chrono from 'chrono-node/en';
import { describe, expect, it } from 'vitest';
import { parseQuickAdd } from './quick-parse.ts';

// A Wednesday, 10:00 local time.
const now = new Date(2030, 2, 6, 10, 0, 0);

describe('quick add', () => {
  it('reads "tomorrow 5pm" as a due time and keeps the rest as the title', () => {
    const parsed = parseQuickAdd('Pay rent tomorrow 5pm', chrono, now);
    expect(parsed.title).toBe('Pay rent');
    expect(new Date(parsed.dueAt!)).toEqual(new Date(2030, 2, 7, 17, 0, 0));
    expect(parsed.dueText).toBe('tomorrow 5pm');
  });

  it('reads "next fri" as the Friday of next week, at 09:00', () => {
    const parsed = parseQuickAdd('Call Ana next fri', chrono, now);
    expect(parsed.title).toBe('Call Ana');
    const due = new Date(parsed.dueAt!);
    expect(due.getDay()).toBe(5);
    expect(due > now).toBe(true);
    expect(due.getHours()).toBe(9);
  });

  it('takes !priority and #tags out of the title', () => {
    expect(parseQuickAdd('Fix bike !urgent #home #Garage', chrono, now)).toEqual({
      title: 'Fix bike',
      dueAt: null,
      dueText: null,
      priority: 'urgent',
      tags: ['home', 'Garage'],
    });
    expect(parseQuickAdd('Say hi! to #1', null, now).title).toBe('Say hi! to');
  });
});
