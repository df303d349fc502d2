// The CPU time that PostgreSQL's backends spend for the bench's database, read from /proc like the
// servers' own: their CPU leaves the queries out, and that is where an index or a plan shows.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { cpuMs } from './servers.ts';

export interface DatabaseCpu {
  /** CPU ms used so far by each backend connected to the database, by pid. */
  snapshot(): Promise<Map<number, number>>;
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['', 'localhost', '127.0.0.1', '[::1]']);

/** Null when PostgreSQL runs elsewhere: its backends' pids would name processes of this machine. */
export async function databaseCpu(url: string): Promise<DatabaseCpu | null> {
  if (!LOCAL_HOSTS.has(new URL(url).hostname)) return null;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const backendCpu = (pid: number): number | undefined => {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) return undefined;
      return cpuMs(pid);
    } catch {
      return undefined; // gone since, or not readable
    }
  };
  return {
    async snapshot() {
      const { rows } = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      const used = new Map<number, number>();
      for (const { pid } of rows) {
        const ms = backendCpu(pid);
        if (ms !== undefined) used.set(pid, ms);
      }
      return used;
    },
    close: () => client.end(),
  };
}

/** CPU ms the backends used between two snapshots; one opened in between counts from its start. */
export function databaseCpuUsed(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0);
  return used;
}
