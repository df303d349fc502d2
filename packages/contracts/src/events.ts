// Event payloads: the `data` of the CloudEvents the outbox relay publishes. Every one carries the
// person (partition key), the ids involved and the change-log version it came from. Each topic has
// one discriminated union of `{ type, data }`: core-service writes events of it into the outbox, and
// the worker and the bff read them with it.
import { z } from 'zod';
import { Id } from './primitives.ts';

export const TOPICS = { todo: 'todo-events', reminder: 'reminder-events' } as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** What every change event says: whose, which change-log version, and which device made it. */
const Change = {
  userId: Id,
  version: z.number().int(),
  /** The device whose sync push made the change (absent for API calls): the bff does not poke it. */
  originClientId: z.string().max(64).optional(),
};
/** Who made a change to a shared list's todo, on the events of the other members. */
const By = z.object({ userId: Id, name: z.string() });
const TodoChange = z.object({ ...Change, todoId: Id, title: z.string(), by: By.optional() });
const TagChange = z.object({ ...Change, tagId: Id, name: z.string() });
const ListChange = z.object({ ...Change, listId: Id, name: z.string() });

const event = <T extends string, D extends z.ZodObject>(type: T, data: D) =>
  z.object({ type: z.literal(type), data });

/** `todo-events`: every change to a person's todos, tags and lists. */
export const TodoEvent = z.discriminatedUnion('type', [
  event('todo.created', TodoChange),
  /** `changes`: the fields that changed (`reminders`, `tags`, `reminderSent` for what belongs to it). */
  event('todo.updated', TodoChange.extend({ changes: z.array(z.string()) })),
  /** `nextTodoId`: the next occurrence a recurring todo's completion created, else null. */
  event('todo.completed', TodoChange.extend({ nextTodoId: Id.nullable() })),
  event('todo.reopened', TodoChange),
  event('todo.deleted', TodoChange),
  event('tag.created', TagChange),
  event('tag.updated', TagChange),
  event('tag.deleted', TagChange),
  /** A list the person is in changed (or its members did); `list.deleted` also when they left it. */
  event('list.updated', ListChange),
  event('list.deleted', ListChange),
]);
export type TodoEvent = z.infer<typeof TodoEvent>;
export type TodoEventType = TodoEvent['type'];
export const TODO_EVENT_TYPES: readonly TodoEventType[] = TodoEvent.options.map((o) => o.shape.type.value);
/** The `changes` of a todo.updated whose default reminder followed the person's new default time. */
export const FOLLOWS_DEFAULT_REMINDER_TIME = 'defaultReminderTime';
/** The data every todo-events event has, whatever its type (what the bff's realtime pokes need). */
export const TodoEventHead = z.object(Change);

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
  originClientId: z.string().max(64).optional(),
});
export type ReminderDueData = z.infer<typeof ReminderDueData>;

/** `reminder-events`. */
export const ReminderEvent = z.discriminatedUnion('type', [event('reminder.due', ReminderDueData)]);
export type ReminderEvent = z.infer<typeof ReminderEvent>;

/** The events of each topic, as their producer writes them: the outbox adds the person and the device. */
type Produced<E extends { type: string; data: object }> = E extends unknown
  ? { type: E['type']; data: Omit<E['data'], 'userId' | 'originClientId'> }
  : never;
export type OutboxEvent =
  | ({ topic: typeof TOPICS.todo; userId: string } & Produced<TodoEvent>)
  | ({ topic: typeof TOPICS.reminder; userId: string } & Produced<ReminderEvent>);
