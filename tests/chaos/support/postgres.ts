// A PostgreSQL cluster of the suite's own (initdb in a temporary folder, a free port), so that it can
// be stopped and restarted under load without touching the shared server. As root the server runs as
// the `postgres` OS user, as scripts/stack-services.sh does (PostgreSQL refuses to run as root).
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/dapr-processes.ts';

export interface PostgresCluster {
  port: number;
  /** postgres://… of database `name` on this cluster (user postgres, trusted on loopback). */
  url(name?: string): string;
  createDatabase(name: string): void;
  /** Stops the server: `immediate` is a crash (no checkpoint, recovery on start), `fast` a clean stop. */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

function binDir(): string {
  const found = readdirSync('/usr/lib/postgresql')
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => `/usr/lib/postgresql/${v}/bin`);
  if (!found[0])
    throw new Error('no PostgreSQL under /usr/lib/postgresql (run scripts/stack-services.sh once)');
  return found[0];
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = binDir();
  const root = mkdtempSync(path.join(tmpdir(), 'todo-chaos-pg-'));
  const data = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(root, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : path.join(bin, tool),
      asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args,
      {
        cwd: '/',
        stdio: 'pipe',
      },
    );
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const cluster: PostgresCluster = {
    port,
    url: (name = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${name}`,
    createDatabase(name) {
      run('psql', [
        '-h',
        root,
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-c',
        `CREATE DATABASE ${name}`,
      ]);
    },
    stop(mode = 'fast') {
      run('pg_ctl', ['stop', '-D', data, '-m', mode, '-w']);
    },
    start() {
      run('pg_ctl', [
        'start',
        '-D',
        data,
        '-l',
        path.join(root, 'server.log'),
        '-o',
        options,
        '-w',
        '-t',
        '60',
      ]);
    },
    destroy() {
      try {
        cluster.stop('immediate');
      } catch {
        // not running
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}
