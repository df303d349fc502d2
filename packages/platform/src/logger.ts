import { pino, type Logger } from 'pino';
import { traceFields } from './tracing.ts';

export type { Logger };

/** Secrets never reach a log line: cookies, tokens, passwords and push keys are redacted. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-internal-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.keys',
  '*.auth',
  '*.p256dh',
];

export function createLogger(name: string, level: string = 'info'): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { service: name },
    // trace_id and span_id of the active span on every line (docs/observability.md).
    mixin: traceFields,
  });
}
