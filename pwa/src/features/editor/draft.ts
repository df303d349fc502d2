// The editor's working copy of a todo and what saving it sends: only the fields the person changed
// (so edits made elsewhere to other fields survive), tags and reminders as additions and removals.
import type { Priority, Recurrence, RecurrenceInput, ReminderCreate, Tag, TodoPatch } from '@todo/contracts';
import type { TodoState } from '../../db/records.ts';
import { toRecurrence } from '../../sync/apply.ts';
import { defaultReminderId } from '../../lib/ids.ts';
import { fromInputs, toInputs } from '@todo/todo-rules';

export type Freq = 'none' | 'daily' | 'weekly' | 'monthly' | 'yearly';
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export interface RecurrenceDraft {
  freq: Freq;
  interval: number;
  byDay: string[];
  end: 'never' | 'until' | 'count';
  until: string;
  count: number;
  fromCompletion: boolean;
  /** A rule made elsewhere with parts this editor does not offer: kept as is unless replaced. */
  custom: Recurrence | null;
}

export interface DraftReminder {
  id: string;
  offsetMinutes: number | null;
  /** "On the day at HH:MM" reminders. */
  timeOfDay: string | null;
  /** Absolute reminders: an ISO instant. */
  remindAt: string | null;
  saved: boolean;
}

export interface Draft {
  title: string;
  description: string;
  priority: Priority;
  dueDate: string;
  /** Kept while "All day" is on (it comes back when turned off), but not used then. */
  dueTime: string;
  /** Due on the date, without a time. */
  allDay: boolean;
  timeZone: string;
  tagIds: string[];
  /** Tags made in this editor, created when saving. */
  newTags: Tag[];
  reminders: DraftReminder[];
  recurrence: RecurrenceDraft;
  /** The list it goes in or moves to (a new todo: the Inbox when not chosen). */
  listId?: string | null;
}

export const NO_RECURRENCE: RecurrenceDraft = {
  freq: 'none',
  interval: 1,
  byDay: [],
  end: 'never',
  until: '',
  count: 10,
  fromCompletion: false,
  custom: null,
};

export function emptyDraft(timeZone: string, from: Partial<Draft> = {}): Draft {
  return {
    title: '',
    description: '',
    priority: 'medium',
    dueDate: '',
    dueTime: '',
    allDay: false,
    timeZone,
    tagIds: [],
    newTags: [],
    reminders: [],
    recurrence: NO_RECURRENCE,
    ...from,
  };
}

export function recurrenceDraft(r: Recurrence | null): RecurrenceDraft {
  if (!r) return NO_RECURRENCE;
  const parts = new Map(r.rrule.split(';').map((p) => p.split('=') as [string, string]));
  const freq = parts.get('FREQ')?.toLowerCase() as Freq | undefined;
  const known = ['FREQ', 'INTERVAL', 'BYDAY'];
  const simple =
    r.type !== 'custom' &&
    freq !== undefined &&
    [...parts.keys()].every((k) => known.includes(k)) &&
    (parts.get('BYDAY') ?? '')
      .split(',')
      .every((d) => d === '' || (WEEKDAYS as readonly string[]).includes(d));
  return {
    freq: freq && freq in { daily: 1, weekly: 1, monthly: 1, yearly: 1 } ? freq : 'daily',
    interval: Number(parts.get('INTERVAL') ?? 1),
    byDay: parts.get('BYDAY')?.split(',') ?? [],
    end: r.count ? 'count' : r.until ? 'until' : 'never',
    until: r.until?.slice(0, 10) ?? '',
    count: r.count ?? 10,
    fromCompletion: r.fromCompletion,
    custom: simple ? null : r,
  };
}

