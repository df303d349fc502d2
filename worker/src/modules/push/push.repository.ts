// The only file that knows how push subscriptions are stored.
import { randomUUID } from 'node:crypto';
import type { Knex } from '../../db/knex.ts';

export interface StoredSubscription {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  createdAt: Date;
  lastSuccessAt: Date | null;
}

export interface NewSubscription {
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export class PushSubscriptionRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * Keeps the subscription by its endpoint: the same person's browser subscribing again refreshes its
   * keys. An endpoint that belongs to someone else is left alone (answers false): posting a known
   * endpoint with other keys must never take another person's subscription over.
   */
  async upsert(sub: NewSubscription, now: Date): Promise<boolean> {
    const rows = (await this.knex('pushSubscriptions')
      .insert({ id: randomUUID(), ...sub, createdAt: now })
      .onConflict('endpoint')
      .merge(['p256dh', 'auth'])
      .where('pushSubscriptions.userId', sub.userId)
      .returning('id')) as { id: string }[];
    return rows.length > 0;
  }

  /** Deletes this person's oldest subscriptions beyond `keep`. */
  async trim(userId: string, keep: number): Promise<number> {
    const stale = this.knex('pushSubscriptions')
      .where({ userId })
      .orderBy([
        { column: 'createdAt', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(keep)
      .select('id');
    return this.knex('pushSubscriptions').whereIn('id', stale).delete();
  }

  async deleteOwned(userId: string, endpoint: string): Promise<number> {
    return this.knex('pushSubscriptions').where({ userId, endpoint }).delete();
  }

  /** Deletes the row only while it still holds this endpoint (a 404/410 answer about that endpoint). */
  async deleteIfEndpoint(id: string, endpoint: string): Promise<number> {
    return this.knex('pushSubscriptions').where({ id, endpoint }).delete();
  }

  async countForUser(userId: string): Promise<number> {
    const row = (await this.knex('pushSubscriptions').where({ userId }).count({ n: '*' }).first()) as
      { n: string | number } | undefined;
    return Number(row?.n ?? 0);
  }

  async listForUser(userId: string): Promise<StoredSubscription[]> {
    return this.knex('pushSubscriptions')
      .where({ userId })
      .orderBy('createdAt')
      .select('id', 'userId', 'endpoint', 'p256dh', 'auth', 'createdAt', 'lastSuccessAt');
  }

  async markSuccess(id: string, at: Date): Promise<void> {
    await this.knex('pushSubscriptions').where({ id }).update({ lastSuccessAt: at });
  }
}
