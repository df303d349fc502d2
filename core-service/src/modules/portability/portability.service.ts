// Export, import and the calendar feed (docs/portability.md). Import writes through the lists, tags and
// todos services, so every rule, change-log entry and event of an ordinary create applies, all in one
// transaction. Its ids are derived from the person and the source (UUIDv5), so running the same import
// again creates nothing twice, and it only ever creates: it never writes into a list it did not make.
import { createHash, randomUUID } from 'node:crypto';
import {
  EXPORT_VERSION,
  TodoCreate,
  type CoreImportBody,
  type ExportDocument,
  type FieldError,
  type ImportDocument,
  type ImportResult,
  type ImportTodo,
  type ReminderCreate,
  type Todo,
} from '@todo/contracts';
import { FeedToken } from '@todo/contracts';
import { notFound } from '@todo/platform';
import { v5 as uuidv5 } from 'uuid';
import type { UnitOfWork } from '../../db/store.ts';
import type { ChangeRepository } from '../changes/changes.repository.ts';
import { inboxOf } from '../lists/placement.ts';
import type { ListRepository } from '../lists/lists.repository.ts';
import type { ListsService } from '../lists/lists.service.ts';
import type { TagRepository } from '../tags/tags.repository.ts';
import type { TagsService } from '../tags/tags.service.ts';
import type { TodoRepository } from '../todos/todos.repository.ts';
import type { TodosService } from '../todos/todos.service.ts';
import type { NewTodo } from '../todos/todo-create.ts';
import type { UserRepository } from '../users/users.repository.ts';
import { buildCalendar } from './calendar.ts';
import type { FeedTokens } from './feed-tokens.ts';
import type { PortabilityRepository } from './portability.repository.ts';
import { todoistToDocument } from './todoist-csv.ts';
import { unprocessable } from './unprocessable.ts';

export interface PortabilityRepositories {
  portability: PortabilityRepository;
  todos: TodoRepository;
  tags: TagRepository;
  lists: ListRepository;
  changes: ChangeRepository;
  users: UserRepository;
}

export interface PortabilityServices {
  lists: ListsService;
  tags: TagsService;
  todos: TodosService;
}

/** The list a Todoist file goes into when the request names none. */
export const DEFAULT_TODOIST_LIST = 'Imported from Todoist';
/** Todos loaded per query when exporting. */
const LOAD_CHUNK = 2000;
/** Events a feed holds at most (the soonest due). */
const FEED_LIMIT = 5000;

