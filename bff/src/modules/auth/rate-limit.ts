// Sign-in attempts are limited per IP and per account, so a password cannot be guessed at speed.
import { ProblemType } from '@todo/contracts';
import { AppError } from '@todo/platform';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export class AttemptLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(perMinute: number) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  /** Counts one attempt for every key; the first exhausted key refuses with 429 and Retry-After. */
  async consume(keys: string[]): Promise<void> {
    for (const k of keys) {
      try {
        await this.limiter.consume(k);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        throw new AppError(
          ProblemType.rateLimited,
          429,
          `Too many attempts; try again in ${seconds} s`,
          undefined,
          {
            'Retry-After': String(seconds),
          },
        );
      }
    }
  }
}
