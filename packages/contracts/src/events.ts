// Event payloads: the `data` of the CloudEvents the outbox relay publishes. Every one carries the
// person (partition key), the ids involved and the change-log version it came from.
import { z } from 'zod';
import { Id } from './primitives.ts';

export const TOPICS = { todo: 'todo-events', reminder: 'reminder-events' } as const;

export const TodoEventType = z.enum([
  'todo.created',
  'todo.updated',
  'todo.completed',
  'todo.reopened',
  'todo.deleted',
  'tag.created',
  'tag.updated',
  'tag.deleted',
]);
export type TodoEventType = z.infer<typeof TodoEventType>;

export const TodoEventData = z.object({
  userId: Id,
  todoId: Id.optional(),
  tagId: Id.optional(),
  version: z.number().int(),
  title: z.string().optional(),
  /** A tag's name, on tag events. */
  name: z.string().optional(),
  changes: z.array(z.string()).optional(),
  nextTodoId: Id.nullable().optional(),
});
export type TodoEventData = z.infer<typeof TodoEventData>;

/** `reminder.due` on `reminder-events`: one reminder of one todo is due now. */
export const ReminderDueData = z.object({
  userId: Id,
  todoId: Id,
  reminderId: Id,
  title: z.string(),
  dueAt: z.string().nullable(),
  /** Due on a date without a time: show dueAt as a date only. */
  allDay: z.boolean().default(false),
  remindAt: z.string(),
  timeZone: z.string(),
  /** Where to email the reminder; null when the person has not turned email reminders on. */
  email: z.string().nullable(),
  /** Whether the person wants push notifications. */
  push: z.boolean(),
});
export type ReminderDueData = z.infer<typeof ReminderDueData>;
