// Sends one Web Push message (RFC 8030/8291, VAPID) with web-push, and sorts the answer into what the
// caller does next: done, forget the subscription (404/410), give up on it (refused for good), retry.
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { VapidDetails } from './vapid-keys.ts';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** ≤ 32 URL-safe characters; a newer message with the same topic replaces an undelivered one. */
  topic: string;
}

export type PushOutcome =
  | { kind: 'sent'; status: number }
  | { kind: 'gone'; status: number }
  | { kind: 'refused'; status: number; detail: string }
  | { kind: 'retry'; status?: number; detail: string };

export interface PushSender {
  send(target: PushTarget, payload: string, options: PushOptions): Promise<PushOutcome>;
}

/** Answers that sending the same message again cannot change: a bad request, bad VAPID, too large. */
const REFUSED_FOR_GOOD = new Set([400, 401, 403, 413]);

export class WebPushSender implements PushSender {
  constructor(
    private readonly vapid: VapidDetails,
    private readonly options: { agent?: Agent; timeoutMs?: number } = {},
  ) {}

  async send(target: PushTarget, payload: string, options: PushOptions): Promise<PushOutcome> {
    try {
      const res = await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          vapidDetails: this.vapid,
          TTL: options.ttlSeconds,
          urgency: options.urgency,
          topic: options.topic,
          timeout: this.options.timeoutMs ?? 10_000,
          ...(this.options.agent ? { agent: this.options.agent } : {}),
        },
      );
      return { kind: 'sent', status: res.statusCode };
    } catch (err) {
      return classify(err);
    }
  }
}

export function classify(err: unknown): PushOutcome {
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number') {
    const body = String((err as { body?: unknown }).body ?? '').slice(0, 200);
    if (status === 404 || status === 410) return { kind: 'gone', status };
    if (REFUSED_FOR_GOOD.has(status)) return { kind: 'refused', status, detail: body || `HTTP ${status}` };
    return { kind: 'retry', status, detail: body || `HTTP ${status}` };
  }
  // No answer at all (connection refused, TLS, timeout): the push service may be back soon. Keys that
  // web-push cannot encrypt to never get here: they are refused when the browser subscribes.
  return { kind: 'retry', detail: err instanceof Error ? err.message : String(err) };
}
