// The only reader of process.env in the bff.
import { envBool, envInt, envPort, EventBusSettings, loadConfig, LogLevel } from '@todo/platform';
import { hostname } from 'node:os';
import { z } from 'zod';

export const BffConfig = z.object({
  PORT: envPort(8080),
  HOST: z.string().default('0.0.0.0'),
  /** Where core-service answers in direct mode (the Dapr adapter replaces this in a cluster). */
  CORE_URL: z.url().default('http://127.0.0.1:3001'),
  /** Where the worker answers in direct mode (push subscriptions, activity). */
  WORKER_URL: z.url().default('http://127.0.0.1:3002'),
  INTERNAL_TOKEN: z.string().min(16, 'must have at least 16 characters'),
  /** The built PWA; served at /. */
  PWA_DIR: z.string().default('pwa/dist'),
  SESSION_TTL_SECONDS: envInt(60 * 60 * 24 * 30, { min: 60 }),
  /** Force the Secure cookie flag; otherwise it follows the request's protocol (X-Forwarded-Proto behind a proxy). */
  COOKIE_SECURE: envBool(false),
  /** Other origins allowed to make state-changing requests, comma-separated (the app's own is always allowed). */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  LOGIN_ATTEMPTS_PER_MINUTE: envInt(10, { min: 1 }),
  /** Accounts one IP may create per minute. */
  REGISTRATIONS_PER_MINUTE: envInt(10, { min: 1 }),
  /** This pod's name: its own consumer group, so every pod sees every change for its streams. */
  POD_NAME: z.string().default(hostname()),
  /** Where change events for the realtime streams come from. */
  ...EventBusSettings,
  LOG_LEVEL: LogLevel,
});
export type BffConfig = z.infer<typeof BffConfig>;

export const loadBffConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(BffConfig, env);
