// Which building blocks go through a Dapr sidecar, chosen by configuration, and what a service does
// at start when any does: refuse to run without APP_API_TOKEN, wait for the sidecar, read its secrets
// from the secret store. Services spread these keys into their config schema beside EventBusSettings.
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { DaprSecrets } from './dapr-secrets.ts';
import { DaprServiceClient } from './dapr-service-client.ts';
import { DaprSidecar } from './dapr-sidecar.ts';
import { DaprStateStore } from './dapr-state-store.ts';
import { EventBusSettings } from './event-bus-config.ts';
import { EnvSecrets, type Secrets } from './secrets.ts';
import { DirectHttpServiceClient, type ServiceClient } from './service-client.ts';
import type { StateStore } from './state-store.ts';

const positiveInt = (fallback: number) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).default(fallback));

/** Every service: the secret store and the wait for the sidecar. */
export const DaprSettings = {
  /** `env` (default) or `dapr`: secrets from the sidecar's secret store (they win over the environment). */
  SECRET_STORE: z.enum(['env', 'dapr']).default('env'),
  DAPR_SECRET_STORE_NAME: z.string().default('secretstore'),
  /** How long start-up waits for the sidecar when any building block is Dapr's. */
  DAPR_SIDECAR_WAIT_SECONDS: positiveInt(60),
};

/** Services that call others (the bff): how. */
export const InvocationSettings = {
  /** `direct` (default; CORE_URL, WORKER_URL) or `dapr`: through the sidecar by app id. */
  SERVICE_INVOCATION: z.enum(['direct', 'dapr']).default('direct'),
  /** The longest a call may take through the sidecar, its retries included. */
  DAPR_INVOKE_TIMEOUT_MS: positiveInt(30_000),
};

/** Services that keep shared state (the bff's sessions and attempt counters): where. */
export const StateSettings = {
  /** `local` (default: in this process) or `dapr`: the sidecar's state store, shared by replicas. */
  STATE_STORE: z.enum(['local', 'dapr']).default('local'),
  DAPR_STATE_STORE_NAME: z.string().default('statestore'),
};

export interface DaprConfig {
  EVENT_BUS?: string;
  SERVICE_INVOCATION?: string;
  STATE_STORE?: string;
  SECRET_STORE: string;
  DAPR_HTTP_PORT: number;
  DAPR_API_TOKEN?: string | undefined;
  APP_API_TOKEN?: string | undefined;
}

/** Whether any building block goes through the sidecar. */
export const usesDapr = (config: Partial<DaprConfig>) =>
  [config.EVENT_BUS, config.SERVICE_INVOCATION, config.STATE_STORE, config.SECRET_STORE].includes('dapr');

/**
 * A refinement for a service's config schema: with any Dapr building block, APP_API_TOKEN is required,
 * so nothing but the sidecar can reach the app's subscriptions, bindings and invoked routes.
 */
export function refineDaprConfig(config: Partial<DaprConfig>, ctx: z.core.$RefinementCtx): void {
  if (usesDapr(config) && !config.APP_API_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['APP_API_TOKEN'],
      message: "required with a Dapr building block (the sidecar's APP_API_TOKEN, ≥ 16 characters)",
    });
  }
}

export const sidecarOf = (config: DaprConfig) =>
  new DaprSidecar({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

const Prelude = z
  .object({
    ...DaprSettings,
    EVENT_BUS: EventBusSettings.EVENT_BUS,
    DAPR_HTTP_PORT: EventBusSettings.DAPR_HTTP_PORT,
    DAPR_API_TOKEN: EventBusSettings.DAPR_API_TOKEN,
    APP_API_TOKEN: EventBusSettings.APP_API_TOKEN,
    SERVICE_INVOCATION: z.string().optional(),
    STATE_STORE: z.string().optional(),
  })
  .superRefine(refineDaprConfig);

/**
 * A service's configuration, Dapr's way when asked: with any Dapr building block it first waits for
 * the sidecar (bounded by DAPR_SIDECAR_WAIT_SECONDS), and with SECRET_STORE=dapr it reads `secrets`
 * (variable names) from the secret store over the environment before validating everything.
 */
export async function loadConfigWithSecrets<T extends z.ZodObject>(
  schema: T,
  secrets: string[],
  env: Record<string, string | undefined>,
  logger?: Logger,
): Promise<Readonly<z.infer<T>>> {
  const prelude = loadConfig(Prelude, env);
  if (!usesDapr(prelude)) return loadConfig(schema, env);
  const sidecar = sidecarOf(prelude);
  await sidecar.waitUntilReady(prelude.DAPR_SIDECAR_WAIT_SECONDS * 1000);
  logger?.info({ sidecar: sidecar.baseUrl }, 'Dapr sidecar ready');
  if (prelude.SECRET_STORE !== 'dapr') return loadConfig(schema, env);
  const store = new DaprSecrets({ sidecar, storeName: prelude.DAPR_SECRET_STORE_NAME });
  const merged = { ...env };
  for (const name of secrets) {
    const value = await store.get(name);
    if (value !== undefined) merged[name] = value;
  }
  logger?.info(
    { store: prelude.DAPR_SECRET_STORE_NAME, asked: secrets },
    'secrets read from the Dapr secret store',
  );
  return loadConfig(schema, merged);
}

export function createServiceClient(
  config: DaprConfig & { SERVICE_INVOCATION: string; DAPR_INVOKE_TIMEOUT_MS: number },
  directUrls: Record<string, string>,
): ServiceClient {
  if (config.SERVICE_INVOCATION === 'dapr') {
    return new DaprServiceClient({ sidecar: sidecarOf(config), timeoutMs: config.DAPR_INVOKE_TIMEOUT_MS });
  }
  return new DirectHttpServiceClient(directUrls);
}

/** The Dapr state store when STATE_STORE=dapr; otherwise undefined (the caller keeps its own). */
export function createDaprStateStore(
  config: DaprConfig & { STATE_STORE: string; DAPR_STATE_STORE_NAME: string },
): StateStore | undefined {
  if (config.STATE_STORE !== 'dapr') return undefined;
  return new DaprStateStore({ sidecar: sidecarOf(config), storeName: config.DAPR_STATE_STORE_NAME });
}

export function createSecrets(
  config: DaprConfig & { DAPR_SECRET_STORE_NAME: string },
  env?: Record<string, string | undefined>,
): Secrets {
  if (config.SECRET_STORE === 'dapr') {
    return new DaprSecrets({ sidecar: sidecarOf(config), storeName: config.DAPR_SECRET_STORE_NAME });
  }
  return new EnvSecrets(env);
}
