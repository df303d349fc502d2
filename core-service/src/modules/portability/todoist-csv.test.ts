// Todoist's CSV read into the import document: the header in any case and with a BOM, subtasks at any
// depth, labels, dates in the file's zone or the person's, the repeats it knows, and files it refuses.
import { describe, expect, it } from 'vitest';
import { todoistToDocument } from './todoist-csv.ts';

// A Wednesday.
const options = { list: 'Home', timeZone: 'America/New_York', now: new Date('2026-03-04T15:00:00Z') };
const read = (lines: string[]) => todoistToDocument(lines.join('\n'), options);

describe('todoistToDocument', () => {
  it('reads a header with a BOM in any case, subtasks at any depth, and a subtask with no task above as a todo', () => {
    const doc = read([
      '\uFEFFtype,content,priority,indent',
      'task,Orphan,1,2',
      'task,Parent,4,1',
      'task,Child,1,2',
      'task,Grandchild,1,3',
    ]);
    expect(doc.todos.map((t) => [t.title, t.priority, t.subtasks.map((s) => s.title)])).toEqual([
      ['Orphan', 'low', []],
      ['Parent', 'urgent', ['Child', 'Grandchild']],
    ]);
  });

  it('takes @labels out of the title as tags, once per name whatever the case', () => {
    const doc = read([
      'TYPE,CONTENT',
      'task,Call @Mum about @café plans',
      'task,Visit @mum',
      'task,an@email.example',
    ]);
    expect(doc.todos.map((t) => t.title)).toEqual(['Call about plans', 'Visit', 'an@email.example']);
    expect(doc.tags.map((t) => t.name)).toEqual(['Mum', 'café']);
    expect(doc.todos[1]!.tags).toEqual(doc.todos[0]!.tags.slice(0, 1));
  });

  it('reads dates in the row’s zone, or the person’s when the row has none or a wrong one', () => {
    const doc = read([
      'TYPE,CONTENT,DATE,TIMEZONE',
      'task,A,2026-03-08 09:00,Asia/Tokyo',
      'task,B,2026-03-08 09:00,',
      'task,C,2026-03-08 09:00,Not/AZone',
      'task,D,tomorrow,',
    ]);
    expect(doc.todos.map((t) => [t.dueAt, t.allDay, t.timeZone])).toEqual([
      ['2026-03-08T00:00:00.000Z', false, 'Asia/Tokyo'],
      // 8 March 2026 is the day New York goes to summer time (at 2:00): 9:00 is EDT.
      ['2026-03-08T13:00:00.000Z', false, 'America/New_York'],
      ['2026-03-08T13:00:00.000Z', false, 'America/New_York'],
      ['2026-03-05T05:00:00.000Z', true, 'America/New_York'],
    ]);
  });

  it('reads the repeats it knows from the next matching day, and keeps any other date as text', () => {
    const doc = read([
      'TYPE,CONTENT,DATE',
      'task,Bins,every monday and thursday',
      'task,Stretch,daily',
      'task,Rent,every month',
      'task,Dentist,every other tuesday at 3pm',
    ]);
    expect(doc.todos[0]).toMatchObject({
      dueAt: '2026-03-05T05:00:00.000Z',
      recurrence: { type: 'custom', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' },
    });
    expect(doc.todos[1]!.recurrence).toMatchObject({ type: 'daily' });
    expect(doc.todos[2]!.recurrence).toMatchObject({ type: 'monthly' });
    expect(doc.todos[3]).toMatchObject({
      dueAt: null,
      recurrence: null,
      description: 'Todoist date: every other tuesday at 3pm',
    });
  });

  it('refuses files that are not Todoist’s, naming why', () => {
    expect(() => read(['name,when', 'milk,today'])).toThrow(/TYPE and CONTENT/);
    expect(() => read([])).toThrow(/TYPE and CONTENT/);
    expect(() => read(['TYPE,CONTENT', 'task,"open'])).toThrow(/not a CSV file/);
    expect(() => read(['TYPE,CONTENT', ...Array.from({ length: 10_001 }, () => 'task,x')])).toThrow(
      /10000 rows/,
    );
  });
});
