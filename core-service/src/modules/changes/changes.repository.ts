// Every write records itself twice in its own transaction: in the per-user change log (what sync
// pulls, with a monotonically increasing version) and in the outbox (what the relay publishes). A new
// todo in the Inbox does both in the statement that inserts it (todos.repository.ts, createInInbox).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { snakeCaseMappers } from 'objection';
import type { OutboxEvent } from '@todo/contracts';
import { currentTraceparent, insertRows, PREPARE } from '@todo/platform';
import { originClient } from './origin.ts';

export type { OutboxEvent } from '@todo/contracts';

export type Entity = 'todo' | 'tag' | 'list';
/** `revoke`: the person can no longer see it (left the list, or it moved to a list they are not in). */
export type ChangeOp = 'upsert' | 'delete' | 'revoke';

/** The change log and the outbox as services use them (ChangeRepository on the database). */
export interface ChangeLog {
  nextVersion(userId: string): Promise<number>;
  nextVersions(userId: string, n: number): Promise<number>;
  /** nextVersions, with the person's defaults for new todos read by the same statement. */
  nextVersionsWithDefaults(userId: string, n: number): Promise<{ first: number; defaults: TodoDefaults }>;
  lockPerson(userId: string): Promise<void>;
  recordMany(userId: string, rows: ChangeRow[]): Promise<void>;
  deletedAmong(userId: string, entity: Entity, ids: string[]): Promise<string[]>;
  /** The person's name, for the events other members of a shared list get. */
  nameOf(userId: string): Promise<string>;
  /** Everyone in the list (or the list of the todo), in id order: whose change logs a change goes to. */
  audience(of: { listId: string } | { todoId: string }): Promise<string[]>;
  isDeleted(userId: string, entity: Entity, entityId: string): Promise<boolean>;
  emit(event: OutboxEvent, at: Date): Promise<void>;
  emitMany(events: OutboxEvent[], at: Date): Promise<void>;
  /** recordMany and emitMany in one statement: what nearly every write ends with. */
  recordAndEmit(userId: string, rows: ChangeRow[], events: OutboxEvent[], at: Date): Promise<void>;
}

/** What a new todo of a person takes when it does not say: their zone and reminder time. */
export interface TodoDefaults {
  timeZone: string;
  /** HH:MM: when an all-day todo reminds on its date. */
  reminderTime: string;
}

/** The defaults of a person who has not set theirs (and of todos that need none). */
export const FALLBACK_TODO_DEFAULTS: TodoDefaults = { timeZone: 'UTC', reminderTime: '09:00' };

export interface ChangeRow {
  version: number;
  entity: Entity;
  entityId: string;
  op: ChangeOp;
  at: Date;
}

export class ChangeRepository implements ChangeLog {
  constructor(private readonly knex: Knex) {}

  /** Takes the person's row lock, so versions are handed out in commit order per person. */
  async nextVersion(userId: string): Promise<number> {
    return this.nextVersions(userId, 1);
  }

  /** Takes the person's row lock: their writes then run one after another until this transaction ends. */
  async lockPerson(userId: string): Promise<void> {
    await this.knex('users').where({ id: userId }).forUpdate().first('id');
  }

  /** Hands out `n` consecutive versions; returns the first. */
  async nextVersions(userId: string, n: number): Promise<number> {
    // One statement for both: the defaults are two columns of the row it updates anyway.
    return (await this.nextVersionsWithDefaults(userId, n)).first;
  }

  async nextVersionsWithDefaults(
    userId: string,
    n: number,
  ): Promise<{ first: number; defaults: TodoDefaults }> {
    const [row] = (await this.knex('users')
      .where({ id: userId })
      .increment('change_version', n)
      .returning(['change_version', 'time_zone', 'default_reminder_time'])
      .options(PREPARE)) as {
      changeVersion: number;
      timeZone: string;
      defaultReminderTime: string;
    }[];
    if (!row) throw new Error(`user ${userId} does not exist`);
    // Both columns are NOT NULL (migrations 0001 and 0005): what is stored is what applies.
    return {
      first: row.changeVersion - n + 1,
      defaults: { timeZone: row.timeZone, reminderTime: row.defaultReminderTime },
    };
  }

