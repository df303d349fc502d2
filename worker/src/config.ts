// The only reader of process.env in the worker: zod-parsed, frozen, and refused at start with every
// missing or invalid variable named.
import {
  DaprSettings,
  DatabaseSettings,
  envInt,
  envOptional,
  envPort,
  EventBusSettings,
  loadConfig,
  loadConfigWithSecrets,
  LogLevel,
  HeapSettings,
  MetricsSettings,
  refineDaprConfig,
  type Logger,
} from '@todo/platform';
import { z } from 'zod';
import { PushEndpointAllowSetting } from './modules/push/endpoint-policy.ts';

export const WorkerConfig = z
  .object({
    PORT: envPort(3002),
    HOST: z.string().default('0.0.0.0'),
    ...MetricsSettings,
    ...HeapSettings,
    LOG_LEVEL: LogLevel,
    /** Shared with the bff, which forwards /api/push/* and /api/activity here. */
    INTERNAL_TOKEN: z.string().min(16, 'must have at least 16 characters'),
    ...DatabaseSettings,
    /** Where reminder emails go out, e.g. smtp://user:pass@mail.example.com:587; unset: email is skipped. */
    SMTP_URL: envOptional(z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' })),
    EMAIL_FROM: z.string().min(3).default('Todo reminders <reminders@localhost>'),
    /** The contact push services see in the VAPID token (a secret of the same name wins). */
    VAPID_SUBJECT: envOptional(
      z.string().regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL'),
    ),
    /** A JSON file holding a generated VAPID key pair, made on first start when missing (one replica only). */
    VAPID_KEY_FILE: envOptional(z.string()),
    /** How long a push service keeps an undelivered reminder for an offline device. */
    PUSH_TTL_SECONDS: envInt(3600, { max: 28 * 24 * 3600 }),
    /** Push endpoints allowed although private: host names, addresses, CIDRs (a local push emulator). */
    PUSH_ENDPOINT_ALLOW: PushEndpointAllowSetting,
    /** Where reminder and todo events come from (EVENT_BUS, KAFKA_BROKERS, DAPR_*). */
    ...EventBusSettings,
    /** SECRET_STORE=dapr reads the secrets below and the VAPID keys from the secret store. */
    ...DaprSettings,
  })
  .superRefine(refineDaprConfig);
export type WorkerConfig = z.infer<typeof WorkerConfig>;

/** Secrets the worker's configuration reads from the Dapr secret store (VAPID keys come at start). */
export const WORKER_SECRETS = ['INTERNAL_TOKEN', 'DATABASE_URL', 'SMTP_URL'];

export const loadWorkerConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(WorkerConfig, env);

/** main.ts's way: waits for the sidecar and reads the secret store first when Dapr is configured. */
export const loadWorkerConfigFromSidecar = (
  logger?: Logger,
  env: Record<string, string | undefined> = process.env,
) => loadConfigWithSecrets(WorkerConfig, WORKER_SECRETS, env, logger);
