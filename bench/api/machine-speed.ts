// How fast this machine's CPU runs at the moment: a fixed piece of work timed in the bench's own
// process, before the first row and after the last. On the 2-core VM issue 14 is measured on, the
// same code's CPU per request for GET /api/auth/me read 0.86, 1.28, 0.80 and then 1.96 ms within 80
// minutes, with nothing else running on it; this work took 36–38 ms when it was fast and 42–47 ms when
// it was slow. (Timing round trips to PostgreSQL beside it was tried: 1,000 took 43 ms while the Dapr
// topology kept the cores busy and 130–251 ms with them idle, which is how long an idle core takes to
// wake, not how fast it runs.) Runs whose reference times differ do not compare as a before and after
// of the code; alternate the two versions, run after run.

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

/** Milliseconds for the reference work (the fastest of five tries): lower is a faster machine. */
export function referenceMs(): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = performance.now();
    let items = 0;
    for (let i = 0; i < 400; i++) items += (JSON.parse(JSON.stringify(PAGE)) as unknown[]).length;
    // Used, so that the compiler cannot drop the work as dead.
    if (items !== 400 * PAGE.length) throw new Error('reference work went wrong');
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best * 10) / 10;
}
