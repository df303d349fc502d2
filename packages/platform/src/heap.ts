// The process's heap policy from its configuration (HEAP_GROWING_PERCENT, config.ts). V8 reads the
// growing factor at every full collection, so setting it once the process runs takes effect.
import v8 from 'node:v8';
import { z } from 'zod';
import { HeapSettings, loadConfig } from './config.ts';
import type { Logger } from './logger.ts';

/** For a launcher with no service config of its own (`npm start`). */
export const loadHeapSettings = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(z.object(HeapSettings), env);

export function applyHeapSettings(
  config: { HEAP_GROWING_PERCENT?: number | undefined },
  logger: Logger,
): void {
  const percent = config.HEAP_GROWING_PERCENT;
  if (percent === undefined) return;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  logger.info({ heapGrowingPercent: percent }, 'heap grows by at most this percent past a full collection');
}