/** The rule as the server stores it (parts in RFC order: FREQ, INTERVAL, BYDAY). */
export function recurrenceInput(d: RecurrenceDraft): RecurrenceInput | null {
  if (d.custom) return { ...d.custom };
  if (d.freq === 'none') return null;
  const parts = [`FREQ=${d.freq.toUpperCase()}`];
  if (d.interval > 1) parts.push(`INTERVAL=${Math.floor(d.interval)}`);
  if (d.freq === 'weekly' && d.byDay.length) {
    parts.push(`BYDAY=${WEEKDAYS.filter((w) => d.byDay.includes(w)).join(',')}`);
  }
  return {
    type: d.freq,
    rrule: parts.join(';'),
    until: d.end === 'until' && d.until ? d.until : null,
    count: d.end === 'count' ? Math.max(1, Math.floor(d.count)) : null,
    fromCompletion: d.fromCompletion,
  };
}

export function draftFromTodo(todo: TodoState): Draft {
  const due = todo.dueAt ? toInputs(todo.dueAt, todo.timeZone) : { date: '', time: '' };
  return {
    title: todo.title,
    description: todo.description,
    priority: todo.priority,
    dueDate: due.date,
    dueTime: todo.allDay ? '' : due.time,
    allDay: todo.allDay,
    timeZone: todo.timeZone,
    tagIds: [...todo.tagIds],
    newTags: [],
    listId: todo.listId,
    reminders: todo.reminders.map((r) => ({
      id: r.id,
      offsetMinutes: r.offsetMinutes,
      timeOfDay: r.timeOfDay,
      remindAt: r.offsetMinutes === null && r.timeOfDay === null ? r.remindAt : null,
      saved: true,
    })),
    recurrence: recurrenceDraft(todo.recurrence),
  };
}

/**
 * A draft taken off the calendar ("Clear due date", "No date"): no date and no repeat, and no reminder
 * that needs a date (before the due time or on the day, which Save would refuse); a reminder at a set
 * moment stays.
 */
export function withoutDue(
  d: Draft,
): Pick<Draft, 'dueDate' | 'dueTime' | 'allDay' | 'recurrence' | 'reminders'> {
  return {
    dueDate: '',
    dueTime: '',
    allDay: false,
    recurrence: { ...d.recurrence, freq: 'none', custom: null },
    reminders: d.reminders.filter((r) => r.remindAt !== null),
  };
}

/** An all-day todo is due at the start of its date (00:00, or the first instant after a DST gap). */
export function dueAtOf(d: Draft): string | null {
  if (!d.dueDate) return null;
  return fromInputs(d.dueDate, d.allDay ? '00:00' : d.dueTime || '09:00', d.timeZone);
}

/** All day counts only with a date: clearing the date makes the todo an undated one. */
export const isAllDay = (d: Draft): boolean => d.allDay && d.dueDate !== '';

/**
 * A draft that just became all-day with a date, and has no reminder, gets the one the server gives
 * such a todo: on the day at the person's default time, with the id the server derives (so the two
 * are one reminder). It shows before saving, so it can be changed or removed.
 */
export function withDefaultReminder(
  before: Draft,
  after: Draft,
  todoId: string,
  time: string,
  saved: readonly string[] = [],
): Draft {
  if (!isAllDay(after) || isAllDay(before) || after.reminders.length > 0) return after;
  const id = defaultReminderId(todoId);
  const reminder = { id, offsetMinutes: null, timeOfDay: time, remindAt: null, saved: saved.includes(id) };
  return { ...after, reminders: [reminder] };
}

/** The default reminder not yet saved follows the person's default time once the settings are read. */
export function retimeDefaultReminder(d: Draft, todoId: string, time: string): Draft {
  const id = defaultReminderId(todoId);
  const stale = d.reminders.some((r) => r.id === id && !r.saved && r.timeOfDay !== time);
  if (!stale) return d;
  return {
    ...d,
    reminders: d.reminders.map((r) => (r.id === id && !r.saved ? { ...r, timeOfDay: time } : r)),
  };
}

