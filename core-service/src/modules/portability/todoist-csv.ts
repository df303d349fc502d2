// A Todoist CSV export (one project per file: TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,
// DATE,DATE_LANG,TIMEZONE,…) read into the import document. The project becomes a list named by the
// caller (the file's name), each section a list "Project / Section"; INDENT 1 rows are todos and deeper
// rows subtasks of the todo above; note rows join the description; @labels in CONTENT become tags;
// Todoist's priority 4 (p1) is urgent, 1 (p4) low. DATE is read when it is a date, a date and time, today,
// tomorrow or a simple repeat ("every day", "every monday, friday"); any other text is kept in the
// description so nothing is lost.
import { IMPORT_LIMITS, type ImportDocument, isTimeZone } from '@todo/contracts';
import { unprocessable } from './unprocessable.ts';
import { fromInputs, toInputs } from '@todo/todo-rules';
import { parse } from 'csv-parse/sync';

export interface TodoistOptions {
  /** The list the project's tasks go into. */
  list: string;
  /** Where dates without a TIMEZONE are read. */
  timeZone: string;
  now: Date;
}

type Row = Record<string, string | undefined>;
type DocTodo = ImportDocument['todos'][number];

const PRIORITY: Record<string, DocTodo['priority']> = {
  '4': 'urgent',
  '3': 'high',
  '2': 'medium',
  '1': 'low',
};
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const LABEL = /(^|\s)@([\p{L}\p{N}_-]{1,50})(?=\s|$)/gu;

export function todoistToDocument(csv: string, options: TodoistOptions): ImportDocument {
  const rows = readRows(csv);
  const main = { id: 'project', name: options.list, archived: false, inbox: false };
  const lists: ImportDocument['lists'] = [main];
  const tags = new Map<string, { id: string; name: string }>();
  const todos: DocTodo[] = [];
  let listId = main.id;
  let parent: DocTodo | undefined;
  rows.forEach((row, i) => {
    const type = (row.TYPE ?? '').trim().toLowerCase();
    const content = (row.CONTENT ?? '').trim();
    if (type === 'section') {
      if (!content) return;
      listId = `section-${i}`;
      lists.push({
        id: listId,
        name: `${options.list} / ${content}`.slice(0, 100),
        archived: false,
        inbox: false,
      });
      parent = undefined;
    } else if (type === 'note' && parent && content) {
      parent.description = joinText(parent.description, content);
    } else if (type === 'task' && content) {
      const { title, labels } = splitLabels(content);
      const indent = Number.parseInt(row.INDENT ?? '1', 10) || 1;
      if (indent > 1 && parent) {
        if (parent.subtasks.length < 200) parent.subtasks.push({ title: title.slice(0, 500), done: false });
        return;
      }
      const zone = row.TIMEZONE && isTimeZone(row.TIMEZONE.trim()) ? row.TIMEZONE.trim() : options.timeZone;
      const due = readDate(row.DATE ?? '', zone, options.now);
      for (const name of labels) {
        const key = name.toLowerCase();
        if (!tags.has(key)) tags.set(key, { id: `label-${key}`, name });
      }
      parent = {
        id: `row-${i}`,
        title: title.slice(0, 500) || content.slice(0, 500),
        description: joinText(row.DESCRIPTION ?? '', due.unread ? `Todoist date: ${due.unread}` : ''),
        status: 'open',
        priority: PRIORITY[(row.PRIORITY ?? '').trim()] ?? 'low',
        dueAt: due.dueAt,
        allDay: due.allDay,
        timeZone: zone,
        tags: labels.map((name) => ({ id: tags.get(name.toLowerCase())!.id })),
        recurrence: due.recurrence,
        reminders: [],
        listId,
        subtasks: [],
        completedAt: null,
      };
      todos.push(parent);
    }
  });
  return { version: 1, lists, tags: [...tags.values()], todos };
}

