// `npm run bench -- api`: the public API's throughput (issue 14). Seeds people with 1,000 todos and 20
// tags each, then runs autocannon on every row of the table (10 connections, 4 s) and a mixed
// workload (70% reads, 30% writes, 20 connections), and prints the table with each process's CPU per
// request, PostgreSQL's for the database (when it runs here), resident memory, and how fast the machine
// ran meanwhile (api/machine-speed.ts: its speed drifts) as text (stderr) and one JSON line (stdout).
//
//   npm run bench -- api                    npm start (one process) and the three services as separate
//                                           processes, each on DATABASE_URL (a database of its own)
//   npm run bench -- api --mode services --kafka 127.0.0.1:9092     the services' events over Kafka
//   npm run bench -- api --mode dapr        each service beside its daprd, as in a cluster (needs
//                                           DAPRD_PATH and DAPR_SENTRY_PATH: scripts/daprd.sh); the
//                                           topology makes a scratch database on DATABASE_URL's server
//   npm run bench -- api --url http://host:port [--pids name=pid,…] a server already running
//   npm run bench -- api --target fastapi --url http://host:port   the FastAPI backend compared with
//   --people 10 --todos 1000 --tags 20 --seconds 4 --warmup 3 --only search,POST --no-mixed --cpu-prof dir
//   --node-args='--max-semi-space-size=8' (node's options for every service process it starts)
//   (--only: the rows whose name contains one of the comma-separated parts)
//   --reset (drops and recreates DATABASE_URL's public schema first)
//   --mixed-connections 20 --mixed-reads 0.7 (the mixed run's connections and share of reads)
//   --statements 8 (each row's 8 costliest SQL statements, from pg_stat_statements: bench/api/statements.ts)
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseCpu, type DatabaseCpu } from './api/database-cpu.ts';
import { serverDatabase } from './api/database-url.ts';
import { fastapiTarget } from './api/fastapi-target.ts';
import { runLoad, type LoadResult } from './api/load.ts';
import { referenceMs } from './api/machine-speed.ts';
import { formatStatements, StatementTiming, type StatementFigure } from './api/statements.ts';
import { rssMb, startServers, waitIdle, type ServerMode, type ServerProcess } from './api/servers.ts';
import { pick, type Person, type Target } from './api/target.ts';
import { todoTarget } from './api/todo-target.ts';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    target: { type: 'string', default: 'todo' },
    mode: { type: 'string' },
    kafka: { type: 'string' },
    pids: { type: 'string' },
    people: { type: 'string', default: '10' },
    todos: { type: 'string', default: '1000' },
    tags: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    'no-mixed': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'node-args': { type: 'string' },
    reset: { type: 'boolean', default: false },
    statements: { type: 'string' },
    'mixed-connections': { type: 'string', default: '20' },
    'mixed-reads': { type: 'string', default: '0.7' },
  },
});

const target: Target = args.target === 'fastapi' ? fastapiTarget : todoTarget;
const shape = { people: Number(args.people), todos: Number(args.todos), tags: Number(args.tags) };
const seconds = Number(args.seconds);
const only = args.only?.split(',');
const databaseUrl = process.env.DATABASE_URL ?? '';
const statementCount = args.statements === undefined ? 0 : Number(args.statements);
const mixedConnections = Number(args['mixed-connections']);
const mixedReads = Number(args['mixed-reads']);
if (!Number.isInteger(mixedConnections) || mixedConnections < 1)
  throw new Error('--mixed-connections: a whole number ≥ 1');
if (!(mixedReads >= 0 && mixedReads <= 1)) throw new Error('--mixed-reads: a fraction from 0 to 1');

type Row = LoadResult & { statements?: StatementFigure[] };

interface ShapeReport {
  shape: string;
  seedMs: number;
  /** The reference work's ms before the first row and after the last (machine-speed.ts). */
  referenceMs: { before: number; after: number };
  rows: Row[];
  mixed: Row | null;
  rssMb: Record<string, number>;
  /** People the database held before this run seeded its own (earlier runs'), when it is ours. */
  earlierPeople: number | null;
}

/** Given `--pids bff=123,core=456`: processes of a server started elsewhere, to read CPU and memory of. */
function givenProcesses(): ServerProcess[] {
  if (!args.pids) return [];
  return args.pids.split(',').map((pair) => {
    const [name, pid] = pair.split('=');
    return { name: name!, pid: Number(pid) };
  });
}

