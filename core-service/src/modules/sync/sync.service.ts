// Sync: push applies a client's mutations in order, each at most once (its id is remembered in the
// same transaction as its change), each through the ordinary services so the rules are the same as
// the API's; a refused one is recorded as rejected and never blocks those after it. Pull returns the
// latest state of every entity changed since a cursor, tombstones included.
import {
  MutationPayloads,
  parseMutationPayload,
  type Change,
  type List,
  type Mutation,
  type MutationPayloadMap,
  type MutationResult,
  type MutationType,
  type PullQuery,
  type PullResult,
  type PushBody,
} from '@todo/contracts';
import { AppError, badRequest, JsonText } from '@todo/platform';
import type { UnitOfWork } from '../../db/store.ts';
import type { TagRepository } from '../tags/tags.repository.ts';
import type { TodoRepository } from '../todos/todos.repository.ts';
import type { ChangedEntity, SyncRepository } from './sync.repository.ts';
import { toAppError } from '@todo/platform';
import { withOriginClient } from '../changes/origin.ts';
import type { RemindersService } from '../reminders/reminders.service.ts';
import type { TagsService } from '../tags/tags.service.ts';
import type { TodosService } from '../todos/todos.service.ts';
import type { ListsService } from '../lists/lists.service.ts';
import type { SubtasksService } from '../subtasks/subtasks.service.ts';
import { toList, type ListRepository } from '../lists/lists.repository.ts';
import { mutationHandlers, runMutation, type MutationHandlers } from './mutation-handlers.ts';

export const DEFAULT_PULL_LIMIT = 500;

/** A push this large is part of a backlog (the PWA sends up to 1,000 a batch): the relay lets it pass. */
const BULK_PUSH = 100;

/** The repositories sync works with beside the services it applies mutations through. */
export interface SyncRepositories {
  sync: SyncRepository;
  todos: Pick<TodoRepository, 'loadForSyncText'>;
  tags: Pick<TagRepository, 'list'>;
  lists: Pick<ListRepository, 'memberships' | 'members'>;
}

export class SyncService {
  private readonly handlers: MutationHandlers;

  constructor(
    private readonly uow: UnitOfWork<SyncRepositories>,
    private readonly services: {
      todos: TodosService;
      tags: TagsService;
      reminders: RemindersService;
      lists: ListsService;
      subtasks: SubtasksService;
    },
    private readonly now: () => Date = () => new Date(),
  ) {
    this.handlers = mutationHandlers(services);
  }

  async push(userId: string, body: PushBody): Promise<{ results: MutationResult[] }> {
    // One transaction for the batch, a savepoint per mutation: a refused mutation rolls back alone.
    const results = await withOriginClient(body.clientId, () =>
      this.uow.transaction(
        async () => {
          const results: MutationResult[] = [];
          for (const run of runs(body.mutations)) {
            const together = run.length > 1 && (await this.createTogether(userId, body.clientId, run));
            if (together) results.push(...together);
            else for (const mutation of run) results.push(await this.apply(userId, body.clientId, mutation));
          }
          return results;
        },
        body.mutations.length >= BULK_PUSH ? { bulkFor: userId } : {},
      ),
    );
    return { results };
  }

  /**
   * A run of new todos (what an offline device queues most) is created in one savepoint with a fixed
   * number of statements. If anything in it is off (seen before, refused, an id taken), the run goes
   * one by one instead, which gives each mutation its own answer.
   */
  private async createTogether(
    userId: string,
    clientId: string,
    run: Mutation[],
  ): Promise<MutationResult[] | null> {
    const payloads = run.map((m) => MutationPayloads['todo.create'].safeParse(m.payload));
    if (payloads.some((p) => !p.success)) return null;
    if (
      (
        await this.uow.current.sync.appliedAmong(
          userId,
          run.map((m) => m.id),
        )
      ).length > 0
    )
      return null;
    const at = this.now();
    try {
      await this.uow.transaction(async () => {
        await this.services.todos.createMany(
          userId,
          payloads.map((p) => p.data!),
          run.map((m) => m.createdAt),
        );
        await this.uow.current.sync.rememberMany(
          run.map((m) => ({
            userId,
            mutationId: m.id,
            clientId,
            type: m.type,
            status: 'applied' as const,
            at,
          })),
        );
      });
    } catch (err) {
      if (toAppError(err)) return null;
      throw err;
    }
    return run.map((m) => ({ id: m.id, status: 'applied' }));
  }

