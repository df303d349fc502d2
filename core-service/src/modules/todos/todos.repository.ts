// The only place that knows how todos are stored: loading with tags and reminders, keyset-paginated
// listing over any sort key, and full-text search with highlights.
import type { Knex } from 'knex';
import { snakeCaseMappers } from 'objection';
import type { Todo } from '@todo/contracts';
import { insertRows, PREPARE } from '@todo/platform';
import type { KeysetPosition, TodoFilter } from './todo-filter.ts';
import { TodoModel } from './todo.model.ts';
import type {
  InboxContext,
  InboxUpdate,
  PageMerge,
  PageReuse,
  TodoPage,
  TodoRow,
  TodoStore,
} from './todo-store.ts';
import { outboxColumns, type EventDraft, type OutboxEvent } from '../changes/changes.repository.ts';
import { LAST_TODO_POSITION } from '../lists/lists.repository.ts';

const SORT_SQL: Record<TodoFilter['sort'], string> = {
  dueAt: 't.due_at',
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  priority: 't.priority',
  title: 'lower(t.title)',
  position: 't.position',
  rank: `ts_rank(t.search, to_tsquery('simple', ?))`,
};

/** Each sort key's type, in which an earlier page's keys (as text) are read back (PageMerge). */
const KEY_TYPE: Record<TodoFilter['sort'], string> = {
  dueAt: 'timestamptz',
  createdAt: 'timestamptz',
  updatedAt: 'timestamptz',
  priority: 'todo_priority',
  title: 'text',
  position: 'text COLLATE "C"',
  rank: 'real',
};

// Marks chosen so that the text can be HTML-escaped before the <mark> tags are put in.
const OPEN = '\u0001';
const CLOSE = '\u0002';

/** ISO 8601 in UTC with milliseconds, as Date.prototype.toISOString writes it (years 1000–9999). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Where a todo sits in its series, for devices that make the next occurrence themselves (sync). */
const SERIES_FIELDS = `'seriesId', t.series_id, 'seriesStart', ${iso('t.series_start')},
    'occurrenceIndex', t.occurrence_index,`;

/** The lists a person sees (owns or was admitted to): every read of todos is scoped by it. Binds: userId. */
const VISIBLE_LISTS = 'SELECT list_id FROM list_members WHERE user_id = ?';
/**
 * The lists whose todos a page shows when it names none: those the person sees (listsRead), less the
 * archived ones (an archived list's todos show only when it is asked for by `list`).
 */
const NOT_ARCHIVED = 'list_id NOT IN (SELECT id FROM lists WHERE archived)';

const TAG_JSON = `json_agg(json_build_object('id', tag.id, 'name', tag.name, 'color', tag.color))`;
const REMINDER_JSON = `json_agg(json_build_object('id', id, 'remindAt', ${iso('remind_at')},
  'offsetMinutes', offset_minutes, 'timeOfDay', time_of_day, 'sentAt', ${iso('sent_at')}))`;
const SUBTASK_JSON = `json_agg(json_build_object('id', id, 'title', title, 'done', done, 'position', position)
  ORDER BY position, id)`;

/**
 * The viewer's tags (g), reminders (r) and the subtasks (s) of the todos `ids` (SQL for a uuid[]),
 * each grouped once for all of them: the cheap way for many todos, as a pull asks for up to 5,000.
 * Binds: ids, userId, ids, userId, ids.
 */
const groupedParts = (ids: string) => `
  LEFT JOIN (
    SELECT tt.todo_id, count(*) AS n, ${TAG_JSON} AS tags
    FROM todo_tags tt JOIN tags tag ON tag.id = tt.tag_id
    WHERE tt.todo_id = ANY(${ids}) AND tag.user_id = ? GROUP BY tt.todo_id) g ON g.todo_id = t.id
  LEFT JOIN (
    SELECT todo_id, count(*) AS n, ${REMINDER_JSON} AS reminders
    FROM reminders WHERE todo_id = ANY(${ids}) AND user_id = ? GROUP BY todo_id) r ON r.todo_id = t.id
  LEFT JOIN (
    SELECT todo_id, ${SUBTASK_JSON} AS subtasks
    FROM subtasks WHERE todo_id = ANY(${ids}) GROUP BY todo_id) s ON s.todo_id = t.id`;

/**
 * The same, todo by todo off the todo_id indexes: for a page, whose ids come from the page query,
 * PostgreSQL cannot count them ahead and ran each grouped part once per todo (50 × 50; issue 14).
 * Binds: userId, userId.
 */
const LATERAL_PARTS = `
  LEFT JOIN LATERAL (
    SELECT count(*) AS n, ${TAG_JSON} AS tags
    FROM todo_tags tt JOIN tags tag ON tag.id = tt.tag_id
    WHERE tt.todo_id = t.id AND tag.user_id = ?) g ON true
  LEFT JOIN LATERAL (
    SELECT count(*) AS n, ${REMINDER_JSON} AS reminders
    FROM reminders WHERE todo_id = t.id AND user_id = ?) r ON true
  LEFT JOIN LATERAL (SELECT ${SUBTASK_JSON} AS subtasks FROM subtasks WHERE todo_id = t.id) s ON true`;

/**
 * The contract's Todo, built by the database as one JSON value per todo with its tags, reminders and
 * subtasks (one query for any number of todos), with the todo's id and whether its tags or reminders
 * need putting in order (sortParts). Tags and reminders are the viewer's own (a shared todo's are
 * personal). `parts` joins them (groupedParts or LATERAL_PARTS); `which` is SQL that picks the todos.
 */