function readRows(csv: string): Row[] {
  let rows: Row[];
  try {
    rows = parse(csv, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toUpperCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: IMPORT_LIMITS.csvField * 4,
      to: IMPORT_LIMITS.csvRows + 1,
    }) as Row[];
  } catch (err) {
    throw unprocessable(`The file is not a CSV file Todoist writes: ${(err as Error).message.slice(0, 200)}`);
  }
  if (rows.length === 0 || !('TYPE' in rows[0]!) || !('CONTENT' in rows[0]!))
    throw unprocessable('The file is not a Todoist CSV export: it needs a header with TYPE and CONTENT');
  if (rows.length > IMPORT_LIMITS.csvRows)
    throw unprocessable(`The file has more than ${IMPORT_LIMITS.csvRows} rows; split it into several`);
  rows.forEach((row, i) => {
    for (const [column, value] of Object.entries(row)) {
      if ((value?.length ?? 0) > IMPORT_LIMITS.csvField)
        throw unprocessable(`Row ${i + 2}, ${column}: longer than ${IMPORT_LIMITS.csvField} characters`);
    }
  });
  return rows;
}

function splitLabels(content: string): { title: string; labels: string[] } {
  const labels = [...content.matchAll(LABEL)].map((m) => m[2]!).slice(0, 50);
  return { title: content.replace(LABEL, ' ').replace(/\s+/g, ' ').trim(), labels };
}

const joinText = (a: string, b: string) => (a && b ? `${a}\n\n${b}` : a || b).slice(0, 20000);

interface ReadDate {
  dueAt: string | null;
  allDay: boolean;
  recurrence: DocTodo['recurrence'];
  /** The text, when it could not be read. */
  unread?: string;
}

function readDate(text: string, zone: string, now: Date): ReadDate {
  const value = text.trim().toLowerCase();
  const none = { dueAt: null, allDay: false, recurrence: null };
  if (!value) return none;
  const today = toInputs(now.toISOString(), zone).date;
  const day = (date: string) => ({ dueAt: fromInputs(date, '00:00', zone), allDay: true, recurrence: null });
  const timed = /^(\d{4}-\d{2}-\d{2})[t ](\d{2}:\d{2})(:\d{2})?$/.exec(value);
  if (timed) return { dueAt: fromInputs(timed[1]!, timed[2]!, zone), allDay: false, recurrence: null };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  if (value === 'today') return day(today);
  if (value === 'tomorrow') return day(addDays(today, 1));
  const every = /^every\s+(day|week|month|year)$|^(daily|weekly|monthly|yearly)$/.exec(value);
  if (every) {
    const unit = every[1] ?? { daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year' }[every[2]!]!;
    const type = ({ day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' } as const)[
      unit as 'day' | 'week' | 'month' | 'year'
    ];
    return {
      ...day(today),
      recurrence: { type, rrule: '', until: null, count: null, fromCompletion: false },
    };
  }
  const days = /^every\s+([a-z,\s]+)$/.exec(value)?.[1]?.split(/\s*,\s*|\s+and\s+/);
  if (days?.every((d) => WEEKDAYS.includes(d))) {
    const byDay = days.map((d) => d.slice(0, 2).toUpperCase()).join(',');
    const first = nextWeekday(
      today,
      days.map((d) => WEEKDAYS.indexOf(d)),
    );
    return {
      ...day(first),
      recurrence: {
        type: 'custom',
        rrule: `FREQ=WEEKLY;BYDAY=${byDay}`,
        until: null,
        count: null,
        fromCompletion: false,
      },
    };
  }
  return { ...none, unread: text.trim().slice(0, 200) };
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The first date from `date` on whose weekday (0 = Monday) is among `weekdays`. */
function nextWeekday(date: string, weekdays: number[]): string {
  for (let n = 0; n < 7; n++) {
    const candidate = addDays(date, n);
    const weekday = (new Date(`${candidate}T12:00:00Z`).getUTCDay() + 6) % 7;
    if (weekdays.includes(weekday)) return candidate;
  }
  return date;
}
