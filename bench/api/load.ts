// One autocannon run: requests made by `next` for its duration, with the servers' CPU time and the
// machine's load read around it, so that a figure from a busy machine can be judged per request.
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { databaseCpuUsed, type DatabaseCpu } from './database-cpu.ts';
import { cpuMs, type ServerProcess } from './servers.ts';
import type { BenchRequest } from './target.ts';

export interface LoadResult {
  name: string;
  connections: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 2xx, and connection errors or timeouts: a row with any is not a fair figure. */
  non2xx: number;
  errors: number;
  /** CPU time of the measured server processes per request (all of them together), when known. */
  cpuMsPerRequest: number | null;
  /** The same per process (bff, core-service, worker), where there are several. */
  cpuMsPerRequestByProcess: Record<string, number>;
  /** CPU time of PostgreSQL's backends for the database per request, when it runs on this machine. */
  dbCpuMsPerRequest: number | null;
  /** The machine's one-minute load average at the end of the run. */
  load1: number;
}

export async function runLoad(
  url: string,
  name: string,
  options: {
    connections: number;
    seconds: number;
    processes: ServerProcess[];
    database?: DatabaseCpu | null;
  },
  next: () => BenchRequest,
): Promise<LoadResult> {
  const dbBefore = await options.database?.snapshot();
  const cpuBefore = options.processes.map((p) => cpuMs(p.pid));
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
  });
  const used = options.processes.map((p, i) => cpuMs(p.pid) - cpuBefore[i]!);
  const cpu = used.reduce((sum, ms) => sum + ms, 0);
  const dbAfter = await options.database?.snapshot();
  const dbUsed = dbBefore && dbAfter ? databaseCpuUsed(dbBefore, dbAfter) : null;
  const requests = result.requests.total;
  const perRequest = (ms: number) => Math.round((ms / Math.max(1, requests)) * 100) / 100;
  return {
    name,
    connections: options.connections,
    seconds: result.duration,
    requests,
    reqPerSec: Math.round(requests / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMsPerRequest: options.processes.length > 0 && requests > 0 ? perRequest(cpu) : null,
    cpuMsPerRequestByProcess:
      options.processes.length > 1
        ? Object.fromEntries(options.processes.map((p, i) => [p.name, perRequest(used[i]!)]))
        : {},
    dbCpuMsPerRequest: dbUsed !== null && requests > 0 ? perRequest(dbUsed) : null,
    load1: Math.round(loadavg()[0]! * 10) / 10,
  };
}
