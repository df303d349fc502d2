// Sends one Web Push message (RFC 8030/8291, VAPID) with web-push, and sorts the answer into what the
// caller does next: done, forget the subscription (404/410), give up on it (refused for good), retry.
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import webpush from 'web-push';
import type { PushEndpointPolicy } from './endpoint-policy.ts';
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

export interface WebPushOptions {
  /** Where sending may go: checked on the URL, and on every address its host resolves to. */
  policy: PushEndpointPolicy;
  /** A certificate authority trusted besides the usual ones (a local push emulator's). */
  ca?: string | Buffer;
  timeoutMs?: number;
}

export class WebPushSender implements PushSender {
  /** Every message goes through this agent: its lookup refuses addresses the policy forbids. */
  private readonly agent: Agent;

  constructor(
    private readonly vapid: VapidDetails,
    private readonly options: WebPushOptions,
  ) {
    this.agent = new Agent({
      keepAlive: true,
      lookup: options.policy.lookup,
      ...(options.ca ? { ca: [...rootCertificates, options.ca.toString()] } : {}),
    });
  }

  async send(target: PushTarget, payload: string, options: PushOptions): Promise<PushOutcome> {
    // Subscriptions are checked when stored; one stored before the rule, or before
    // PUSH_ENDPOINT_ALLOW changed, is refused here (an IP literal never reaches the lookup).
    const refusal = this.options.policy.refusal(target.endpoint);
    if (refusal) return { kind: 'refused', status: 0, detail: `endpoint ${refusal}` };
    try {
      const res = await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          vapidDetails: this.vapid,
          TTL: options.ttlSeconds,
          urgency: options.urgency,
          topic: options.topic,
          // Connecting and each wait for the push service: short, since a reminder's delivery
          // holds one of the dispatcher's slots meanwhile (a retry comes later).
          timeout: this.options.timeoutMs ?? 5_000,
          agent: this.agent,
        },
      );
      return { kind: 'sent', status: res.statusCode };
    } catch (err) {
      return classify(err);
    }
  }

  close(): void {
    this.agent.destroy();
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
  const code = (err as { code?: unknown }).code;
  if (code === 'EPUSHADDRESS') {
    return { kind: 'refused', status: 0, detail: err instanceof Error ? err.message : String(err) };
  }
  // No answer at all (connection refused, TLS, timeout): the push service may be back soon. Keys that
  // web-push cannot encrypt to never get here: they are refused when the browser subscribes.
  return { kind: 'retry', detail: err instanceof Error ? err.message : String(err) };
}
