// `npm run bench`: every benchmark under bench/, one after another, each printing one JSON line.
// BENCH=name runs one (e.g. BENCH=startup).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.env.BENCH;
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .filter((f) => !only || f.replace(/\.ts$/, '') === only)
  .sort();
let failed = 0;
for (const file of files) {
  console.error(`== bench/${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