const todoJson = (series: boolean, parts: string, which: string, from = 'todos t') => `
  SELECT json_build_object(${series ? SERIES_FIELDS : ''}
    'id', t.id, 'title', t.title, 'description', t.description, 'status', t.status,
    'priority', t.priority, 'dueAt', ${iso('t.due_at')}, 'allDay', t.all_day, 'timeZone', t.time_zone,
    'tags', coalesce(g.tags, '[]'),
    'recurrence', CASE WHEN t.recurring_type = 'none' THEN NULL ELSE json_build_object(
      'type', t.recurring_type, 'rrule', coalesce(t.rrule, ''), 'until', t.recurring_end_date,
      'count', t.recurrence_count, 'fromCompletion', t.from_completion) END,
    'reminders', coalesce(r.reminders, '[]'),
    'listId', t.list_id, 'position', t.position, 'assigneeId', t.assignee_id,
    'subtasks', coalesce(s.subtasks, '[]'),
    'completedAt', ${iso('t.completed_at')}, 'createdAt', ${iso('t.created_at')},
    'updatedAt', ${iso('t.updated_at')}, 'version', t.version) AS todo,
    t.id, coalesce(g.n, 0) > 1 OR coalesce(r.n, 0) > 1 AS unsorted
  FROM ${from} ${parts}
  WHERE ${which} AND t.list_id IN (${VISIBLE_LISTS})`;
/** The bindings of TODO_JSON and SYNC_TODO_JSON for these todos. */
const todoJsonBindings = (userId: string, ids: string[]) => [ids, userId, ids, userId, ids, ids, userId];
const TODO_JSON = todoJson(false, groupedParts('?::uuid[]'), 't.id = ANY(?::uuid[])');
const SYNC_TODO_JSON = todoJson(true, groupedParts('?::uuid[]'), 't.id = ANY(?::uuid[])');
/**
 * One todo, by its id's index: a prepared statement whose generic plan PostgreSQL keeps (an array of
 * unknown length made it plan TODO_JSON anew each time: 0.45 ms of 0.5). Binds: userId, userId, id,
 * userId.
 */
const ONE_TODO_JSON = todoJson(false, LATERAL_PARTS, 't.id = ?::uuid');
/**
 * What a write in the person's Inbox goes by, read with no lock (the write then checks it): their
 * change version, their defaults, their Inbox and its last todo. Binds: userId.
 */
const INBOX_CONTEXT = `SELECT u.change_version AS version, u.time_zone AS "timeZone",
    u.default_reminder_time AS "reminderTime", l.id AS inbox,
    ${LAST_TODO_POSITION} AS "lastTodo"
  FROM users u LEFT JOIN lists l ON l.owner_id = u.id AND l.inbox WHERE u.id = ?`;
/** A new todo has no tags, reminders or subtasks yet: the parts of todoJson, empty. */
const NO_PARTS = `
  CROSS JOIN (SELECT NULL::json AS tags, 0 AS n) g
  CROSS JOIN (SELECT NULL::json AS reminders, 0 AS n) r
  CROSS JOIN (SELECT NULL::json AS subtasks) s`;
/**
 * One write of a todo in the person's Inbox with its new version, change-log entry and event (which
 * names the title written), in one statement, made only while the person's row still holds the
 * context the write went by, its change version and defaults (else nothing is written and `made` is
 * 0): the version's row lock is held for this statement alone, and a write of theirs in between moves
 * the version (PostgreSQL checks the condition again on the row it waited for). `todo`: the statement
 * that writes the todo, named t, returning TODO_COLUMNS; `parts`: todoJson's, for the todo it returns;
 * `only`: a further condition on writing at all; `also`: further columns of the answer. Binds: userId,
 * the version, zone and reminder time gone by, `only`'s, `todo`'s, the event (JSON, outbox columns),
 * `parts`', userId, `also`'s.
 */
const inboxWriteSql = (todo: string, parts: string, only = '', also = '') => `WITH u AS (
    UPDATE users SET change_version = change_version + 1
    WHERE id = ? AND change_version = ? AND time_zone = ? AND default_reminder_time = ?${only}
    RETURNING 1 AS locked),
  t AS (${todo}),
  c AS (
    INSERT INTO change_log (user_id, version, entity, entity_id, op, at)
    SELECT t.user_id, t.version, 'todo', t.id, 'upsert', t.updated_at FROM t),
  o AS (
    INSERT INTO outbox (id, topic, type, partition_key, payload, created_at, traceparent)
    SELECT e.id, e.topic, e.type, e.partition_key, e.payload || jsonb_build_object('title', t.title),
      e.created_at, e.traceparent
    FROM t, json_populate_record(NULL::outbox, ?::json) e)
  SELECT (SELECT count(*) FROM t)::int AS made,
    (SELECT j.todo FROM (${todoJson(false, parts, 'true', 't')}) j) AS todo${also}`;
/** A new todo (`columns`: its, quoted). Binds of the todo: the todo (JSON, with its version). */
const createInInboxSql = (columns: string) =>
  inboxWriteSql(
    `INSERT INTO todos (${columns}) SELECT ${columns} FROM u, json_populate_record(NULL::todos, ?::json)
    RETURNING ${TODO_COLUMNS}`,
    NO_PARTS,
  );
/** Whether todo ? is in list ? (the Inbox). */
const IN_INBOX = 'EXISTS (SELECT 1 FROM todos WHERE id = ? AND list_id = ?)';
/**
 * A todo's own fields set (`columns`: the fields, quoted), while it is in the person's Inbox; the
 * answer says whether it is (`inInbox`), to tell a todo elsewhere from a version moved. Binds of
 * `only`: id, inboxId; of the todo: the fields (JSON), the new version, when, the todo's id, inboxId;
 * of the parts: userId, userId; of `also`: id, inboxId.
 */