export class PortabilityService {
  constructor(
    private readonly uow: UnitOfWork<PortabilityRepositories>,
    private readonly services: PortabilityServices,
    private readonly tokens: FeedTokens,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The person's lists (their own and those shared with them), every todo in them, and their tags. */
  async export(userId: string): Promise<ExportDocument> {
    const lists = (await this.services.lists.list(userId)).map(({ members: _, ...list }) => list);
    const r = this.uow.current;
    const todos = await this.load(r, userId, await r.portability.visibleTodoIds(userId));
    const tags = await r.tags.list(userId);
    return { version: EXPORT_VERSION, exportedAt: this.now().toISOString(), lists, todos, tags };
  }

  async import(userId: string, body: CoreImportBody): Promise<ImportResult> {
    const now = this.now();
    const source =
      body.format === 'json'
        ? { key: 'json', document: body.document }
        : {
            key: `todoist:${createHash('sha256').update(body.csv).digest('hex')}`,
            document: todoistToDocument(body.csv, {
              list: body.list ?? DEFAULT_TODOIST_LIST,
              timeZone: await this.uow.current.users.timeZoneOf(userId),
              now,
            }),
          };
    const doc = source.document;
    assertUniqueIds(doc);
    // The same source record always gets the same id for this person: a repeated import finds its
    // records there and leaves them be.
    const idOf = (kind: string, ref: string) => uuidv5(`${source.key}:${kind}:${ref}`, userId);
    return this.uow.transaction(async (r) => {
      await r.changes.lockPerson(userId);
      const tagIds = new Map<string, string>();
      const known = new Map((await r.tags.list(userId)).map((t) => [t.name.toLowerCase(), t.id]));
      let tagsMade = 0;
      for (const tag of doc.tags) {
        let id = known.get(tag.name.toLowerCase());
        if (!id) {
          id = (
            await this.services.tags.create(userId, {
              id: idOf('tag', tag.id),
              name: tag.name,
              color: tag.color,
            })
          ).id;
          known.set(tag.name.toLowerCase(), id);
          tagsMade++;
        }
        tagIds.set(tag.id, id);
      }
      const inbox = await inboxOf(r, userId);
      const listIds = new Map<string, string>();
      let listsMade = 0;
      // In the file's sidebar order, each after the person's last list: made without a position.
      for (const list of inManualOrder(doc.lists, (list) => list)) {
        const id = idOf('list', list.id);
        if (list.inbox || (await r.changes.deletedAmong(userId, 'list', [id])).length > 0) {
          listIds.set(list.id, inbox);
          continue;
        }
        listIds.set(list.id, id);
        if (await r.lists.membership(userId, id)) continue;
        const { color, icon } = list;
        await this.services.lists.create(userId, { id, name: list.name, color, icon });
        if (list.archived) await this.services.lists.update(userId, id, { archived: true });
        listsMade++;
      }
      const ids = doc.todos.map((t) => idOf('todo', t.id));
      const there = new Set([
        ...(await r.todos.existing(ids)),
        ...(await r.changes.deletedAmong(userId, 'todo', ids)),
      ]);
      // In manual order, so those going into the Inbox (which has todos of its own) follow them in it.
      const fresh = inManualOrder(
        doc.todos.map((todo, i) => ({ todo, i, id: ids[i]! })),
        (f) => f.todo,
      ).filter(({ id }) => !there.has(id));
      const errors: FieldError[] = [];
      const inputs: NewTodo[] = [];
      for (const { todo, i, id } of fresh) {
        const parsed = TodoCreate.safeParse(toCreate(todo, { tagIds, listIds, inbox }, now));
        if (parsed.success) inputs.push({ ...parsed.data, id });
        else
          for (const issue of parsed.error.issues)
            errors.push({ path: ['todos', i, ...issue.path].map(String).join('.'), message: issue.message });
      }
      if (errors.length > 0)
        throw unprocessable(
          `${errors.length} field(s) of the import cannot be taken; nothing was imported`,
          errors.slice(0, 50),
        );
      if (inputs.length > 0) await this.services.todos.createMany(userId, inputs);
      await r.portability.markDone(
        fresh
          .filter(({ todo }) => todo.status === 'done')
          .map(({ todo, id }) => ({ id, completedAt: todo.completedAt ? new Date(todo.completedAt) : now })),
      );
      return { lists: listsMade, todos: inputs.length, tags: tagsMade };
    });
  }

  /** The person's feed token, made on first use; the same one until revoked. */
  async calendarToken(userId: string): Promise<{ token: string }> {
    return this.uow.transaction(async (r) => {
      let feed = await r.portability.feedOf(userId);
      if (!feed) {
        const feedId = randomUUID();
        const tokenHash = this.tokens.hash(this.tokens.tokenFor(feedId));
        await r.portability.insertFeed({ userId, feedId, tokenHash, createdAt: this.now() });
        feed = (await r.portability.feedOf(userId))!;
      }
      return { token: this.tokens.tokenFor(feed.feedId) };
    });
  }

  async revokeCalendar(userId: string): Promise<void> {
    await this.uow.current.portability.deleteFeed(userId);
  }

  /** The feed of a token as RFC 5545 text; 404 for a token that is malformed, unknown or revoked. */
  async calendarFeed(token: string): Promise<string> {
    const gone = () => notFound('Calendar feed');
    if (!FeedToken.safeParse(token).success) throw gone();
    const r = this.uow.current;
    const feed = await r.portability.feedByHash(this.tokens.hash(token));
    if (!feed || !this.tokens.matches(token, feed.feedId)) throw gone();
    const user = await r.users.findById(feed.userId);
    if (!user) throw gone();
    const todos = await this.load(
      r,
      feed.userId,
      await r.portability.datedOpenTodoIds(feed.userId, FEED_LIMIT),
    );
    return buildCalendar(todos, { name: 'Todos', timeZone: user.timeZone });
  }

  private async load(r: PortabilityRepositories, userId: string, ids: string[]): Promise<Todo[]> {
    const todos: Todo[] = [];
    for (let i = 0; i < ids.length; i += LOAD_CHUNK)
      todos.push(...(await r.todos.loadMany(userId, ids.slice(i, i + LOAD_CHUNK))));
    return todos;
  }
}

/**
 * Records in the order a person saw them: by position (byte order, as the database's COLLATE "C"),
 * ties by their id as the server breaks them, those without a position last in the file's order.
 */
function inManualOrder<T>(items: T[], recordOf: (item: T) => { id: string; position?: string }): T[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...items].sort((x, y) => {
    const a = recordOf(x);
    const b = recordOf(y);
    if (!a.position || !b.position) return a.position ? -1 : b.position ? 1 : 0;
    return compare(a.position, b.position) || compare(a.id, b.id);
  });
}

