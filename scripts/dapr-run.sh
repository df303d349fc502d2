#!/usr/bin/env bash
# The system on Dapr on one machine: `dapr run -f dapr/dapr.yaml` (the Dapr CLI's multi-app run) with
# everything it needs around it. In the foreground until Ctrl+C (or SIGTERM), which stops the apps,
# their sidecars and sentry.
#
#   scripts/dapr-run.sh        then open http://127.0.0.1:8080
#
# What it does first: builds daprd, sentry and the CLI if missing (scripts/daprd.sh); takes
# DATABASE_URL and REDIS_URL from the environment or starts scripts/stack-services.sh's servers;
# makes the local secret store's file (scripts/dapr-secrets.ts) and the app/sidecar tokens under
# .data/dapr/ (kept, never in git); starts sentry on 127.0.0.1:50001, where the CLI points every sidecar whose configuration turns
# mTLS on (access control needs it to know who calls).
#
# Settings (environment): DAPR_RUN_FILE (dapr/dapr.yaml), DAPR_DATA_DIR (.data/dapr), DATABASE_URL,
# REDIS_URL, SENTRY_PORT (50001: the CLI's fixed sentry address; change it only with a run file
# whose sidecars do not use mTLS).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" dapr-run

RUN_FILE="${DAPR_RUN_FILE:-$ROOT/dapr/dapr.yaml}"
DATA_DIR="${DAPR_DATA_DIR:-$ROOT/.data/dapr}"
SENTRY_PORT="${SENTRY_PORT:-50001}"

# KEY=value lines of a script's stdout, exported (only the names asked for).
export_lines() {
  local names="$1" line
  while IFS= read -r line; do
    [[ "$line" =~ ^($names)=.+$ ]] && export "${line?}"
  done
}

export_lines 'DAPRD_PATH|DAPR_SENTRY_PATH|DAPR_CLI_PATH' < <("$ROOT/scripts/daprd.sh" build)
[[ -n "${DAPR_CLI_PATH:-}" && -n "${DAPR_SENTRY_PATH:-}" ]] || die "scripts/daprd.sh build printed no DAPR_CLI_PATH"
if [[ -z "${DATABASE_URL:-}" || -z "${REDIS_URL:-}" ]]; then
  export_lines 'DATABASE_URL|REDIS_URL' < <("$ROOT/scripts/stack-services.sh")
fi
: "${DATABASE_URL:?no DATABASE_URL}" "${REDIS_URL:?no REDIS_URL}"

mkdir -p "$DATA_DIR/sentry/credentials"
chmod 700 "$DATA_DIR"
random_token() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | head -c 40; }
umask 077
if [[ ! -s "$DATA_DIR/tokens.env" ]]; then
  printf 'APP_API_TOKEN=%s\nDAPR_API_TOKEN=%s\n' "$(random_token)" "$(random_token)" >"$DATA_DIR/tokens.env"
fi
export_lines 'APP_API_TOKEN|DAPR_API_TOKEN' <"$DATA_DIR/tokens.env"
# The local secret store's file (internal token, VAPID keys, database URL), made once and kept.
SECRETS_FILE="$(cd "$ROOT" && npx tsx scripts/dapr-secrets.ts "$DATA_DIR/secrets.json" | sed -n 's/^SECRETS_FILE=//p')"
[[ -s "$SECRETS_FILE" ]] || die "scripts/dapr-secrets.ts made no secrets file"

redis_host="${REDIS_URL#redis://}"
export REDIS_HOST="${redis_host%%/*}" SECRETS_FILE NAMESPACE=default
# daprd reads POD_NAME for the bff's own consumer group ({podName} in events-broadcast).
export POD_NAME="${POD_NAME:-bff-local}"

sentry_pid=
cleanup() {
  if [[ -n "$sentry_pid" ]] && kill -0 "$sentry_pid" 2>/dev/null; then
    kill "$sentry_pid" 2>/dev/null || true
    wait "$sentry_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

cat >"$DATA_DIR/sentry/config.yaml" <<'EOF'
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: daprsystem
spec:
  mtls:
    enabled: true
    workloadCertTTL: 24h
    allowedClockSkew: 15m
EOF
log "starting sentry on 127.0.0.1:$SENTRY_PORT (log: $DATA_DIR/sentry/sentry.log)"
"$DAPR_SENTRY_PATH" --config "$DATA_DIR/sentry/config.yaml" --issuer-credentials "$DATA_DIR/sentry/credentials" \
  --trust-domain localhost --listen-address 127.0.0.1 --port "$SENTRY_PORT" \
  --healthz-listen-address 127.0.0.1 --healthz-port "${SENTRY_HEALTHZ_PORT:-50007}" \
  --metrics-port "${SENTRY_METRICS_PORT:-50008}" >"$DATA_DIR/sentry/sentry.log" 2>&1 &
sentry_pid=$!
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:${SENTRY_HEALTHZ_PORT:-50007}/healthz" && break
  kill -0 "$sentry_pid" 2>/dev/null || {
    tail -n 20 "$DATA_DIR/sentry/sentry.log" >&2
    die "sentry exited (log above)"
  }
  sleep 0.5
done
DAPR_TRUST_ANCHORS="$(cat "$DATA_DIR/sentry/credentials/ca.crt")"
export DAPR_TRUST_ANCHORS

log "dapr run -f $RUN_FILE (logs: .dapr/logs/ beside the apps)"
# From the repository: the sidecars' name-resolution file (.data/dapr/names.db in dapr/local's
# configurations) is relative to their working directory.
cd "$ROOT"
# Not exec: the trap stops sentry once the CLI has stopped the apps and sidecars.
"$DAPR_CLI_PATH" run -f "$RUN_FILE" &
cli_pid=$!
trap 'kill -TERM "$cli_pid" 2>/dev/null || true' INT TERM
status=0
wait "$cli_pid" || status=$?
# A signal interrupts the first wait; the second waits for the CLI to finish stopping everything.
wait "$cli_pid" 2>/dev/null || true
exit "$status"
