// The only file that knows how sent notifications are remembered (table notification_deliveries).
import { createHash } from 'node:crypto';
import type { Knex } from '../../db/knex.ts';

export type Channel = 'push' | 'email';

/** One firing of one reminder: a snoozed reminder fires again with a new remindAt. */
export interface Firing {
  reminderId: string;
  remindAt: string;
  eventId: string;
  userId: string;
}

export const targetKey = (target: string) => createHash('sha256').update(target).digest('hex');

export class DeliveryRepository {
  constructor(private readonly knex: Knex) {}

  /** The targets (as keys) this firing already reached, or gave up on, on this channel. */
  async done(firing: Firing, channel: Channel): Promise<Set<string>> {
    const rows = (await this.knex('notificationDeliveries')
      .where({ reminderId: firing.reminderId, remindAt: new Date(firing.remindAt), channel })
      .select('targetKey')) as { targetKey: string }[];
    return new Set(rows.map((r) => r.targetKey));
  }

  async record(
    firing: Firing,
    channel: Channel,
    target: string,
    status: 'sent' | 'failed',
    at: Date,
    detail?: string,
  ): Promise<void> {
    await this.knex('notificationDeliveries')
      .insert({
        reminderId: firing.reminderId,
        remindAt: new Date(firing.remindAt),
        channel,
        targetKey: targetKey(target),
        eventId: firing.eventId,
        userId: firing.userId,
        status,
        detail: detail?.slice(0, 500) ?? null,
        at,
      })
      .onConflict(['reminderId', 'remindAt', 'channel', 'targetKey'])
      .ignore();
  }

  /** Whether this firing reached any target on any channel. */
  async anySent(firing: Pick<Firing, 'reminderId' | 'remindAt'>): Promise<boolean> {
    const row = await this.knex('notificationDeliveries')
      .where({ reminderId: firing.reminderId, remindAt: new Date(firing.remindAt), status: 'sent' })
      .first('id');
    return row !== undefined;
  }

  /** How many targets on each channel this firing reached. */
  async sentCounts(firing: Pick<Firing, 'reminderId' | 'remindAt'>): Promise<Record<Channel, number>> {
    const rows = (await this.knex('notificationDeliveries')
      .where({ reminderId: firing.reminderId, remindAt: new Date(firing.remindAt), status: 'sent' })
      .groupBy('channel')
      .select('channel')
      .count({ n: '*' })) as { channel: Channel; n: string | number }[];
    const counts = { push: 0, email: 0 };
    for (const row of rows) counts[row.channel] = Number(row.n);
    return counts;
  }

  /** Deliveries are kept a while for support questions, then forgotten. */
  async prune(before: Date): Promise<number> {
    return this.knex('notificationDeliveries').where('at', '<', before).delete();
  }
}