/** Two records of one kind with the same id would be one record: refused rather than guessed at. */
function assertUniqueIds(doc: ImportDocument): void {
  for (const kind of ['lists', 'tags', 'todos'] as const) {
    const seen = new Set<string>();
    doc[kind].forEach((record, i) => {
      if (seen.has(record.id))
        throw unprocessable(`${kind}.${i}.id: ${record.id} appears twice in the import`, [
          { path: `${kind}.${i}.id`, message: 'appears twice' },
        ]);
      seen.add(record.id);
    });
  }
}

interface Mapping {
  tagIds: Map<string, string>;
  listIds: Map<string, string>;
  inbox: string;
}

/**
 * A todo of the document as a create. It keeps its position in a list the import makes; into the Inbox
 * (and a list the person deleted since) it goes after what is there, the caller giving them in order.
 * Reminders come only for open todos and only those still to come
 * (one already sent or past would fire at once); the assignee is not carried (the other member is not
 * in the importing account), nor ids of subtasks and reminders (new ones are made).
 */
function toCreate(todo: ImportTodo, map: Mapping, now: Date): unknown {
  const reminders: ReminderCreate[] =
    todo.status === 'done'
      ? []
      : todo.reminders
          .filter((rem) => rem.sentAt === null && Date.parse(rem.remindAt) > now.getTime())
          .map((rem) =>
            rem.timeOfDay !== null
              ? { timeOfDay: rem.timeOfDay }
              : rem.offsetMinutes !== null
                ? { offsetMinutes: rem.offsetMinutes }
                : { remindAt: rem.remindAt },
          );
  const recurrence = todo.recurrence && {
    type: todo.recurrence.type,
    ...(todo.recurrence.rrule ? { rrule: todo.recurrence.rrule } : {}),
    until: todo.recurrence.until,
    count: todo.recurrence.count,
    fromCompletion: todo.recurrence.fromCompletion,
  };
  const listId = (todo.listId && map.listIds.get(todo.listId)) ?? map.inbox;
  return {
    title: todo.title,
    description: todo.description,
    priority: todo.priority,
    dueAt: todo.dueAt,
    allDay: todo.allDay,
    ...(todo.timeZone ? { timeZone: todo.timeZone } : {}),
    tagIds: [...new Set(todo.tags.flatMap((t) => map.tagIds.get(t.id) ?? []))],
    recurrence,
    reminders,
    listId,
    ...(todo.position && listId !== map.inbox ? { position: todo.position } : {}),
    subtasks: todo.subtasks.map((s) => ({
      title: s.title,
      done: s.done,
      ...(s.position ? { position: s.position } : {}),
    })),
  };
}
