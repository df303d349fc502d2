// The one helper every service's config.ts uses: parse the environment with zod, fail fast naming
// every missing or invalid key, and hand back a frozen object.
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig<T extends z.ZodObject>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.infer<T>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = i.path.join('.');
      if (env[key] !== undefined) return `${key}: ${i.message}`;
      return i.code === 'custom' ? `${key} is missing: ${i.message}` : `${key} is missing`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return Object.freeze(result.data);
}

// Environment helpers. An empty variable counts as unset, as a shell's `PORT=` means: it takes the
// default rather than becoming 0 or false (z.coerce would make `REMINDER_TICK_MS=` a tick of 0).
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/** An optional variable where an empty value counts as unset. */
export const envOptional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
export const envPort = (fallback: number) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number')
      .transform(Number)
      .pipe(z.number().max(65535))
      .default(fallback),
  );
interface Bounds {
  min?: number;
  max?: number;
}
/** A whole number written in digits (no sign, fraction or exponent), within the bounds given. */
const wholeNumber = (bounds: Bounds) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(bounds.min ?? 0)
        .max(bounds.max ?? Number.MAX_SAFE_INTEGER),
    );
export const envInt = (fallback: number, bounds: Bounds = {}) =>
  z.preprocess(unsetIfEmpty, wholeNumber(bounds).default(fallback));
/** A boolean from "true"/"false"/"1"/"0". */
export const envBool = (fallback: boolean) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  );
/** A comma-separated list, each entry trimmed (and `map`ped), empty ones dropped; unset or empty: []. */
export const envList = (map: (entry: string) => string = (e) => e) =>
  z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((e) => map(e.trim()))
        .filter(Boolean),
    );
/** Services with a database of their own (core-service, the worker): where it is and who migrates it. */
export const DatabaseSettings = {
  /** A PostgreSQL server; without it (and without a database handed in), PGlite under DATA_DIR. */
  DATABASE_URL: envOptional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  DATA_DIR: z.string().default('.data'),
  /** `false` when a migration Job applies them (`npm run migrate`). */
  MIGRATE_ON_START: envBool(true),
};
/**
 * METRICS_PORT: /metrics on a listener of its own (the app port then answers it 404), for a cluster
 * where the app port is public or reached by others; 0 (unset): /metrics beside /healthz.
 */
export const MetricsSettings = {
  METRICS_PORT: envPort(0),
};
/**
 * HEAP_GROWING_PERCENT: how far V8 lets the heap grow past what its last full collection kept (V8's
 * --heap-growing-percent; unset: V8's own factor, up to 4×). 20 keeps a service near 145 MB resident
 * instead of 150–260 MB after load, for ~5% fewer requests a second (docs/operations.md, Memory).
 */
export const HeapSettings = {
  HEAP_GROWING_PERCENT: envOptional(wholeNumber({ min: 1, max: 1000 })),
};
export const LogLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');
