// Sessions live in the StateStore under a hash of their token, so a leaked store holds no usable cookie.
import { createHash, randomBytes } from 'node:crypto';
import type { StateStore } from '@todo/platform';

export interface Session {
  userId: string;
  createdAt: string;
}

const key = (token: string) => `session:${createHash('sha256').update(token).digest('base64url')}`;

export class Sessions {
  constructor(
    private readonly store: StateStore,
    private readonly ttlSeconds: number,
  ) {}

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
    return this.store.get<Session>(key(token));
  }

  /** The store key of a token's session: how streams name their session without keeping its token. */
  keyOf(token: string): string {
    return key(token);
  }

  /** Whether the session under this key still exists (not signed out, not expired). */
  async alive(sessionKey: string): Promise<boolean> {
    return (await this.store.get<Session>(sessionKey)) !== undefined;
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.store.delete(key(token));
  }
}
