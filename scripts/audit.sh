#!/usr/bin/env bash
# `npm audit --omit=dev --audit-level=high` for CI: fails on any high or critical advisory in what
# ships (production dependencies). A registry that refuses the advisory endpoint (registry.npmjs.org
# has answered "405 Method Not Allowed, Allow: GET,HEAD" to POST …/security/advisories/bulk from some
# networks) is reported plainly as not checked, and does not fail the run by itself: nothing was
# found, but nothing was checked either, and the log says so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
npm audit --omit=dev --audit-level=high --json >"$report" 2>/dev/null || status=$?

node - "$report" "$status" <<'EOF'
const [file, status] = process.argv.slice(2);
const fs = require('node:fs');
let answer;
try {
  answer = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
  console.error(`npm audit printed no JSON (exit ${status}):\n${fs.readFileSync(file, 'utf8')}`);
  process.exit(1);
}
if (answer.metadata?.vulnerabilities) {
  const counts = answer.metadata.vulnerabilities;
  console.log(`npm audit --omit=dev: ${JSON.stringify(counts)}`);
  const serious = Object.entries(answer.vulnerabilities ?? {}).filter(([, v]) =>
    ['high', 'critical'].includes(v.severity),
  );
  for (const [name, v] of serious) console.log(`  ${v.severity}: ${name} ${v.range} (${[v.via].flat().map((x) => x.url ?? x).join(', ')})`);
  process.exit(serious.length > 0 ? 1 : 0);
}
if (answer.statusCode || answer.message || answer.error) {
  // The registry refused or could not be reached: say exactly what it answered.
  console.log(
    `npm audit NOT CHECKED: the registry refused the advisory request: ${answer.message ?? JSON.stringify(answer.error)}` +
      (answer.headers?.allow ? ` (Allow: ${answer.headers.allow})` : ''),
  );
  process.exit(0);
}
console.error(`npm audit answered something unexpected (exit ${status}): ${JSON.stringify(answer).slice(0, 500)}`);
process.exit(1);
EOF
