// Who may try a password, and how fast. Counters live in the StateStore (shared by every bff replica):
// - per IP: attempts a minute (LOGIN_ATTEMPTS_PER_MINUTE), then 429: one address cannot spray;
// - per account and IP: failures in 15 minutes, then 429 for that pair only: a guesser is stopped
//   without locking the owner out, whose correct password from their own address still gets in;
// - per account: failures slow every further attempt down (up to 2 s), never refuse them: many
//   addresses guessing one account get slow, and the owner is only delayed.
// A correct password clears its pair's failures.
import { createHash } from 'node:crypto';
import { type Counter, type StateStore } from '@todo/platform';
import { tooManyAttempts } from './rate-limit.ts';

const MINUTE = 60;
const FAILURE_WINDOW = 15 * MINUTE;
/** Failures of one account before attempts on it slow down, and the longest delay. */
const FREE_FAILURES = 5;
const MAX_DELAY_MS = 2000;

/** Keys hold a hash of the email, not the email: the store need not know who signs in. */
const id = (email: string) => createHash('sha256').update(email).digest('base64url').slice(0, 22);

export interface SignInGuardOptions {
  attemptsPerMinute: number;
  /** Waits before a slowed attempt is checked (tests stand in a fake). */
  sleep?: (ms: number) => Promise<void>;
}

export class SignInGuard {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly store: StateStore,
    private readonly options: SignInGuardOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Before checking a password: refuses (429) or waits as the counters say. */
  async admit(email: string, ip: string): Promise<void> {
    const perIp = await this.store.increment(`login-ip:${ip}`, 1, MINUTE);
    if (perIp.count > this.options.attemptsPerMinute) throw tooManyAttempts(perIp.resetAt);
    const pair = await this.store.get<Counter>(`login-fail:${id(email)}:${ip}`);
    if (pair && pair.count >= this.options.attemptsPerMinute) throw tooManyAttempts(pair.resetAt);
    const account = (await this.store.get<Counter>(`login-fail:${id(email)}`))?.count ?? 0;
    if (account > FREE_FAILURES) {
      await this.sleep(Math.min(MAX_DELAY_MS, 100 * 2 ** (account - FREE_FAILURES)));
    }
  }

  async failed(email: string, ip: string): Promise<void> {
    await this.store.increment(`login-fail:${id(email)}:${ip}`, 1, FAILURE_WINDOW);
    await this.store.increment(`login-fail:${id(email)}`, 1, FAILURE_WINDOW);
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await this.store.delete(`login-fail:${id(email)}:${ip}`);
  }
}
