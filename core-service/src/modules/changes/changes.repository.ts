// Every write records itself twice in its own transaction: in the per-user change log (what sync
// pulls, with a monotonically increasing version) and in the outbox (what the relay publishes).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { originClient } from './origin.ts';

export type Entity = 'todo' | 'tag';
export type ChangeOp = 'upsert' | 'delete';

export interface OutboxEvent {
  topic: 'todo-events' | 'reminder-events';
  type: string;
  userId: string;
  data: Record<string, unknown>;
}

export class ChangeRepository {
  constructor(private readonly knex: Knex) {}

  /** Takes the person's row lock, so versions are handed out in commit order per person. */
  async nextVersion(userId: string): Promise<number> {
    const [row] = await this.knex('users')
      .where({ id: userId })
      .increment('change_version', 1)
      .returning('change_version');
    if (!row) throw new Error(`user ${userId} does not exist`);
    return (row as { changeVersion: number }).changeVersion;
  }

  async record(userId: string, version: number, entity: Entity, entityId: string, op: ChangeOp, at: Date) {
    await this.knex('change_log').insert({ userId, version, entity, entityId, op, at });
  }

  async isDeleted(userId: string, entity: Entity, entityId: string): Promise<boolean> {
    const row = await this.knex('change_log')
      .where({ userId, entity, entityId, op: 'delete' })
      .first('version');
    return row !== undefined;
  }

  async emit(event: OutboxEvent, at: Date): Promise<void> {
    await this.knex('outbox').insert({
      id: randomUUID(),
      topic: event.topic,
      type: event.type,
      partitionKey: event.userId,
      payload: JSON.stringify({ ...event.data, userId: event.userId, originClientId: originClient() }),
      createdAt: at,
    });
  }
}
