// Push subscriptions of a person: keep, forget, and the VAPID public key browsers subscribe with.
import type { PushSubscriptionBody } from '@todo/contracts';
import { badRequest, conflict } from '@todo/platform';
import type { PushEndpointPolicy } from './endpoint-policy.ts';
import { assertUsableKeys } from './push-keys.ts';
import type { PushSubscriptionRepository } from './push.repository.ts';

/** Beyond this many devices, the oldest subscription goes: one person cannot fan out without bound. */
export const MAX_SUBSCRIPTIONS_PER_PERSON = 20;

export class PushSubscriptionsService {
  constructor(
    private readonly subscriptions: PushSubscriptionRepository,
    private readonly vapidPublicKey: string,
    private readonly policy: PushEndpointPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  publicKey(): { key: string } {
    return { key: this.vapidPublicKey };
  }

  async subscribe(userId: string, body: PushSubscriptionBody): Promise<void> {
    const refusal = this.policy.refusal(body.endpoint);
    if (refusal) {
      throw badRequest(`The push endpoint ${refusal}`, [{ path: 'endpoint', message: refusal }]);
    }
    assertUsableKeys(body.keys);
    const kept = await this.subscriptions.upsert(
      { userId, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth },
      this.now(),
    );
    // A browser forgets its subscription when its person signs out (the PWA unsubscribes), so the
    // next person on that device subscribes with a new endpoint; an endpoint still held by someone
    // else is theirs.
    if (!kept) throw conflict('This push endpoint is subscribed by another account');
    await this.subscriptions.trim(userId, MAX_SUBSCRIPTIONS_PER_PERSON);
  }

  /** Only the person's own subscription; someone else's endpoint is left alone, and the answer is the same. */
  async unsubscribe(userId: string, endpoint: string): Promise<void> {
    await this.subscriptions.deleteOwned(userId, endpoint);
  }
}
