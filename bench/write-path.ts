// `npm run bench -- write-path`: where a create's cost goes inside core-service (issue 14's POST), with
// no HTTP in front. On DATABASE_URL's PostgreSQL (a database of its own: it migrates it and adds people).
// Three ways to make a todo, each run with 10 creates in flight for one person:
//
//   one statement  TodosService.create as the API's POST runs it for a todo sent without an id: the
//                todo, its change-log entry and its event in one statement (todo-create.ts,
//                createInInbox), going by the person as the last write left them (read once for a
//                run of writes: inbox-writes.ts);
//   transaction  TodosService.create for a todo sent with its id (a device's, as sync's creates are):
//                knex, objection and the rules, ten round trips from BEGIN to COMMIT;
//   same SQL     the transaction's statements, captured from one create, sent by a bare `pg` pool as
//                prepared statements (fresh ids and versions each time): what knex and the service
//                add is the difference.
//
// Prints, per way: creates a second, this process's CPU per create and PostgreSQL's (its backends for
// the database, read from /proc when it runs here), as text (stderr) and one JSON line (stdout).
//   --creates 3000 --in-flight 10
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDatabase } from '@todo/platform';
import { databaseCpu, databaseCpuUsed } from './api/database-cpu.ts';
import { coreRepositories } from '../core-service/src/app.ts';
import { coreMigrations } from '../core-service/src/db/migrations/index.ts';
import { createUnitOfWork } from '../core-service/src/db/store.ts';
import { inboxIdOf } from '../core-service/src/modules/lists/inbox.ts';
import { PageCache } from '../core-service/src/modules/todos/page-cache.ts';
import { TodosService } from '../core-service/src/modules/todos/todos.service.ts';
import { UsersService } from '../core-service/src/modules/users/users.service.ts';

const { values: args } = parseArgs({
  options: {
    creates: { type: 'string', default: '3000' },
    'in-flight': { type: 'string', default: '10' },
  },
});
const CREATES = Number(args.creates);
const IN_FLIGHT = Number(args['in-flight']);
const url = process.env.DATABASE_URL ?? '';
if (!url.startsWith('postgres')) throw new Error('DATABASE_URL must name a PostgreSQL database');

const db = createDatabase({ url });
await db.migrate(coreMigrations);
const uow = createUnitOfWork(db.knex, coreRepositories);
const users = new UsersService(uow);
const todos = new TodosService(uow, () => new Date(), new PageCache(0));
const pool = new pg.Pool({ connectionString: url, max: IN_FLIGHT });
const dbCpu = await databaseCpu(url);
const PRIORITIES = ['low', 'medium', 'high'] as const;
const TITLE = 'Call the plumber back';

/** A new person (with their Inbox) and a first todo, so every way starts from the same state. */
async function person(): Promise<string> {
  const { id } = await users.create({
    email: `write-path-${randomUUID()}@bench.test`,
    passwordHash: 'not used',
    name: 'Bench',
    timeZone: 'UTC',
  });
  await todos.create(id, { title: 'first', priority: 'low' });
  return id;
}

interface WayFigure {
  way: string;
  perSecond: number;
  cpuMsPerCreate: number;
  databaseCpuMsPerCreate: number | null;
}

async function measure(way: string, create: (i: number) => Promise<unknown>): Promise<WayFigure> {
  for (let i = 0; i < 300; i++) await create(i); // the JIT and the pool warm
  const dbBefore = await dbCpu?.snapshot();
  const started = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CREATES) await create(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  const dbAfter = await dbCpu?.snapshot();
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    way,
    perSecond: Math.round((CREATES / ms) * 1000),
    cpuMsPerCreate: round((used.user + used.system) / 1000 / CREATES),
    databaseCpuMsPerCreate: dbBefore && dbAfter ? round(databaseCpuUsed(dbBefore, dbAfter) / CREATES) : null,
  };
}

/** The statements of one create as knex sends them (pg's $n placeholders), with their bindings. */
async function captureCreate(userId: string): Promise<{ sql: string; bindings: unknown[] }[]> {
  const captured: { sql: string; bindings: unknown[] }[] = [];
  const listen = (q: { sql: string; bindings?: unknown[] }) =>
    captured.push({ sql: q.sql, bindings: q.bindings ?? [] });
  db.knex.on('query', listen);
  await todos.create(userId, { id: randomUUID(), title: TITLE, priority: 'high' });
  db.knex.off('query', listen);
  return captured;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The captured statements for another person: their ids for the first's, fresh ones for the rest. */
function replay(statements: { sql: string; bindings: unknown[] }[], from: string, to: string) {
  const same = new Map([
    [from, to],
    [inboxIdOf(from), inboxIdOf(to)],
  ]);
  let version = 1_000_000;
  return async () => {
    const fresh = new Map(same);
    const v = ++version;
    const rebind = (b: unknown) =>
      typeof b !== 'string'
        ? b
        : b
            .replace(UUID, (id) => fresh.get(id) ?? (fresh.set(id, randomUUID()), fresh.get(id)!))
            .replace(/"version":\d+/g, `"version":${v}`);
    const client = await pool.connect();
    try {
      for (const [i, s] of statements.entries()) {
        const values = s.bindings.map(rebind);
        // Prepared, as the service prepares its statements (PREPARE): else PostgreSQL plans each anew.
        await client.query(values.length ? { name: `bench-replay-${i}`, text: s.sql, values } : s.sql);
      }
    } finally {
      client.release();
    }
  };
}

try {
  const figures: WayFigure[] = [];
  const first = await person();
  const captured = await captureCreate(first);
  for (let round = 1; round <= 2; round++) {
    const a = await person();
    figures.push(
      await measure('one statement', (i) => todos.create(a, { title: TITLE, priority: PRIORITIES[i % 3]! })),
    );
    const b = await person();
    figures.push(
      await measure('transaction', (i) =>
        todos.create(b, { id: randomUUID(), title: TITLE, priority: PRIORITIES[i % 3]! }),
      ),
    );
    figures.push(await measure('same SQL', replay(captured, first, await person())));
  }
  console.error(`write path: ${CREATES} creates, ${IN_FLIGHT} in flight, one person (per way, two rounds)`);
  console.error('way              creates/s  cpu ms/create  db cpu ms/create');
  for (const f of figures)
    console.error(
      `${f.way.padEnd(16)} ${String(f.perSecond).padStart(9)} ${f.cpuMsPerCreate.toFixed(3).padStart(14)} ` +
        `${f.databaseCpuMsPerCreate?.toFixed(3).padStart(17) ?? '                –'}`,
    );
  console.log(JSON.stringify({ bench: 'write-path', creates: CREATES, inFlight: IN_FLIGHT, figures }));
} finally {
  await dbCpu?.close();
  await pool.end();
  await db.close();
}