  async recordMany(userId: string, rows: ChangeRow[]): Promise<void> {
    await insertRows(
      this.knex,
      'change_log',
      rows.map((r) => ({ userId, ...r })),
    );
  }

  /** Which of these ids were deleted (they are never reused). */
  async deletedAmong(userId: string, entity: Entity, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = (await this.knex('change_log')
      .where({ userId, entity, op: 'delete' })
      .whereRaw('?? = ANY(?::uuid[])', ['entityId', ids])
      .select('entityId')) as { entityId: string }[];
    return rows.map((r) => r.entityId);
  }

  async nameOf(userId: string): Promise<string> {
    const row = (await this.knex('users').where({ id: userId }).first('name')) as
      { name: string } | undefined;
    return row?.name ?? '';
  }

  async audience(of: { listId: string } | { todoId: string }): Promise<string[]> {
    const query = this.knex('list_members as m').orderBy('m.userId').select('m.userId');
    if ('listId' in of) query.where('m.listId', of.listId);
    else query.join('todos as t', 't.listId', 'm.listId').where('t.id', of.todoId);
    return ((await query) as { userId: string }[]).map((r) => r.userId);
  }

  async emitMany(events: OutboxEvent[], at: Date): Promise<void> {
    await insertRows(this.knex, 'outbox', outboxRows(events, at));
  }

  async recordAndEmit(userId: string, rows: ChangeRow[], events: OutboxEvent[], at: Date): Promise<void> {
    // A write's last two inserts as one round trip; a bulk write's thousands go in chunks as before.
    if (rows.length + events.length > RECORD_AND_EMIT_MAX) {
      await this.recordMany(userId, rows);
      await this.emitMany(events, at);
      return;
    }
    // Column names as insertRows writes them (knexSnakeCaseMappers' format).
    const changes = rows.map((r) => toColumns({ userId, ...r }));
    const outbox = outboxColumns(events, at);
    await this.knex.raw(RECORD_AND_EMIT, [JSON.stringify(changes), JSON.stringify(outbox)]).options(PREPARE);
  }

  async isDeleted(userId: string, entity: Entity, entityId: string): Promise<boolean> {
    return (await this.deletedAmong(userId, entity, [entityId])).length > 0;
  }

  async emit(event: OutboxEvent, at: Date): Promise<void> {
    await this.emitMany([event], at);
  }
}

const { format: toColumns } = snakeCaseMappers();

/** Past this many rows, recordAndEmit inserts in insertRows' chunks. */
const RECORD_AND_EMIT_MAX = 200;

/** The change-log rows and the outbox events of a write (snake_case JSON). Binds: changes, events. */
const RECORD_AND_EMIT = `WITH c AS (
    INSERT INTO change_log (user_id, version, entity, entity_id, op, at)
    SELECT user_id, version, entity, entity_id, op, at FROM json_populate_recordset(NULL::change_log, ?::json))
  INSERT INTO outbox (id, topic, type, partition_key, payload, created_at, traceparent)
  SELECT id, topic, type, partition_key, payload, created_at, traceparent
  FROM json_populate_recordset(NULL::outbox, ?::json)`;

/** An event as a statement completes it (todos.repository's Inbox writes add the title they wrote). */
export type EventDraft = Pick<OutboxEvent, 'topic' | 'type' | 'userId'> & { data: object };

/** The outbox rows of events with the table's column names, for a statement that inserts JSON. */
export function outboxColumns(events: EventDraft[], at: Date): Record<string, unknown>[] {
  return outboxRows(events, at).map((e) => toColumns(e));
}

/** Outbox rows for events: the origin device and the request's trace (which relay and consumers continue). */
function outboxRows(events: EventDraft[], at: Date) {
  const origin = originClient();
  const traceparent = currentTraceparent() ?? null;
  return events.map((event) => ({
    id: randomUUID(),
    topic: event.topic,
    type: event.type,
    partitionKey: event.userId,
    payload: { ...event.data, userId: event.userId, originClientId: origin },
    createdAt: at,
    traceparent,
  }));
}