const updateInInboxSql = (columns: string) =>
  inboxWriteSql(
    `UPDATE todos SET (${columns}) = (SELECT ${columns} FROM json_populate_record(NULL::todos, ?::json)),
      version = ?, updated_at = ?
    FROM u WHERE todos.id = ? AND todos.list_id = ?
    RETURNING ${TODO_COLUMNS.replace(/(\w+)/g, 'todos.$1')}`,
    LATERAL_PARTS,
    ` AND ${IN_INBOX}`,
    `, ${IN_INBOX} AS "inInbox"`,
  );
/**
 * A page of todos in one statement: the page query (binding 1: its ids, keys and places, one row past
 * the page) and the todos of its first `limit` rows, each read by its id beside its row, in page order.
 * (Joined by id after reading them as `id = ANY(ARRAY(…))`, the todos were found through a BitmapAnd
 * over the whole list and matched by a nested loop, 51 × 50 comparisons: 1.0 ms against 0.78; issue 14.)
 * Binds: the page, then pageBindings.
 */
const PAGE_JSON = pageJson('whole');
/** PAGE_JSON with each row's key as text (key_text), which a later merge needs (PageMerge). */
const PAGE_KEYED_JSON = pageJson('whole', true);
/**
 * PAGE_JSON that takes the JSON of an earlier page's todos (PageReuse) as it was: `kept` is those of
 * them that no entry of the person's change log since names, and none unless the entries since are one
 * for each version up to the person's change version and all todos' (`valid`). Both are read by this
 * statement (not up to the version the cache read), so a change committed in between is not taken as
 * it was. The page query may read `changes` and `valid` (a merge, PageMerge).
 * Binds: userId, since, userId, since, the page, the earlier page's ids, then pageBindings.
 */
const PAGE_REUSING_JSON = pageJson('reusing');
const PAGE_REUSING_KEYED_JSON = pageJson('reusing', true);
/** PAGE_REUSING_JSON whose page query merges (mergedPage): it says whether it did. */
const PAGE_MERGING_JSON = pageJson('merging', true);
function pageJson(way: 'whole' | 'reusing' | 'merging', keyed = false): string {
  const reusing = way !== 'whole';
  const before = `changes AS (SELECT version, entity, entity_id FROM change_log WHERE user_id = ? AND version > ?),
  valid AS (
    SELECT count(*) = (SELECT change_version FROM users WHERE id = ?) - ?
      AND bool_and(entity = 'todo') IS NOT FALSE AS yes FROM changes),
  `;
  const kept = `,
  kept AS (
    SELECT id FROM unnest(?::uuid[]) id WHERE (SELECT yes FROM valid)
    EXCEPT SELECT entity_id FROM changes)`;
  return `WITH ${reusing ? before : ''}p AS (?)${reusing ? kept : ''}
  SELECT p.id, p.key,${keyed ? ' p.key::text AS key_text,' : ''} ${reusing ? 'k.id IS NOT NULL' : 'false'} AS kept,
    ${way === 'merging' ? 'p.merged' : 'false'} AS merged, x.todo::text AS json, x.unsorted
  FROM p ${reusing ? 'LEFT JOIN kept k ON k.id = p.id' : ''}
  LEFT JOIN LATERAL (${todoJson(false, LATERAL_PARTS, `t.id = p.id AND p.place <= ?${reusing ? ' AND k.id IS NULL' : ''}`)}) x ON true
  ORDER BY p.place`;
}
const pageBindings = (userId: string, limit: number) => [userId, userId, limit, userId];
/**
 * When a todo a date is due on falls overdue: once that date has ended in its zone (the next date's
 * local midnight; one that DST skips is read as the first instant after it). `t` is the todo.
 */
const DATE_ENDS = `(((t.due_at AT TIME ZONE t.time_zone)::date + 1)::timestamp AT TIME ZONE t.time_zone)`;
/**
 * TodoStore.nextOverdueAt: the earliest due time from `after` on in each list the person sees (one
 * probe of the list's due index each; a todo due on a date falls overdue later than its due time), and
 * the end of the date of any due on a date that began in the two days before. Done todos count too:
 * the view's page is then kept a little less long, never too long. Binds: after, userId, after, after,
 * userId, after.
 */
const NEXT_OVERDUE = `SELECT least(
    (SELECT min(n.due_at) FROM list_members m CROSS JOIN LATERAL (
       SELECT due_at FROM todos WHERE list_id = m.list_id AND due_at >= ? ORDER BY due_at LIMIT 1) n
     WHERE m.user_id = ?),
    (SELECT min(ends) FROM (
       SELECT ${DATE_ENDS} AS ends FROM todos t
       WHERE t.all_day AND t.due_at >= ?::timestamptz - interval '50 hours' AND t.due_at < ?
         AND t.list_id IN (${VISIBLE_LISTS})) d
     WHERE ends > ?)) AS at`;

/**
 * A page's LIMIT written into the statement: PostgreSQL costs a generic plan's `LIMIT $n` as a tenth of
 * the rows, which made it plan a prepared page anew on every request (its custom plan looked cheaper).
 * The limit is an integer knex parses; a statement per limit a client uses (50, 200).
 */
const INLINE = { skipBinding: true } as const;

/**
 * A todo's row (TodoModel's columns), named: a prepared `SELECT *` fails with "cached plan must not
 * change result type" once a migration adds a column, on every connection that prepared it, until the
 * process restarts (a rolling update's old pods). `search` is the database's own.
 */
const TODO_COLUMNS = `id, user_id, title, description, status, priority, due_at, all_day, time_zone,
  completed_at, version, created_at, updated_at, recurring_type, rrule, recurring_end_date,
  recurrence_count, from_completion, series_id, series_start, occurrence_index, list_id, position,
  assignee_id`;
/**
 * A todo's row by id when the person sees it, prepared (objection's query was planned anew each time).
 * Binds: id, userId.
 */
