#!/usr/bin/env bash
# The observability check (docs/observability.md): the Prometheus rules in k8s/charts/todo/files/
# pass `promtool check rules` and their unit tests (`promtool test rules`, one per alert), the
# Grafana dashboard parses, and every metric an alert or a panel names is really exported by the
# running services (tests/observability/metrics.int.test.ts starts them and scrapes each).
# promtool comes from Debian's `prometheus` package, installed here if missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CHART=k8s/charts/todo

log() { printf '[observability] %s\n' "$*" >&2; }

if ! command -v promtool >/dev/null 2>&1; then
  log 'promtool not found: installing the prometheus package'
  sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
promtool --version 2>&1 | head -n 1

log 'promtool check rules'
promtool check rules "$CHART/files/alerts.yaml"

log 'promtool test rules'
promtool test rules "$CHART"/tests/prometheus/*.test.yaml

log 'dashboard.json parses'
node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (!Array.isArray(d.panels) || d.panels.length === 0) throw new Error("the dashboard has no panels");
console.log(`${d.panels.length} panels in "${d.title}"`);' "$CHART/files/dashboard.json"

log 'every metric named is exported (a scrape of the running services)'
npx vitest run --project embedded tests/observability/metrics.int.test.ts
