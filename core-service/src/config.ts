// The only reader of process.env in core-service.
import {
  DaprSettings,
  DatabaseSettings,
  envInt,
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

export const CoreConfig = z
  .object({
    PORT: envPort(3001),
    HOST: z.string().default('0.0.0.0'),
    ...DatabaseSettings,
    /** Shared with the bff and worker; callers without it are refused. */
    INTERNAL_TOKEN: z.string().min(16, 'must have at least 16 characters'),
    /** The embedded clock's tick in ms; 0 turns it off (a Dapr cron binding ticks instead). */
    REMINDER_TICK_MS: envInt(1000),
    /**
     * How much page text (MiB) is kept for a person's next read of the same page while nothing they see
     * has changed (PageCache); 0 keeps none.
     */
    PAGE_CACHE_MB: envInt(8, { max: 4096 }),
    /** Where the outbox relay publishes (APP_API_TOKEN also admits the Dapr cron binding). */
    ...EventBusSettings,
    /** SECRET_STORE=dapr reads INTERNAL_TOKEN and DATABASE_URL from the secret store. */
    ...DaprSettings,
    ...MetricsSettings,
    ...HeapSettings,
    LOG_LEVEL: LogLevel,
  })
  .superRefine(refineDaprConfig);
export type CoreConfig = z.infer<typeof CoreConfig>;

/** Secrets core-service reads from the Dapr secret store with SECRET_STORE=dapr. */
export const CORE_SECRETS = ['INTERNAL_TOKEN', 'DATABASE_URL'];

export const loadCoreConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(CoreConfig, env);

/** main.ts's way: waits for the sidecar and reads the secret store first when Dapr is configured. */
export const loadCoreConfigFromSidecar = (
  logger?: Logger,
  env: Record<string, string | undefined> = process.env,
) => loadConfigWithSecrets(CoreConfig, CORE_SECRETS, env, logger);