/** What is wrong with the draft, by field; empty when it can be saved. */
export function problems(d: Draft): Partial<Record<'title' | 'due' | 'recurrence' | 'reminders', string>> {
  const out: Partial<Record<'title' | 'due' | 'recurrence' | 'reminders', string>> = {};
  if (!d.title.trim()) out.title = 'Give the todo a title';
  if (d.dueTime && !d.dueDate && !d.allDay) out.due = 'Pick a date for this time';
  const r = d.recurrence;
  if ((r.freq !== 'none' || r.custom) && !d.dueDate) out.recurrence = 'A repeating todo needs a due date';
  else if (!r.custom && r.freq !== 'none') {
    if (!(r.interval >= 1)) out.recurrence = 'Repeat every 1 or more';
    else if (r.end === 'count' && !(r.count >= 1)) out.recurrence = 'End after 1 or more times';
    else if (r.end === 'until' && !r.until) out.recurrence = 'Pick the last date';
    else if (r.end === 'until' && d.dueDate && r.until < d.dueDate)
      out.recurrence = 'The last date is before the first due date';
  }
  if (!d.dueDate && d.reminders.some((x) => x.offsetMinutes !== null || x.timeOfDay !== null))
    out.reminders = 'Reminders before the due time or on the due date need a due date';
  return out;
}

export function reminderInputs(d: Draft): ReminderCreate[] {
  return d.reminders
    .filter((r) => !r.saved)
    .map((r) =>
      r.offsetMinutes !== null
        ? { id: r.id, offsetMinutes: r.offsetMinutes }
        : r.timeOfDay !== null
          ? { id: r.id, timeOfDay: r.timeOfDay }
          : { id: r.id, remindAt: r.remindAt! },
    );
}

export interface Changes {
  fields: TodoPatch;
  addTagIds: string[];
  removeTagIds: string[];
  /** Sent after the update (so the default reminder it brings can go too). */
  removeReminderIds: string[];
  addReminders: ReminderCreate[];
  newTags: Tag[];
  /**
   * The update makes the todo all-day without reminders, so the server adds its default reminder: at
   * this time, with the id the draft shows it with (removed from the draft, it is deleted after).
   */
  defaultReminderTime: string | null;
}

/**
 * The differences between the todo as it was when editing began and the draft. `reminderTime`: the
 * person's default reminder time.
 */
export function changes(original: TodoState, d: Draft, reminderTime = '09:00'): Changes {
  const fields: TodoPatch = {};
  if (d.title.trim() !== original.title) fields.title = d.title.trim();
  if (d.description !== original.description) fields.description = d.description;
  if (d.priority !== original.priority) fields.priority = d.priority;
  if (d.timeZone !== original.timeZone) fields.timeZone = d.timeZone;
  // A move to another list is one edit (the editor adds the place at its end).
  if (d.listId && d.listId !== original.listId) fields.listId = d.listId;
  const dueAt = dueAtOf(d);
  if (dueAt !== original.dueAt) fields.dueAt = dueAt;
  if (isAllDay(d) !== original.allDay) fields.allDay = isAllDay(d);
  const rec = recurrenceInput(d.recurrence);
  const before = original.recurrence;
  if (JSON.stringify(rec && toRecurrence(rec)) !== JSON.stringify(before)) fields.recurrence = rec;
  const kept = new Set(d.reminders.map((r) => r.id));
  const removeReminderIds = original.reminders.filter((r) => !kept.has(r.id)).map((r) => r.id);
  let addReminders = reminderInputs(d);
  let defaultReminderTime: string | null = null;
  const wasAllDay = original.allDay && original.dueAt !== null;
  if (isAllDay(d) && !wasAllDay && original.reminders.length === 0) {
    const id = defaultReminderId(original.id);
    const shown = d.reminders.find((r) => r.id === id);
    defaultReminderTime = shown?.timeOfDay ?? reminderTime;
    addReminders = addReminders.filter((r) => r.id !== id);
    if (!shown) removeReminderIds.push(id);
  }
  return {
    fields,
    addTagIds: d.tagIds.filter((t) => !original.tagIds.includes(t)),
    removeTagIds: original.tagIds.filter((t) => !d.tagIds.includes(t)),
    removeReminderIds,
    addReminders,
    newTags: d.newTags.filter((t) => d.tagIds.includes(t.id)),
    defaultReminderTime,
  };
}
