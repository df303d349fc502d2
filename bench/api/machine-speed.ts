// How fast this machine runs at the moment: two fixed pieces of work timed from the bench's own process,
// before the first row and after the last. On the 2-core VM issue 14 is measured on, the same code's
// CPU per request for GET /api/auth/me read 0.86, 1.28, 0.80 and then 1.96 ms within 90 minutes, with
// nothing else running on it. Pure JavaScript (writing and reading JSON) slowed by ~25% meanwhile; the
// requests, which wake another process at every hop, slowed by much more, so round trips to
// PostgreSQL are timed too. Runs whose figures here differ do not compare as a before and after of
// the code; alternate the two versions, run after run.
import pg from 'pg';

export interface MachineSpeed {
  /** ms to write and read a 50-todo page as JSON 400 times (fastest of five). */
  jsonMs: number;
  /** ms for 1,000 `SELECT 1` round trips to the database (fastest of three); null without PostgreSQL. */
  roundTripsMs: number | null;
}

/** A page of todos such as the services write and read: the work they spend their time on. */
const PAGE = Array.from({ length: 50 }, (_, i) => ({
  id: `0193a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
  title: `Call the plumber back about the kitchen tap ${i}`,
  description: 'Ask whether Thursday morning works, and what the part costs.',
  status: i % 3 === 0 ? 'done' : 'open',
  priority: ['low', 'medium', 'high', 'urgent'][i % 4],
  dueAt: new Date(Date.UTC(2026, 11, 1 + (i % 28), 9)).toISOString(),
  tags: [{ id: `tag-${i % 20}`, name: `errand ${i % 20}`, color: '#3366ff' }],
  reminders: [],
  subtasks: [],
  version: 1000 + i,
}));

/** Both figures; `dbUrl` names the database the servers use. */
export async function machineSpeed(dbUrl: string): Promise<MachineSpeed> {
  return {
    jsonMs: await jsonMs(),
    roundTripsMs: dbUrl.startsWith('postgres') ? await roundTripsMs(dbUrl) : null,
  };
}

const fastest = async (tries: number, work: () => unknown): Promise<number> => {
  let best = Infinity;
  for (let attempt = 0; attempt < tries; attempt++) {
    const started = performance.now();
    await work();
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best * 10) / 10;
};

function jsonMs(): Promise<number> {
  return fastest(5, () => {
    let items = 0;
    for (let i = 0; i < 400; i++) items += (JSON.parse(JSON.stringify(PAGE)) as unknown[]).length;
    if (items !== 400 * PAGE.length) throw new Error('reference work went wrong');
  });
}

async function roundTripsMs(dbUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return await fastest(3, async () => {
      for (let i = 0; i < 1000; i++) await client.query('SELECT 1');
    });
  } finally {
    await client.end();
  }
}

/** One line for the table's end. */
export function formatSpeed(before: MachineSpeed, after: MachineSpeed): string {
  const one = (m: MachineSpeed) =>
    `JSON ${m.jsonMs} ms` +
    (m.roundTripsMs === null ? '' : `, 1,000 round trips to PostgreSQL ${m.roundTripsMs} ms`);
  return `machine (lower is faster): before the rows ${one(before)}; after ${one(after)}`;
}
