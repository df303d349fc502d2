// A calendar feed's token is an HMAC of the feed's id under the server's key: the database keeps only a
// SHA-256 of it (found by an index), yet the same URL can be shown again until the feed is revoked.
import { createHash, createHmac } from 'node:crypto';
import { sameToken } from '@todo/platform';

export class FeedTokens {
  constructor(private readonly key: string) {}

  /** 43 base64url characters (256 bits). */
  tokenFor(feedId: string): string {
    return createHmac('sha256', this.key).update(`calendar-feed:${feedId}`).digest('base64url');
  }

  hash(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }

  /** The token was made for this feed (compared in constant time). */
  matches(token: string, feedId: string): boolean {
    return sameToken(token, this.tokenFor(feedId));
  }
}
