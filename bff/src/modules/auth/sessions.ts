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

  async create(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.store.set(
      key(token),
      { userId, createdAt: new Date().toISOString() } satisfies Session,
      this.ttlSeconds,
    );
    return token;
  }

  async get(token: string | undefined): Promise<Session | undefined> {
    if (!token || token.length > 100) return undefined;
    return this.store.get<Session>(key(token));
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.store.delete(key(token));
  }
}
