// Sessions live in the StateStore under a hash of their token, so a leaked store holds no usable cookie.
// A bff may keep the sessions it read for a moment (SESSION_CACHE_MS), so a burst of requests reads the
// store once; it forgets one at once when the sign-out comes through it.
import { createHash, randomBytes } from 'node:crypto';
import type { StateStore } from '@todo/platform';
import { LRUCache } from 'lru-cache';

export interface Session {
  userId: string;
  createdAt: string;
}

const key = (token: string) => `session:${createHash('sha256').update(token).digest('base64url')}`;

export class Sessions {
  /** Sessions read, by store key, for `cacheMs` each; only sessions found (a new one is never missed). */
  private readonly kept: LRUCache<string, Session> | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly ttlSeconds: number,
    cacheMs = 0,
  ) {
    this.kept = cacheMs > 0 ? new LRUCache({ max: 10_000, ttl: cacheMs }) : undefined;
  }

  /** A new session under a new token; created once (first write wins), never written over. */
  async create(userId: string): Promise<string> {
    const session = { userId, createdAt: new Date().toISOString() } satisfies Session;
    // 256 random bits do not repeat; a store that keeps answering "taken" is broken, not unlucky.
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = randomBytes(32).toString('base64url');
      if (await this.store.create(key(token), session, this.ttlSeconds)) return token;
    }
    throw new Error('The state store refused three new session keys in a row');
  }

  async get(token: string | undefined): Promise<Session | undefined> {
    if (!token || token.length > 100) return undefined;
    const sessionKey = key(token);
    const kept = this.kept?.get(sessionKey);
    if (kept) return kept;
    const session = await this.store.get<Session>(sessionKey);
    if (session) this.kept?.set(sessionKey, session);
    return session;
  }

  /** The store key of a token's session: how streams name their session without keeping its token. */
  keyOf(token: string): string {
    return key(token);
  }

  /** Whether the session under this key still exists (not signed out, not expired): the store's word. */
  async alive(sessionKey: string): Promise<boolean> {
    return (await this.store.get<Session>(sessionKey)) !== undefined;
  }

  async destroy(token: string | undefined): Promise<void> {
    if (!token) return;
    const sessionKey = key(token);
    this.kept?.delete(sessionKey);
    await this.store.delete(sessionKey);
  }
}
