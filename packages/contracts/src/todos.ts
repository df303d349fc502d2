// Todos, tags, reminders and recurrence as the public API shows them (see shared/API.md).
import { z } from 'zod';
import {
  ClockTime,
  Color,
  Id,
  Instant,
  Priority,
  Status,
  TimeZone,
  repeatable,
  trimmedText,
} from './primitives.ts';
import { Position, Subtask, SubtaskCreate } from './lists.ts';

export const Tag = z.object({ id: Id, name: z.string(), color: z.string() });
export type Tag = z.infer<typeof Tag>;

const TagName = trimmedText(50);

export const TagCreate = z.strictObject({
  id: Id.optional(),
  name: TagName,
  color: Color.optional(),
});
export type TagCreate = z.infer<typeof TagCreate>;
export const TagPatch = z
  .strictObject({ name: TagName.optional(), color: Color.optional() })
  .refine((b) => b.name !== undefined || b.color !== undefined, {
    message: 'give name or color',
  });
export type TagPatch = z.infer<typeof TagPatch>;

export const Reminder = z.object({
  id: Id,
  remindAt: z.string(),
  offsetMinutes: z.number().int().nullable(),
  /** HH:MM on the todo's due date in its time zone (the default reminder of an all-day todo). */
  timeOfDay: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export type Reminder = z.infer<typeof Reminder>;

/** Exactly one of an absolute time, minutes before the todo's due time, or a time on its due date. */
export const ReminderCreate = z
  .strictObject({
    id: Id.optional(),
    remindAt: Instant.optional(),
    offsetMinutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 366)
      .optional(),
    timeOfDay: ClockTime.optional(),
  })
  .refine((r) => [r.remindAt, r.offsetMinutes, r.timeOfDay].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of remindAt, offsetMinutes or timeOfDay',
  });
export type ReminderCreate = z.infer<typeof ReminderCreate>;

export const SnoozeBody = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30),
});

export const RECURRENCE_TYPES = ['daily', 'weekly', 'monthly', 'yearly', 'custom'] as const;
export const RecurrenceType = z.enum(RECURRENCE_TYPES, {
  message: `must be one of ${RECURRENCE_TYPES.join(', ')}`,
});
export type RecurrenceType = z.infer<typeof RecurrenceType>;

export const Recurrence = z.object({
  type: RecurrenceType,
  rrule: z.string(),
  until: z.string().nullable(),
  count: z.number().int().nullable(),
  fromCompletion: z.boolean(),
});
export type Recurrence = z.infer<typeof Recurrence>;

/** A calendar date (end of series, inclusive) or an instant. */
const Until = z.union([z.iso.date(), Instant], {
  message: 'must be a date (2026-12-31) or a date-time with offset',
});

export const RecurrenceInput = z
  .strictObject({
    type: RecurrenceType,
    rrule: z.string().trim().min(1).max(500).optional(),
    until: Until.nullable().optional(),
    count: z.number().int().min(1).max(10000).nullable().optional(),
    fromCompletion: z.boolean().optional(),
  })
  .refine((r) => r.type !== 'custom' || r.rrule !== undefined, {
    message: 'a custom recurrence needs an rrule',
    path: ['rrule'],
  })
  .refine((r) => !(r.until && r.count), {
    message: 'give until or count, not both',
    path: ['count'],
  });
export type RecurrenceInput = z.infer<typeof RecurrenceInput>;

export const Todo = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  status: Status,
  priority: Priority,
  dueAt: z.string().nullable(),
  /** Due on a date, not at a time: dueAt is the start of that date in timeZone. */
  allDay: z.boolean(),
  timeZone: z.string(),
  tags: z.array(Tag),
  recurrence: Recurrence.nullable(),
  reminders: z.array(Reminder),
  /** The list it sits in (the person's Inbox unless they chose another). */
  listId: Id,
  /** Manual order within its list: a fractional index key. */
  position: z.string(),
  /** Who of a shared list's members does it; null for nobody. */
  assigneeId: Id.nullable(),
  subtasks: z.array(Subtask),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Todo = z.infer<typeof Todo>;