const FIND_OWNED = `SELECT ${TODO_COLUMNS} FROM todos WHERE id = ? AND list_id IN (${VISIBLE_LISTS})`;
const FIND_OWNED_FOR_UPDATE = `${FIND_OWNED} FOR UPDATE`;
/** Column names as knexSnakeCaseMappers gives them to a query built by knex (raw rows keep theirs). */
const { parse: toCamelCase, format: toColumns } = snakeCaseMappers();
/** The Inbox writes' statements by their columns: a text per set (few in practice), each prepared. */
const inboxStatements = new Map<(columns: string) => string, Map<string, string>>();

function inboxStatement(build: (columns: string) => string, columns: Record<string, unknown>): string {
  const names = Object.keys(columns);
  const built = inboxStatements.get(build) ?? new Map<string, string>();
  inboxStatements.set(build, built);
  const key = names.join();
  let sql = built.get(key);
  if (!sql) built.set(key, (sql = build(names.map((n) => `"${n}"`).join(', '))));
  return sql;
}

/** What an Inbox write checks the person's row still holds: id, version, zone, reminder time. */
const goneBy = (userId: string, { version, defaults }: InboxContext) => [
  userId,
  version,
  defaults.timeZone,
  defaults.reminderTime,
];

/** Tags by name and reminders by time, in JavaScript's order (the database's collation may differ). */
function sortParts<T extends Todo>(todo: T): T {
  if (todo.tags.length > 1) todo.tags.sort((a, b) => a.name.localeCompare(b.name));
  if (todo.reminders.length > 1)
    todo.reminders.sort((a, b) => a.remindAt.localeCompare(b.remindAt) || a.id.localeCompare(b.id));
  return todo;
}

/**
 * The database's JSON text of a todo, as it goes out: only one with several tags or reminders is parsed,
 * put in order (sortParts) and written again.
 */
function sortedText(json: string, unsorted: boolean): string {
  return unsorted ? JSON.stringify(sortParts(JSON.parse(json) as Todo)) : json;
}

export class TodoRepository implements TodoStore {
  constructor(private readonly knex: Knex) {}

