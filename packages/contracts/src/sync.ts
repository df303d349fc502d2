// The PWA's sync protocol (see docs/sync.md). Push sends the outbox of mutations in order; each
// carries intent (set these fields, complete, add this tag), never a toggle, and a client-made id
// the server remembers, so a mutation retried any number of times is applied once. Pull returns
// the latest state of everything changed since a cursor, tombstones included, in pages.
import { z } from 'zod';
import { Id, Instant } from './primitives.ts';
import { ReminderCreate, Tag, TagCreate, TagPatch, Todo, TodoCreate, TodoPatch } from './todos.ts';
import { List, ListCreate, ListDeleteQuery, ListPatch, SubtaskCreate, SubtaskPatch } from './lists.ts';

const TodoRef = z.strictObject({ id: Id });

/** Every mutation type with the payload it carries; the names say the intent. */
export const MutationPayloads = {
  'todo.create': TodoCreate.and(z.object({ id: Id })),
  'todo.update': z.strictObject({ id: Id, fields: TodoPatch }),
  'todo.complete': TodoRef,
  'todo.reopen': TodoRef,
  'todo.delete': TodoRef,
  'todo.addTags': z.strictObject({ id: Id, tagIds: z.array(Id).min(1).max(50) }),
  'todo.removeTag': z.strictObject({ id: Id, tagId: Id }),
  'reminder.add': z.strictObject({ todoId: Id, reminder: ReminderCreate }),
  'reminder.delete': z.strictObject({ todoId: Id, reminderId: Id }),
  'reminder.snooze': z.strictObject({
    todoId: Id,
    reminderId: Id,
    minutes: z.number().int().min(1).max(43200),
  }),
  'tag.create': TagCreate.and(z.object({ id: Id })),
  'tag.update': z.strictObject({ id: Id, fields: TagPatch }),
  'tag.delete': TodoRef,
  'list.create': ListCreate.and(z.object({ id: Id })),
  'list.update': z.strictObject({ id: Id, fields: ListPatch }),
  'list.delete': z.strictObject({ id: Id, todos: ListDeleteQuery.shape.todos }),
  /** One subtask per mutation, so edits of different subtasks on two devices both survive. */
  'subtask.add': z.strictObject({ todoId: Id, subtask: SubtaskCreate.and(z.object({ id: Id })) }),
  'subtask.update': z.strictObject({ todoId: Id, id: Id, fields: SubtaskPatch }),
  'subtask.delete': z.strictObject({ todoId: Id, id: Id }),
} as const;
export type MutationType = keyof typeof MutationPayloads;
export const MUTATION_TYPES = Object.keys(MutationPayloads) as MutationType[];

/** The payload of each mutation type as its schema gives it: devices send it, the server's handlers take it. */
export type MutationPayloadMap = { [K in MutationType]: z.infer<(typeof MutationPayloads)[K]> };

/** A payload checked by the schema of its mutation type. */
export function parseMutationPayload<K extends MutationType>(
  type: K,
  payload: unknown,
): z.ZodSafeParseResult<MutationPayloadMap[K]> {
  // The schema indexed by `type` is the one MutationPayloadMap[K] is inferred from.
  return MutationPayloads[type].safeParse(payload) as z.ZodSafeParseResult<MutationPayloadMap[K]>;
}

export const Mutation = z.strictObject({
  /** Client-generated (UUIDv7), unique for ever: the server applies each id at most once. */
  id: Id,
  type: z.enum(MUTATION_TYPES as [MutationType, ...MutationType[]]),
  /** Checked against the type's own schema when the mutation is applied. */
  payload: z.record(z.string(), z.unknown()),
  /**
   * When the person made the change: never used to order writes; shown, and a completion's time
   * (within the last 31 days) for a from-completion series.
   */
  createdAt: Instant.optional(),
});
export type Mutation = z.infer<typeof Mutation>;

export const PushBody = z.strictObject({
  /** One id per installed app (device), made by the client. */
  clientId: z.string().min(8).max(64),
  mutations: z.array(Mutation).min(1).max(1000),
});
export type PushBody = z.infer<typeof PushBody>;

export const MutationResult = z.object({
  id: Id,
  /** applied now · duplicate (applied before, nothing done) · rejected (never will be; drop it). */
  status: z.enum(['applied', 'duplicate', 'rejected']),
  problem: z.object({ type: z.string(), status: z.number().int(), detail: z.string() }).optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResult = z.object({ results: z.array(MutationResult) });
export type PushResult = z.infer<typeof PushResult>;

export const PullQuery = z.strictObject({
  /** The `cursor` of the last pull; 0 (or absent) for everything. */
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

/**
 * A todo as a pull sends it: with where it sits in its series, so a device completing it offline makes
 * the same next occurrence (id and due time) as the server (`@todo/recurrence`).
 */
export const SyncTodo = Todo.extend({
  /** The id of the series' first todo; null until the todo first recurs. Always sent by this server. */
  seriesId: Id.nullable().optional(),
  /** The due time the series counts from. */
  seriesStart: z.string().nullable().optional(),
  /** 1 for the series' first todo, 2 for the next one, … */
  occurrenceIndex: z.number().int().optional(),
});
export type SyncTodo = z.infer<typeof SyncTodo>;

export const Change = z.discriminatedUnion('entity', [
  z.object({
    entity: z.literal('todo'),
    id: Id,
    version: z.number().int(),
    deleted: z.boolean(),
    todo: SyncTodo.nullable(),
  }),
  z.object({
    entity: z.literal('tag'),
    id: Id,
    version: z.number().int(),
    deleted: z.boolean(),
    tag: Tag.nullable(),
  }),
  /** A list the person owns or was admitted to; `deleted` also when they left or were removed. */
  z.object({
    entity: z.literal('list'),
    id: Id,
    version: z.number().int(),
    deleted: z.boolean(),
    list: List.nullable(),
  }),
]);
export type Change = z.infer<typeof Change>;

export const PullResult = z.object({
  changes: z.array(Change),
  /** Pass back as `cursor` next time. */
  cursor: z.number().int(),
  /** More changes wait: pull again at once. */
  more: z.boolean(),
  /** The cursor is older than the tombstone horizon: drop local server state and pull from 0. */
  reset: z.boolean(),
});
export type PullResult = z.infer<typeof PullResult>;

/** What the SSE stream sends when the person's data changed elsewhere. */
export const SyncPoke = z.object({ version: z.number().int() });
