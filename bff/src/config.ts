// The only reader of process.env in the bff.
import {
  DaprSettings,
  envBool,
  envInt,
  envList,
  envPort,
  EventBusSettings,
  InvocationSettings,
  loadConfig,
  loadConfigWithSecrets,
  LogLevel,
  HeapSettings,
  MetricsSettings,
  refineDaprConfig,
  StateSettings,
  TrustedProxiesSetting,
  type Logger,
} from '@todo/platform';
import { hostname } from 'node:os';
import { z } from 'zod';

export const BffConfig = z
  .object({
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
    /**
     * How long this bff keeps a session it read for the next requests that bring its cookie, in ms (0,
     * the default: the store is read on every request). Saves a state-store call per request (with Dapr,
     * a sidecar round trip); the price is that a sign-out made through another replica reaches this
     * one only when its copy lapses.
     */
    SESSION_CACHE_MS: envInt(0, { max: 60_000 }),
    /** Force the Secure cookie flag; otherwise it follows the request's protocol (X-Forwarded-Proto behind a proxy). */
    COOKIE_SECURE: envBool(false),
    /** Other origins allowed to make state-changing requests, comma-separated (the app's own is always allowed). */
    ALLOWED_ORIGINS: envList(),
    /** Proxies whose X-Forwarded-For/-Proto/-Host count (addresses, CIDRs); empty: none. */
    TRUSTED_PROXIES: TrustedProxiesSetting,
    LOGIN_ATTEMPTS_PER_MINUTE: envInt(10, { min: 1 }),
    /** Accounts one IP may create per minute. */
    REGISTRATIONS_PER_MINUTE: envInt(10, { min: 1 }),
    /** This pod's name: its own consumer group, so every pod sees every change for its streams. */
    POD_NAME: z.string().default(hostname()),
    /** Where change events for the realtime streams come from. */
    ...EventBusSettings,
    /** The bff's Dapr pub/sub is the per-pod fan-out component (dapr/local/pubsub.yaml). */
    DAPR_PUBSUB_NAME: z.string().default('events-broadcast'),
    /**
     * With EVENT_BUS=dapr the sidecar delivers change events here, on a listener of its own: Dapr's
     * routes are never on the public port.
     */
    DAPR_APP_PORT: envPort(3003),
    DAPR_APP_HOST: z.string().default('127.0.0.1'),
    ...DaprSettings,
    ...InvocationSettings,
    /** Sessions and sign-in / registration attempt counters: in this process, or Dapr's shared store. */
    ...StateSettings,
    ...MetricsSettings,
    ...HeapSettings,
    LOG_LEVEL: LogLevel,
  })
  .superRefine(refineDaprConfig);
export type BffConfig = z.infer<typeof BffConfig>;

/** Secrets the bff reads from the Dapr secret store with SECRET_STORE=dapr. */
export const BFF_SECRETS = ['INTERNAL_TOKEN'];

export const loadBffConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(BffConfig, env);

/** main.ts's way: waits for the sidecar and reads the secret store first when Dapr is configured. */
export const loadBffConfigFromSidecar = (
  logger?: Logger,
  env: Record<string, string | undefined> = process.env,
) => loadConfigWithSecrets(BffConfig, BFF_SECRETS, env, logger);