const Title = trimmedText(500);
const Description = z.string().max(20000, { message: 'must have at most 20000 characters' });

export const TodoCreate = z.strictObject({
  id: Id.optional(),
  title: Title,
  description: Description.optional(),
  priority: Priority.optional(),
  dueAt: Instant.nullable().optional(),
  allDay: z.boolean().optional(),
  timeZone: TimeZone.optional(),
  tagIds: z.array(Id).max(50).optional(),
  recurrence: RecurrenceInput.nullable().optional(),
  reminders: z.array(ReminderCreate).max(20).optional(),
  listId: Id.optional(),
  position: Position.optional(),
  assigneeId: Id.nullable().optional(),
  subtasks: z.array(SubtaskCreate).max(200).optional(),
});
export type TodoCreate = z.infer<typeof TodoCreate>;

export const TodoPatch = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    priority: Priority.optional(),
    status: Status.optional(),
    dueAt: Instant.nullable().optional(),
    allDay: z.boolean().optional(),
    timeZone: TimeZone.optional(),
    tagIds: z.array(Id).max(50).optional(),
    recurrence: RecurrenceInput.nullable().optional(),
    /** Moves the todo to another list the person may write to. */
    listId: Id.optional(),
    position: Position.optional(),
    assigneeId: Id.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, {
    message: 'give at least one field to change',
  });
export type TodoPatch = z.infer<typeof TodoPatch>;

export const PriorityBody = z.strictObject({ priority: Priority });
export const TagIdsBody = z.strictObject({
  tagIds: z.array(Id).min(1).max(50),
});

export const SORT_FIELDS = ['dueAt', 'priority', 'title', 'createdAt', 'updatedAt', 'position'] as const;
export const SortField = z.enum(SORT_FIELDS, {
  message: `must be one of ${SORT_FIELDS.join(', ')}`,
});
export type SortField = z.infer<typeof SortField>;
export const SortOrder = z.enum(['asc', 'desc'], {
  message: 'must be asc or desc',
});
export const DUE_WINDOWS = ['overdue', 'today', 'week', 'none'] as const;
export const DueWindow = z.enum(DUE_WINDOWS, {
  message: `must be one of ${DUE_WINDOWS.join(', ')}`,
});

export const TodoListQuery = z.strictObject({
  status: Status.optional(),
  priority: repeatable(Priority).optional(),
  tag: repeatable(Id).optional(),
  /** Only todos of these lists (list ids). Without it, every list the person sees but the archived ones. */
  list: repeatable(Id).optional(),
  q: z.string().trim().max(200).optional(),
  due: DueWindow.optional(),
  dueBefore: Instant.optional(),
  dueAfter: Instant.optional(),
  sort: SortField.optional(),
  order: SortOrder.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  // A title cursor carries the whole (escaped) title: up to ~4 kB for a 500-character one.
  cursor: z.string().max(6144).optional(),
});
export type TodoListQuery = z.infer<typeof TodoListQuery>;

/** The seed's `/todos/sort?by=&order=` says `by` for what the list calls `sort`. */
export const TodoSortQuery = TodoListQuery.omit({ sort: true }).extend({
  by: SortField.optional(),
});
export const TodoSearchQuery = TodoListQuery.extend({
  q: z.string().trim().min(1).max(200),
});

export const TodoPage = z.object({
  items: z.array(Todo),
  nextCursor: z.string().nullable(),
});
export type TodoPage = z.infer<typeof TodoPage>;

export const Highlight = z.object({
  title: z.string(),
  description: z.string(),
});
export const SearchHit = Todo.extend({ highlight: Highlight });
export type SearchHit = z.infer<typeof SearchHit>;
export const SearchPage = z.object({
  items: z.array(SearchHit),
  nextCursor: z.string().nullable(),
});

export const TagList = z.object({ items: z.array(Tag) });
export const CompleteResult = z.object({ todo: Todo, next: Todo.nullable() });
export type CompleteResult = z.infer<typeof CompleteResult>;
