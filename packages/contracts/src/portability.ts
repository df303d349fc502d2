// Export, import and the calendar feed (shared/API.md, "Lists, subtasks, sharing, portability";
// docs/portability.md says what a round trip keeps). The export is the API's own shapes; an import
// reads that document back, leniently (unknown fields are ignored) but within fixed limits.
import { z } from 'zod';
import { List, Position } from './lists.ts';
import { ClockTime, Color, Instant, Priority, Status, TimeZone, trimmedText } from './primitives.ts';
import { RecurrenceType, Tag, Todo } from './todos.ts';

/** The export format this server writes and reads. */
export const EXPORT_VERSION = 1;

/** What one import may hold: beyond these it is refused whole (413 for bytes, 422 for the rest). */
export const IMPORT_LIMITS = {
  /** The request body, JSON or CSV, as the bff reads it. */
  bytes: 4 * 1024 * 1024,
  lists: 500,
  tags: 1000,
  todos: 10_000,
  /** Rows of a Todoist CSV file (tasks, subtasks, sections and notes together). */
  csvRows: 10_000,
  /** Characters of one CSV field. */
  csvField: 20_000,
} as const;

/** A list as exported: the person's view of it, without the other members' addresses. */
export const ExportList = List.omit({ members: true });
export type ExportList = z.infer<typeof ExportList>;

export const ExportDocument = z.object({
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
  lists: z.array(ExportList),
  todos: z.array(Todo),
  tags: z.array(Tag),
});
export type ExportDocument = z.infer<typeof ExportDocument>;

/** An id within the document: it only links its records (a list's todos, a todo's tags). */
const RefId = z.string().min(1).max(100);

const ImportList = z.object({
  id: RefId,
  name: trimmedText(100),
  color: Color.optional(),
  icon: trimmedText(32).nullable().optional(),
  position: Position.optional(),
  archived: z.boolean().default(false),
  inbox: z.boolean().default(false),
});

const ImportTag = z.object({ id: RefId, name: trimmedText(50), color: Color.optional() });

const ImportRecurrence = z.object({
  type: RecurrenceType,
  rrule: z.string().max(500).default(''),
  until: z.string().max(40).nullable().default(null),
  count: z.number().int().min(1).max(10000).nullable().default(null),
  fromCompletion: z.boolean().default(false),
});

const ImportReminder = z.object({
  remindAt: Instant,
  offsetMinutes: z.number().int().nullable().default(null),
  timeOfDay: ClockTime.nullable().default(null),
  sentAt: Instant.nullable().default(null),
});

const ImportSubtask = z.object({
  title: trimmedText(500),
  done: z.boolean().default(false),
  position: Position.optional(),
});

const ImportTodo = z.object({
  id: RefId,
  title: trimmedText(500),
  description: z.string().max(20000, { message: 'must have at most 20000 characters' }).default(''),
  status: Status.default('open'),
  priority: Priority.default('medium'),
  dueAt: Instant.nullable().default(null),
  allDay: z.boolean().default(false),
  timeZone: TimeZone.optional(),
  tags: z
    .array(z.object({ id: RefId }))
    .max(50)
    .default([]),
  recurrence: ImportRecurrence.nullable().default(null),
  reminders: z.array(ImportReminder).max(20).default([]),
  listId: RefId.nullable().optional(),
  position: Position.optional(),
  subtasks: z.array(ImportSubtask).max(200).default([]),
  completedAt: Instant.nullable().default(null),
});

/** POST /api/import with JSON: an export (of this or another account). */
export const ImportDocument = z.object({
  version: z.literal(EXPORT_VERSION, {
    message: `must be ${EXPORT_VERSION}: this server reads exports of version ${EXPORT_VERSION}`,
  }),
  lists: z.array(ImportList).max(IMPORT_LIMITS.lists).default([]),
  tags: z.array(ImportTag).max(IMPORT_LIMITS.tags).default([]),
  todos: z.array(ImportTodo).max(IMPORT_LIMITS.todos),
});
export type ImportDocument = z.infer<typeof ImportDocument>;
export type ImportTodo = ImportDocument['todos'][number];

/** POST /api/import?list=Groceries: the list a Todoist CSV file's tasks go into (its project's name). */
export const ImportQuery = z.strictObject({ list: trimmedText(100).optional() });

/** What an import created (records already there from an earlier run of the same import are not counted). */
export const ImportResult = z.object({
  lists: z.number().int(),
  todos: z.number().int(),
  tags: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** From the bff to core-service: the JSON document, or the CSV text and the list it names. */
export const CoreImportBody = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json'), document: ImportDocument }),
  z.object({
    format: z.literal('todoist-csv'),
    csv: z.string().max(IMPORT_LIMITS.bytes),
    list: trimmedText(100).optional(),
  }),
]);
export type CoreImportBody = z.infer<typeof CoreImportBody>;

/** GET /api/calendar: the person's secret feed URL (the same until revoked). */
export const CalendarFeed = z.object({ url: z.string() });
export type CalendarFeed = z.infer<typeof CalendarFeed>;

/** From core-service to the bff, which puts its own origin in front. */
export const CalendarToken = z.object({ token: z.string() });

/** A feed token: 43 base64url characters (32 bytes). */
export const FeedToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'not a feed token' });

/** Where a feed is served, below the bff's origin (no session: the token is the credential). */
export const calendarFeedPath = (token: string) => `/api/calendar/feeds/${token}.ics`;