  /** The todo's row if the person sees it; `lock`: locked until the transaction ends (every update). */
  async findOwned(
    userId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<TodoModel | undefined> {
    const { rows } = (await this.knex
      .raw(options.lock ? FIND_OWNED_FOR_UPDATE : FIND_OWNED, [id, userId])
      .options(PREPARE)) as { rows: Record<string, unknown>[] };
    return rows[0] ? TodoModel.fromDatabaseJson(toCamelCase(rows[0])) : undefined;
  }

  async load(userId: string, id: string): Promise<Todo | undefined> {
    const result = (await this.knex.raw(ONE_TODO_JSON, [userId, userId, id, userId]).options(PREPARE)) as {
      rows: { todo: Todo }[];
    };
    const [row] = result.rows;
    return row ? sortParts(row.todo) : undefined;
  }

  /** Todos with their tags and reminders, in the order of `ids`. */
  async loadMany(userId: string, ids: string[]): Promise<Todo[]> {
    return this.loadJson(TODO_JSON, userId, ids);
  }

  /**
   * Todos for a pull as JSON text by id (SyncTodo): the database's own text goes out as it is, neither
   * parsed nor written again; only a todo with several tags or reminders is put in their order here.
   */
  async loadForSyncText(userId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const sql = `SELECT x.id, x.todo::text AS json, x.unsorted FROM (${SYNC_TODO_JSON}) x`;
    const result = (await this.knex.raw(sql, todoJsonBindings(userId, ids)).options(PREPARE)) as {
      rows: { id: string; json: string; unsorted: boolean }[];
    };
    return new Map(result.rows.map((r) => [r.id, sortedText(r.json, r.unsorted)]));
  }

  private async loadJson<T extends Todo>(sql: string, userId: string, ids: string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const result = (await this.knex.raw(sql, todoJsonBindings(userId, ids)).options(PREPARE)) as {
      rows: { todo: T }[];
    };
    const byId = new Map(result.rows.map((r) => [r.todo.id, sortParts(r.todo)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async nextOverdueAt(userId: string, after: Date): Promise<Date | null> {
    const { rows } = (await this.knex
      .raw(NEXT_OVERDUE, [after, userId, after, after, userId, after])
      .options(PREPARE)) as { rows: { at: Date | null }[] };
    return rows[0]?.at ?? null;
  }

  /** Inserts unless the id exists; true when this call created it. */
  async insert(row: TodoRow): Promise<boolean> {
    const inserted = await this.knex('todos').insert(row).onConflict('id').ignore().returning('id');
    return inserted.length === 1;
  }

  async insertMany(rows: TodoRow[]): Promise<void> {
    await insertRows(this.knex, 'todos', rows);
  }

  async inboxContext(userId: string): Promise<InboxContext | undefined> {
    const { rows } = (await this.knex.raw(INBOX_CONTEXT, [userId]).options(PREPARE)) as {
      rows: {
        version: string | number;
        timeZone: string;
        reminderTime: string;
        inbox: string | null;
        lastTodo: string | null;
      }[];
    };
    const row = rows[0];
    if (!row?.inbox) return undefined;
    return {
      version: Number(row.version),
      defaults: { timeZone: row.timeZone, reminderTime: row.reminderTime },
      inboxId: row.inbox,
      lastTodo: row.lastTodo,
    };
  }

  async createInInbox(row: TodoRow, context: InboxContext, event: OutboxEvent): Promise<Todo | 'moved'> {
    const columns = toColumns(row);
    const sql = inboxStatement(createInInboxSql, columns);
    const head = [...goneBy(row.userId, context), JSON.stringify(columns)];
    const written = await this.inboxWrite(sql, row, head, event, [row.userId]);
    return written.made ? written.todo : 'moved';
  }

  async updateInInbox(change: InboxUpdate): Promise<Todo | 'moved' | undefined> {
    const { userId, id, context, at } = change;
    const columns = toColumns(change.fields);
    const sql = inboxStatement(updateInInboxSql, columns);
    const inInbox = [id, context.inboxId];
    const todo = [JSON.stringify(columns), context.version + 1, at, ...inInbox];
    const head = [...goneBy(userId, context), ...inInbox, ...todo];
    const tail = [userId, userId, userId, ...inInbox];
    const written = await this.inboxWrite(sql, { id, updatedAt: at }, head, change.event, tail);
    if (written.made) return written.todo;
    return written.inInbox ? 'moved' : undefined;
  }

  /** Runs an inboxWriteSql: whether it wrote (`made`), the todo written, and the answer's other columns. */
  private async inboxWrite(
    sql: string,
    todo: { id: string; updatedAt: Date },
    head: unknown[],
    event: EventDraft,
    tail: unknown[],
  ): Promise<{ made: false; inInbox?: boolean } | { made: true; todo: Todo }> {
    const [outbox] = outboxColumns([event], todo.updatedAt);
    const { rows } = (await this.knex
      .raw(sql, [...head, JSON.stringify(outbox), ...tail] as Knex.RawBinding[])
      .options(PREPARE)) as { rows: { made: number; todo: Todo | null; inInbox?: boolean }[] };
    const [result] = rows;
    if (!result?.made) return { made: false, inInbox: result?.inInbox };
    // Written, so never to be tried again: a todo its owner cannot read back is a fault, not a retry.
    if (!result.todo) throw new Error(`todo ${todo.id} was written in a list its owner does not see`);
    return { made: true, todo: sortParts(result.todo) };
  }

  /** Which of these ids exist, whoever owns them. */
  async existing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = (await this.knex('todos').whereRaw('id = ANY(?::uuid[])', [ids]).select('id')) as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  }

  async addTagsMany(rows: { todoId: string; tagId: string }[]): Promise<void> {
    await insertRows(this.knex, 'todo_tags', rows, { onConflictIgnore: ['todoId', 'tagId'] });
  }

  async update(id: string, patch: Partial<TodoRow>): Promise<void> {
    await this.knex('todos').where({ id }).update(patch).options(PREPARE);
  }

  async delete(id: string): Promise<void> {
    await TodoModel.query(this.knex).deleteById(id);
  }

  async addTags(todoId: string, tagIds: string[]): Promise<void> {
    if (tagIds.length === 0) return;
    const rows = tagIds.map((tagId) => ({ todoId, tagId }));
    await this.knex('todo_tags').insert(rows).onConflict(['todoId', 'tagId']).ignore();
  }

  /** Sets the person's own tags on the todo (another member's tags on a shared todo stay). */
  async setTags(userId: string, todoId: string, tagIds: string[]): Promise<void> {
    await this.knex('todo_tags')
      .where({ todoId })
      .whereIn('tagId', this.knex('tags').where({ userId }).select('id'))
      .delete();
    await this.addTags(todoId, tagIds);
  }

  async forgetMembers(todoId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.knex('reminders').where({ todoId }).whereIn('userId', userIds).delete();
    await this.knex('todo_tags')
      .where({ todoId })
      .whereIn('tagId', this.knex('tags').whereIn('userId', userIds).select('id'))
      .delete();
  }

  async lastPosition(listId: string): Promise<string | null> {
    const row = (await this.knex('todos').where({ listId }).max('position as last').first()) as
      { last: string | null } | undefined;
    return row?.last ?? null;
  }

  async tagIdsOf(todoId: string): Promise<string[]> {
    const rows = (await this.knex('todo_tags').where({ todoId }).select('tagId')) as { tagId: string }[];
    return rows.map((r) => r.tagId);
  }

  async removeTag(todoId: string, tagId: string): Promise<boolean> {
    // RETURNING, not delete()'s count: PGlite's knex driver answers a result object there, and a
    // comparison with it said "nothing removed", so the removal never reached the change log.
    const gone = (await this.knex('todo_tags')
      .where({ todoId, tagId })
      .delete()
      .returning('tag_id')) as unknown[];
    return gone.length > 0;
  }

  /**
   * One page of todos in filter order, and where the next page starts (null on the last page): the
   * page and its todos in one statement, one round trip (issue 14: round trips, not the plans, were
   * what a list cost).
   */
  async page(userId: string, filter: TodoFilter, reuse?: PageReuse): Promise<TodoPage> {
    const sortSql = SORT_SQL[filter.sort];
    const sortBindings = filter.sort === 'rank' ? [filter.text ?? ''] : [];
    const direction = `${filter.order}${nullsLast(filter)}`;
    // A tag filter and a search are each two ways of reading, of which the statement runs one (TAGGED,
    // SEARCHED): a branch for each pair.
    const { tagIds, text } = filter;
    const tagWays = tagIds ? (['few', 'many'] as const) : [undefined];
    const textWays = text ? (['few', 'many'] as const) : [undefined];
    const ways = tagWays.flatMap((tagged) => textWays.map((searched) => [tagged, searched] as const));
    const candidates = ways.map(([tagged, searched]) => {
      const branch = this.keyedTodos(userId, filter, searched !== 'few')
        .orderByRaw(`${sortSql} ${direction}, t.id ${filter.order}`, sortBindings)
        .limit(filter.limit + 1, INLINE);
      if (tagged && tagIds) branch.whereRaw(TAGGED[tagged], [tagIds]);
      if (searched) branch.whereRaw(SEARCHED[searched]);
      return { branch, listByList: searched === 'few' };
    });
    const order = `c.key ${direction}, c.id ${filter.order}`;
    const query = this.knex.queryBuilder();
    if (tagIds) query.with('tagged', this.knex.raw(FEW, [tagIds]));
    if (text) query.with('searched', this.knex.raw(FEW_SEARCHED_SQL, [this.listsRead(userId, filter)]));
    query
      .select('c.id', 'c.key', this.knex.raw(`row_number() OVER (ORDER BY ${order}) AS place`))
      .from(this.visibleCandidates(userId, filter, candidates))
      .orderByRaw(order)
      .limit(filter.limit + 1, INLINE);
    const bindings = pageBindings(userId, filter.limit);
    const reusing = reuse && [userId, reuse.since, userId, reuse.since];
    // Only a search is merged: it reads (and ranks) every match, 1–11 ms in the API bench's mixed run
    // as the table grows, against 1.0–1.3 ms merged. A page read off a list's index stops at its end,
    // and a tag's todos are found by id: 0.5–0.9 ms, less than merging them (0.6–1.7 ms).
    const keyed = filter.text !== undefined;
    const merge = keyed && reuse?.merge;
    const result = (await (
      reusing
        ? this.knex.raw(merge ? PAGE_MERGING_JSON : keyed ? PAGE_REUSING_KEYED_JSON : PAGE_REUSING_JSON, [
            ...reusing,
            merge ? this.mergedPage(userId, filter, query, reuse.ids, merge) : query,
            reuse.ids,
            ...bindings,
          ])
        : this.knex.raw(keyed ? PAGE_KEYED_JSON : PAGE_JSON, [query, ...bindings])
    ).options(PREPARE)) as {
      rows: {
        id: string;
        key: unknown;
        key_text?: string | null;
        kept: boolean;
        merged: boolean;
        json: string | null;
        unsorted: boolean;
      }[];
    };
    const more = result.rows.length > filter.limit;
    const pageRows = result.rows.slice(0, filter.limit);
    const last = pageRows.at(-1);
    const beyond = result.rows[filter.limit];
    return {
      // As text: parsing the todos and writing them again was 15% of core-service's CPU for a page.
      items: pageRows.flatMap((r): TodoPage['items'] => {
        // Neither kept nor made (the JSON's own check found it not visible): left out.
        if (!r.kept && !r.json) return [];
        const json = r.json ? sortedText(r.json, r.unsorted) : null;
        return keyed ? [{ id: r.id, json, key: r.key_text ?? null }] : [{ id: r.id, json }];
      }),
      next: more && last ? { value: keysetValue(last.key), id: last.id } : null,
      ...(keyed && { beyond: beyond ? { id: beyond.id, key: beyond.key_text ?? null } : null }),
      merged: result.rows[0]?.merged ?? false,
    };
  }

  /**
   * The page query of a merge (PageMerge): the earlier page's rows (the one after its last too) less
   * the todos changed since, and the changed todos that the filter takes now with their keys, in page
   * order. Every todo not among them sorts after the earlier row after the last (a marker put right
   * behind it), so while `valid` holds and a page and one of them come before the marker (or the
   * earlier page was the last: no marker), they are the page's rows. Otherwise `full`, the page read
   * again. Binds: its own.
   */
  private mergedPage(
    userId: string,
    filter: TodoFilter,
    full: Knex.QueryBuilder,
    ids: string[],
    merge: PageMerge,
  ): Knex.Raw {
    const changed = this.keyedTodos(userId, filter)
      .whereRaw(`t.id = ANY(ARRAY(SELECT entity_id FROM changes WHERE entity = 'todo'))`)
      .whereRaw('t.list_id IN (?)', [this.listsRead(userId, filter)]);
    if (filter.tagIds) changed.whereRaw(`t.id IN (${TAGGED_IDS})`, [filter.tagIds]);
    const rows = merge.beyond ? [...ids, merge.beyond.id] : ids;
    const keys = merge.beyond ? [...merge.keys, merge.beyond.key] : merge.keys;
    const order = `key ${filter.order}${nullsLast(filter)}, id ${filter.order}, marker`;
    const size = filter.limit + 1;
    return this.knex.raw(
      `WITH earlier AS (
        SELECT e.id, e.key::${KEY_TYPE[filter.sort]} AS key, e.n
        FROM unnest(?::uuid[], ?::text[]) WITH ORDINALITY AS e(id, key, n)),
      merged AS (
        SELECT id, key, false AS marker FROM earlier WHERE id NOT IN (SELECT entity_id FROM changes)
        UNION ALL (?)
        UNION ALL SELECT id, key, true FROM earlier WHERE n > ?),
      ranked AS (SELECT id, key, marker, row_number() OVER (ORDER BY ${order}) AS place FROM merged),
      exact AS (
        SELECT (SELECT yes FROM valid) AND coalesce((SELECT place > ${size} FROM ranked WHERE marker), true) AS yes)
      SELECT id, key, place, true AS merged FROM ranked
      WHERE NOT marker AND place <= ${size} AND (SELECT yes FROM exact)
      UNION ALL SELECT f.id, f.key, f.place, false FROM (?) f WHERE NOT (SELECT yes FROM exact)`,
      [rows, keys as string[], changed.select(this.knex.raw('false AS marker')), ids.length, full],
    );
  }

  /**
   * The todos the filter takes past its keyset position, as (id, key) rows: a page's branches and a
   * merge's changed todos each add their own conditions. `indexed`: as applyFilter's.
   */
  private keyedTodos(userId: string, filter: TodoFilter, indexed = true): Knex.QueryBuilder {
    const sortSql = SORT_SQL[filter.sort];
    const sortBindings = filter.sort === 'rank' ? [filter.text ?? ''] : [];
    const rows = this.knex('todos as t').select('t.id', this.knex.raw(`${sortSql} as key`, sortBindings));
    applyFilter(rows, filter, userId, indexed);
    if (filter.after) applyKeyset(rows, filter, sortSql, sortBindings, filter.after);
    return rows;
  }

  /**
   * The first rows of the page from each list the person sees (`c`), read off that list's (list_id,
   * key, id) index and stopping at the page's end, so a page costs the same with 100 todos or 100,000
   * (20261206_0012). A text search instead reads its matches once from the (list_id, search) GIN
   * index, given the lists as an array so the index can take them (20261207_0014; as `IN (SELECT …)`
   * PostgreSQL read every person's matches and joined the lists afterwards), when it takes the index
   * (SEARCHED's many); testing each todo (few), it reads list by list as a list page does.
   * Without `list`, archived lists are left out: their todos show when the list is asked for.
   */
  private visibleCandidates(
    userId: string,
    filter: TodoFilter,
    candidates: { branch: Knex.QueryBuilder; listByList: boolean }[],
  ): Knex.Raw {
    // Branches of which one runs (a tag filter's two ways, TAGGED), each ordered and limited on its own.
    if (filter.text) {
      const all = candidates.map(({ listByList }) =>
        listByList ? '(SELECT b.id, b.key FROM (?) m CROSS JOIN LATERAL (?) b)' : '(?)',
      );
      return this.knex.raw(
        `(${all.join(' UNION ALL ')}) c`,
        candidates.flatMap(({ branch, listByList }) =>
          listByList
            ? [this.listsRead(userId, filter), branch.whereRaw('t.list_id = m.list_id')]
            : [branch.whereRaw('t.list_id = ANY(ARRAY(?))', [this.listsRead(userId, filter)])],
        ),
      );
    }
    const all = candidates.map(() => '(?)').join(' UNION ALL ');
    return this.knex.raw(`(?) m CROSS JOIN LATERAL (${all}) c`, [
      this.listsRead(userId, filter),
      ...candidates.map(({ branch }) => branch.whereRaw('t.list_id = m.list_id')),
    ]);
  }

  /** The lists a page reads: those named by `list` that the person sees, else all they see but archived ones. */
  private listsRead(userId: string, filter: TodoFilter): Knex.QueryBuilder {
    const lists = this.knex('list_members').where({ userId }).select('listId');
    if (filter.listIds) lists.whereIn('listId', filter.listIds);
    else lists.whereRaw(NOT_ARCHIVED);
    return lists;
  }

  /** `<mark>`-highlighted title and description; the text itself is HTML-escaped. */
  async highlights(
    ids: string[],
    text: string,
  ): Promise<Map<string, { title: string; description: string }>> {
    if (ids.length === 0) return new Map();
    const result = (await this.knex
      .raw(HIGHLIGHTS, [text, TITLE_MARKS, text, DESCRIPTION_MARKS, ids])
      .options(PREPARE)) as {
      rows: { id: string; h_title: string; h_description: string }[];
    };
    return new Map(
      result.rows.map((r) => [r.id, { title: markUp(r.h_title), description: markUp(r.h_description) }]),
    );
  }
}

/**
 * The `<mark>`s of a page's todos, one prepared statement for any number of them: as `id IN (…)`,
 * each page size was a text of its own, planned anew every time. Binds: the query, TITLE_MARKS, the
 * query, DESCRIPTION_MARKS, the ids.
 */
const HIGHLIGHTS = `SELECT id,
    ts_headline('simple', title, to_tsquery('simple', ?), ?) AS h_title,
    ts_headline('simple', description, to_tsquery('simple', ?), ?) AS h_description
  FROM todos WHERE id = ANY(?::uuid[])`;
const TITLE_MARKS = `StartSel=${OPEN}, StopSel=${CLOSE}, HighlightAll=true`;
const DESCRIPTION_MARKS = `StartSel=${OPEN}, StopSel=${CLOSE}, MaxFragments=2, MaxWords=24, MinWords=8`;

/**
 * Only the due date may be empty. Saying NULLS LAST for the other keys would change no order but keep
 * PostgreSQL from reading a descending page backwards off the (list_id, key, id) index: with 100,000
 * todos it sorted them all instead (~100 ms a page; 20261206_0012 has the due date's descending index).
 */
const nullsLast = (filter: TodoFilter) => (filter.sort === 'dueAt' ? ' NULLS LAST' : '');

/**
 * The todos (ids) carrying one of the viewer's tags whose name has a word starting with the term: a
 * few tags, then their todo_tags by tag id, read once per query. Binds: userId, term.
 */
const TAGGED_WITH = `SELECT tt.todo_id FROM tags g JOIN todo_tags tt ON tt.tag_id = g.id
  WHERE g.user_id = ? AND to_tsvector('simple', g.name) @@ to_tsquery('simple', ?)`;

/**
 * Below this many todos, a tag filter reads the tags' todos by id; from it on, in page order (TAGGED).
 * By id a page reads fewer todos than this; in page order, about (page size) × (todos in the list) /
 * this when the tagged todos are spread through the order (more when they gather at its far end).
 */
export const FEW_TAGGED = 1000;
/**
 * `tagged`, a CTE of the page: whether the tags have fewer than FEW_TAGGED todos, counted no further,
 * once for both ways. Binds: tagIds.
 */
const FEW = `SELECT count(*) < ${FEW_TAGGED} AS few FROM (SELECT FROM todo_tags WHERE tag_id = ANY(?::uuid[])
  LIMIT ${FEW_TAGGED}) f`;
/** The ids of the tags' todos. Binds: tagIds. */
const TAGGED_IDS = 'SELECT tt.todo_id FROM todo_tags tt WHERE tt.tag_id = ANY(?::uuid[])';
/**
 * A tag filter's two ways, of which the statement runs the one `tagged` picks (the other's one-time filter
 * is false, so it reads nothing). `few`: the tags' todos by id, then sorted: a tag on 10 of 100,000
 * todos took 88 ms read in page order, as the whole list was read to find them; by id, 1.4 ms.
 * `many`: the tags' todos as one hashed set, probed as a list's index is read in page order, stopping
 * at the page's end. As EXISTS, PostgreSQL probed todo_tags once per todo read: with 100,000 todos and
 * a tag on 1 in 10, some 2,500 probes (8,000 buffers) before a page sorted by due date had its 50. IS
 * TRUE keeps it from becoming that join again.
 */
const TAGGED = {
  few: `t.id = ANY(ARRAY(${TAGGED_IDS})) AND (SELECT few FROM tagged)`,
  many: `(t.id IN (${TAGGED_IDS})) IS TRUE AND NOT (SELECT few FROM tagged)`,
} as const;

/**
 * Below this many todos in the lists a search reads, it tests each of them against the words; from it
 * on, it reads the text index (SEARCHED).
 */
export const FEW_SEARCHED = 5000;
/**
 * `searched`, a CTE of a search page: whether the lists it reads hold fewer than FEW_SEARCHED todos,
 * counted no further, list by list (see SEARCHED). Binds: the lists (`listsRead`).
 */
const FEW_SEARCHED_SQL = `SELECT count(*) < ${FEW_SEARCHED} AS few FROM (SELECT FROM (?) m
  CROSS JOIN LATERAL (SELECT FROM todos t WHERE t.list_id = m.list_id LIMIT ${FEW_SEARCHED}) x
  LIMIT ${FEW_SEARCHED}) f`;
/**
 * A search's two ways, of which the statement runs the one `searched` picks. `many`: the matches from
 * the (list_id, search) text index. A word is searched as a prefix (`plumb:*`), and for a prefix GIN
 * first gathers every entry of every person that starts with it, then keeps the lists' own: with 490
 * people (523,000 todos) that was 7–10 ms for one person's 340 matches, against 1 ms with 10 people.
 * `few`: the lists' todos off a (list_id, …) index, each tested against the words (applyFilter
 * writes them so that the text index cannot take them): ~1.3 ms for 1,320 todos, whoever else is on
 * the server. It reads list by list (visibleCandidates), as a list page does: given the lists as an
 * array, which PostgreSQL cannot see when it plans, it guessed from the table's average list, and on a
 * server where a few lists hold most todos it read them all. A search of a person with 1,000 todos
 * beside five with 100,000, as the services run it (the generic plan, database.ts), took PostgreSQL
 * 16–27 ms and started two parallel workers; list by list it takes 7.8–8.2 ms and starts none.
 */
const SEARCHED = {
  few: '(SELECT few FROM searched)',
  many: 'NOT (SELECT few FROM searched)',
} as const;

/**
 * Every filter but the tags, which page() applies as one of TAGGED's ways per branch. `indexed`: the
 * words as the text index can take them (SEARCHED's many), else as a test of each todo read (few).
 */
function applyFilter(query: Knex.QueryBuilder, filter: TodoFilter, userId: string, indexed = true): void {
  if (filter.listIds) query.whereIn('t.listId', filter.listIds);
  if (filter.status) query.where('t.status', filter.status);
  if (filter.priorities) query.whereIn('t.priority', filter.priorities);
  // Every word matches the title, the description or the name of one of the viewer's tags on it
  // ("plumb" finds a todo tagged "plumbing"). The tagged ids as an array, which the primary key can
  // look up: PostgreSQL ORs that with the text index's matches, where `id IN (…)` made it test every
  // todo of every person (a sequential scan of the table for each search).
  for (const term of filter.terms ?? []) {
    const words = `(t.search @@ to_tsquery('simple', ?) OR t.id = ANY(ARRAY(${TAGGED_WITH})))`;
    query.whereRaw(indexed ? words : `${words} IS TRUE`, [term, userId, term]);
  }
  if (filter.dueNone) query.whereNull('t.dueAt');
  if (filter.dueFrom) query.where('t.dueAt', '>=', filter.dueFrom);
  if (filter.dueTo) query.where('t.dueAt', '<', filter.dueTo);
  if (filter.overdueAt) {
    // A todo due at a time is overdue from that time; one due on a date, once that date has ended.
    query
      .where('t.status', 'open')
      .whereRaw(`CASE WHEN t.all_day THEN ${DATE_ENDS} <= ? ELSE t.due_at < ? END`, [
        filter.overdueAt,
        filter.overdueAt,
      ]);
  }
}

/** Rows strictly after the cursor in (sort key, id) order; null keys sort last in both directions. */
function applyKeyset(
  query: Knex.QueryBuilder,
  filter: TodoFilter,
  sortSql: string,
  sortBindings: string[],
  after: KeysetPosition,
): void {
  const cmp = filter.order === 'asc' ? '>' : '<';
  const cast = filter.sort === 'priority' ? '::todo_priority' : filter.sort === 'rank' ? '::real' : '';
  if (after.value === null) {
    query.whereRaw(`${sortSql} IS NULL AND t.id ${cmp} ?`, [...sortBindings, after.id]);
    return;
  }
  const next = [`(${sortSql}, t.id) ${cmp} (?${cast}, ?)`, [...sortBindings, after.value, after.id]] as const;
  // A key that is never empty needs no OR, which would keep the index from bounding the scan.
  if (!nullsLast(filter)) {
    query.whereRaw(...next);
    return;
  }
  query.where((w) => w.whereRaw(...next).orWhereRaw(`${sortSql} IS NULL`, sortBindings));
}

function keysetValue(value: unknown): KeysetPosition['value'] {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value as string | number;
}

function markUp(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replaceAll(OPEN, '<mark>')
    .replaceAll(CLOSE, '</mark>');
}
