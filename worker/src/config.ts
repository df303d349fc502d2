// The only reader of process.env in the worker.
import { envPort, loadConfig, LogLevel } from '@todo/platform';
import { z } from 'zod';

export const WorkerConfig = z.object({
  PORT: envPort(3002),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: LogLevel,
});
export type WorkerConfig = z.infer<typeof WorkerConfig>;

export const loadWorkerConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(WorkerConfig, env);