/** Runs `sql` on the database of `url` by a connection of its own. */
async function runSql(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

const resetDatabase = () => runSql(databaseUrl, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');

/**
 * Creates DATABASE_URL's database when its server has none of that name (the bench's own, such as
 * `…/bench`), through the server's `postgres` database with the same credentials.
 */
async function ensureDatabase(url: string): Promise<void> {
  const { name, postgresUrl } = serverDatabase(url);
  const found = await runSql(postgresUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount) return;
  console.error(`[bench api] creating the database ${name}`);
  await runSql(postgresUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
}

/**
 * VACUUM (ANALYZE) of the seeded database: the state autovacuum brings a table to some time after a
 * bulk load, which is what a server answers from day to day. Straight after the seed, the visibility
 * map is unset (every index-only scan visits the table) and the GIN indexes hold their inserts in a
 * pending list that each search reads through; which of that autovacuum had done by the first row
 * varied from run to run. Returns its ms, or null when DATABASE_URL names no PostgreSQL.
 */
async function vacuumDatabase(url: string): Promise<number | null> {
  if (!url.startsWith('postgres')) return null;
  const started = performance.now();
  await runSql(url, 'VACUUM (ANALYZE)');
  return Math.round(performance.now() - started);
}

/** How many people the database of this product at `url` holds; null when it is not one. */
async function peopleIn(url: string): Promise<number | null> {
  if (!url.startsWith('postgres')) return null;
  const { rows } = await runSql(url, "SELECT to_regclass('public.users') IS NOT NULL AS ours");
  if (!rows[0]?.ours) return null;
  const counted = await runSql(url, 'SELECT count(*)::int AS n FROM users');
  return counted.rows[0].n as number;
}

/**
 * Seeds, then runs every row and the mix against `url`. `dbUrl`: the database the server uses, whose
 * backends' CPU is read per request (db/req) when PostgreSQL runs here: what a query plan costs.
 */
async function measure(
  url: string,
  processes: ServerProcess[],
  shapeName: string,
  dbUrl: string,
): Promise<ShapeReport> {
  const database = dbUrl.startsWith('postgres') ? await databaseCpu(dbUrl) : null;
  const statements = statementCount > 0 ? await StatementTiming.open(dbUrl) : null;
  try {
    return await measureWith(url, processes, shapeName, dbUrl, database, statements);
  } finally {
    await database?.close();
    await statements?.close();
  }
}

async function measureWith(
  url: string,
  processes: ServerProcess[],
  shapeName: string,
  dbUrl: string,
  database: DatabaseCpu | null,
  statements: StatementTiming | null,
): Promise<ShapeReport> {
  const earlierPeople = await peopleIn(dbUrl);
  if (earlierPeople)
    console.error(
      `[bench api] the database already holds ${earlierPeople} people from earlier runs: search and the ` +
        'indexes grow with them, so compare figures of runs on the same size (--reset starts empty)',
    );
  const started = performance.now();
  const people = await target.seed(url, shape);
  const seedMs = Math.round(performance.now() - started);
  const settledMs = await waitIdle(processes);
  const vacuumMs = await vacuumDatabase(dbUrl);
  console.error(
    `[bench api] ${shapeName}: seeded ${people.length} people × ${shape.todos} todos in ${seedMs} ms; idle ${settledMs} ms later` +
      (vacuumMs === null ? '' : `; VACUUM (ANALYZE) ${vacuumMs} ms`),
  );
  // Unmeasured: V8 compiles the hot paths and the pools fill before the first row counts.
  await runMixed(url, processes, database, people, Number(args.warmup));
  const before = referenceMs();
  const rows: Row[] = [];
  for (const endpoint of target.endpoints) {
    if (only && !only.some((part) => endpoint.name.includes(part))) continue;
    // Nothing left over from the row before (the events of its writes) counts against this one.
    await waitIdle(processes);
    await statements?.reset();
    const row: Row = await runLoad(
      url,
      endpoint.name,
      { connections: 10, seconds, processes, database },
      () => endpoint.request(pick(people)),
    );
    console.error(`[bench api]   ${formatRow(row)}`);
    await reportStatements(statements, row);
    rows.push(row);
  }
  let mixed: Row | null = null;
  if (!args['no-mixed']) {
    await waitIdle(processes);
    await statements?.reset();
    mixed = await runMixed(url, processes, database, people, seconds);
    console.error(`[bench api]   ${formatRow(mixed)}`);
    await reportStatements(statements, mixed);
  }
  const rss = Object.fromEntries(processes.map((p) => [p.name, rssMb(p.pid)]));
  const reference = { before, after: referenceMs() };
  return { shape: shapeName, seedMs, referenceMs: reference, rows, mixed, rssMb: rss, earlierPeople };
}

/** The row's costliest statements since the last reset, kept in its JSON and printed (--statements). */
async function reportStatements(statements: StatementTiming | null, row: Row): Promise<void> {
  if (!statements) return;
  row.statements = await statements.top(row.requests, statementCount);
  for (const line of formatStatements(row.statements)) console.error(`[bench api] ${line}`);
}

/**
 * 70% reads and 30% writes (--mixed-reads), each drawn from the table's rows of that kind, by 20
 * connections (--mixed-connections).
 */
function runMixed(
  url: string,
  processes: ServerProcess[],
  database: DatabaseCpu | null,
  people: Person[],
  runSeconds: number,
): Promise<LoadResult> {
  const reads = target.endpoints.filter((e) => e.kind === 'read' && e.mixed !== false);
  const writes = target.endpoints.filter((e) => e.kind === 'write' && e.mixed !== false);
  const readPercent = Math.round(mixedReads * 100);
  return runLoad(
    url,
    `mixed ${readPercent}% read / ${100 - readPercent}% write`,
    { connections: mixedConnections, seconds: runSeconds, processes, database },
    () => pick(Math.random() < mixedReads ? reads : writes).request(pick(people)),
  );
}

function formatRow(r: LoadResult): string {
  const cells = [
    r.name.padEnd(50),
    String(r.reqPerSec).padStart(6),
    String(r.p50Ms).padStart(6),
    String(r.p99Ms).padStart(6),
    (r.cpuMsPerRequest === null ? '-' : r.cpuMsPerRequest.toFixed(2)).padStart(8),
    (r.dbCpuMsPerRequest === null ? '-' : r.dbCpuMsPerRequest.toFixed(2)).padStart(7),
    r.load1.toFixed(1).padStart(5),
    Object.entries(r.cpuMsPerRequestByProcess)
      .map(([name, ms]) => ` ${name} ${ms.toFixed(2)}`)
      .join(''),
    r.non2xx + r.errors > 0 ? ` (${r.non2xx} non-2xx, ${r.errors} errors)` : '',
  ];
  return cells.join(' ');
}

function printText(reports: ShapeReport[]): void {
  for (const report of reports) {
    console.error(`\n## ${target.name}: ${report.shape} (seed ${report.seedMs} ms)`);
    console.error(
      `${'endpoint'.padEnd(50)} ${'req/s'.padStart(6)} ${'p50'.padStart(6)} ${'p99'.padStart(6)} ${'cpu/req'.padStart(8)} ${'db/req'.padStart(7)} ${'load'.padStart(5)}`,
    );
    for (const row of [...report.rows, ...(report.mixed ? [report.mixed] : [])])
      console.error(formatRow(row));
    const rss = Object.entries(report.rssMb).map(([name, mb]) => `${name} ${mb} MB`);
    if (rss.length > 0) console.error(`RSS after the runs: ${rss.join(', ')}`);
    const { before, after } = report.referenceMs;
    console.error(
      `machine: reference work ${before} ms before the rows, ${after} ms after (lower is faster)`,
    );
  }
  console.error(
    '(ms; cpu/req: CPU ms of the server processes per request; db/req: of PostgreSQL for its database; load: 1-min load average)\n',
  );
}

const reports: ShapeReport[] = [];
if (args.url) {
  reports.push(
    await measure(args.url.replace(/\/$/, ''), givenProcesses(), `given server ${args.url}`, databaseUrl),
  );
} else {
  if (target !== todoTarget) throw new Error(`--target ${target.name} needs --url (start it yourself)`);
  if (!databaseUrl.startsWith('postgres')) throw new Error('DATABASE_URL must name a PostgreSQL database');
  const bus = args.kafka ? `kafka ${args.kafka}` : undefined;
  const labels: Record<ServerMode, string> = {
    embedded: 'npm start (one process)',
    services: `three processes (bus: ${bus ?? 'in-process per service'})`,
    dapr: `three processes, each beside its daprd (invocation with mTLS, state and pub/sub: ${bus ?? 'Redis'})`,
  };
  const modes = (args.mode ? [args.mode] : ['embedded', 'services']) as ServerMode[];
  const unknown = modes.find((m) => !(m in labels));
  if (unknown) throw new Error(`--mode ${unknown}: ${Object.keys(labels).join(', ')}`);
  await ensureDatabase(databaseUrl);
  for (const mode of modes) {
    if (args.reset) await resetDatabase();
    const servers = await startServers(mode, {
      databaseUrl,
      kafkaBrokers: args.kafka,
      cpuProfDir: args['cpu-prof'],
      nodeArgs: args['node-args']?.split(' ').filter(Boolean),
    });
    try {
      reports.push(await measure(servers.url, servers.processes, labels[mode], servers.databaseUrl));
    } finally {
      await servers.stop();
    }
  }
}
printText(reports);
console.log(JSON.stringify({ bench: 'api', target: target.name, seed: shape, seconds, reports }));
