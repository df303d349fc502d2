// Sign-in attempts are limited per IP and per account, so a password cannot be guessed at speed. The
// counts live in the StateStore (Dapr's Redis in a cluster), so every bff replica counts against the
// same limit: one person cannot get the allowance once per replica.
import { ProblemType } from '@todo/contracts';
import { AppError, type StateStore } from '@todo/platform';

const WINDOW_SECONDS = 60;

export class AttemptLimiter {
  /** `name` keeps the counts of different limits apart in the shared store. */
  constructor(
    private readonly store: StateStore,
    private readonly name: string,
    private readonly perMinute: number,
  ) {}

  /** Counts one attempt for every key; the first exhausted key refuses with 429 and Retry-After. */
  async consume(keys: string[]): Promise<void> {
    for (const k of keys) {
      const { count, resetAt } = await this.store.increment(`limit:${this.name}:${k}`, 1, WINDOW_SECONDS);
      if (count > this.perMinute) throw tooManyAttempts(resetAt);
    }
  }
}

/** 429 with Retry-After: the seconds until the counter's window (`resetAt`, epoch ms) ends. */
export function tooManyAttempts(resetAt: number): AppError {
  const seconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  return new AppError(
    ProblemType.rateLimited,
    429,
    `Too many attempts; try again in ${seconds} s`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}
