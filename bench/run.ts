// `npm run bench`: every benchmark under bench/, one after another, each printing one JSON line.
// BENCH=name runs one (e.g. BENCH=startup), and so does `npm run bench -- name [its options…]`, which
// passes the options on (`npm run bench -- api --url http://…`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const [named, ...options] = process.argv.slice(2);
const only = named ?? process.env.BENCH;
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .filter((f) => !only || f.replace(/\.ts$/, '') === only)
  .sort();
if (files.length === 0) {
  console.error(`no benchmark named ${only} under bench/`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.error(`== bench/${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`, ...options], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