  private async apply(userId: string, clientId: string, mutation: Mutation): Promise<MutationResult> {
    const seen = await this.uow.current.sync.applied(userId, mutation.id);
    if (seen)
      return {
        id: mutation.id,
        status: seen.status === 'applied' ? 'duplicate' : 'rejected',
        ...(seen.problem ? { problem: seen.problem } : {}),
      };
    const at = this.now();
    const record = { userId, mutationId: mutation.id, clientId, type: mutation.type, at };
    try {
      await this.uow.transaction(async () => {
        const { type } = mutation;
        await runMutation(this.handlers, userId, type, parsePayload(type, mutation.payload), mutation);
        await this.uow.current.sync.remember({ ...record, status: 'applied' });
      });
      return { id: mutation.id, status: 'applied' };
    } catch (err) {
      const known = toAppError(err);
      if (!known || known.status >= 500) throw err;
      const problem = { type: known.type, status: known.status, detail: known.message };
      await this.uow.current.sync.remember({ ...record, status: 'rejected', problem });
      return { id: mutation.id, status: 'rejected', problem };
    }
  }

  /**
   * A page of changes (PullResult), written as JSON here: each todo goes out as the database's JSON text
   * (see loadForSyncText) rather than parsed and written again.
   */
  async pull(userId: string, query: PullQuery): Promise<JsonText> {
    const cursor = query.cursor ?? 0;
    const limit = query.limit ?? DEFAULT_PULL_LIMIT;
    const { horizon, version } = await this.uow.current.sync.horizon(userId);
    if (cursor > 0 && cursor < horizon) return pullPage([], 0, true, true);
    if (cursor > version) throw badRequest('cursor is ahead of the server; pull again from 0');
    const rows = await this.uow.current.sync.changesSince(userId, cursor, limit);
    const page = rows.slice(0, limit);
    const todoIds = page.filter((r) => r.entity === 'todo' && r.op === 'upsert').map((r) => r.entityId);
    const todos = await this.uow.current.todos.loadForSyncText(userId, todoIds);
    const tags = new Map((await this.uow.current.tags.list(userId)).map((t) => [t.id, t]));
    const lists = await listsOfPage(this.uow.current, userId, page);
    const changes = page.map((r): string => {
      if (r.entity === 'list') {
        const list = r.op === 'upsert' ? (lists.get(r.entityId) ?? null) : null;
        const change: Change = {
          entity: 'list',
          id: r.entityId,
          version: r.version,
          deleted: list === null,
          list,
        };
        return JSON.stringify(change);
      }
      if (r.entity === 'todo') {
        const todo = r.op === 'upsert' ? todos.get(r.entityId) : undefined;
        const head = { entity: 'todo', id: r.entityId, version: r.version, deleted: todo === undefined };
        return `${JSON.stringify(head).slice(0, -1)},"todo":${todo ?? 'null'}}`;
      }
      const tag = r.op === 'upsert' ? (tags.get(r.entityId) ?? null) : null;
      const change: Change = {
        entity: 'tag',
        id: r.entityId,
        version: r.version,
        deleted: tag === null,
        tag,
      };
      return JSON.stringify(change);
    });
    const more = rows.length > limit;
    return pullPage(changes, more ? page.at(-1)!.version : Math.max(cursor, version), more, false);
  }
}

/** The person's view of the lists a page names (those they are no longer in are absent). */
async function listsOfPage(r: SyncRepositories, userId: string, page: ChangedEntity[]) {
  const ids = page.filter((c) => c.entity === 'list' && c.op === 'upsert').map((c) => c.entityId);
  if (ids.length === 0) return new Map<string, List>();
  const mine = await r.lists.memberships(userId, ids);
  const members = await r.lists.members(mine.map((m) => m.id));
  return new Map(mine.map((m) => [m.id, toList(m, members.get(m.id) ?? [])]));
}

/** PullResult's JSON around changes already written as JSON. */
function pullPage(changes: string[], cursor: number, more: boolean, reset: boolean): JsonText {
  const rest: Omit<PullResult, 'changes'> = { cursor, more, reset };
  return new JsonText(`{"changes":[${changes.join(',')}],${JSON.stringify(rest).slice(1)}`);
}

/** Splits the queue into runs of consecutive creates (at most 1,000) and single other mutations. */
function* runs(mutations: Mutation[]): Generator<Mutation[]> {
  let run: Mutation[] = [];
  for (const m of mutations) {
    if (m.type === 'todo.create' && run.length < 1000) {
      run.push(m);
      continue;
    }
    if (run.length > 0) yield run;
    run = [];
    if (m.type === 'todo.create') run.push(m);
    else yield [m];
  }
  if (run.length > 0) yield run;
}

function parsePayload<K extends MutationType>(type: K, payload: unknown): MutationPayloadMap[K] {
  const result = parseMutationPayload(type, payload);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new AppError(
    'validation-error',
    400,
    `${type}: ${first ? `${first.path.join('.') || 'payload'}: ${first.message}` : 'invalid payload'}`,
  );
}
