#!/usr/bin/env bash
# A daprd sidecar binary for the Dapr stack tests and local runs, built from source through the Go
# module proxy (no Dapr CLI, no Docker). The first build takes about 7 minutes on 2 cores (6.5 of
# them compiling); later runs reuse the binary.
#
#   scripts/daprd.sh [build]   download and build daprd if the cached binary is missing; print env
#   scripts/daprd.sh start     run a sidecar for one app in the background (see below)
#   scripts/daprd.sh stop      stop the sidecar started by `start`
#   scripts/daprd.sh env       print the env line only (fails if the binary is not built)
#
# Progress goes to stderr; stdout carries only KEY=value lines (DAPRD_PATH=..., and for `start`
# DAPR_HTTP_PORT=... / DAPR_GRPC_PORT=...), so a caller can capture them like stack-services.sh's.
#
# Settings (environment): DAPR_VERSION (v1.16.5), DAPR_BUILD_TAGS (stablecomponents; allcomponents
# for alpha components such as bindings.smtp), XDG_CACHE_HOME (~/.cache), GO (go on PATH, else
# /usr/local/go/bin/go). For `start`: DAPR_APP_ID (todo-local), DAPR_APP_PORT (the app's port;
# unset = no app channel), DAPR_HTTP_PORT (3500), DAPR_GRPC_PORT (50001), DAPR_RESOURCES_PATH
# (dapr/local; it reads REDIS_HOST from the environment, default 127.0.0.1:56379).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${DAPR_VERSION:-v1.16.5}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/todo-ci"
# stablecomponents: only components Dapr declares stable (Redis, Kafka, cron, secret stores...);
# allcomponents adds the rest (e.g. the SMTP binding, alpha) at a longer build.
TAGS="${DAPR_BUILD_TAGS:-stablecomponents}"
if [[ "$TAGS" == stablecomponents ]]; then
  BINARY="$CACHE_DIR/daprd-$VERSION"
else
  BINARY="$CACHE_DIR/daprd-$VERSION-${TAGS//[^A-Za-z0-9]/-}"
fi
RUN_DIR="$ROOT/.data/stack/daprd"
PIDFILE="$RUN_DIR/daprd.pid"
LOGFILE="$RUN_DIR/daprd.log"
PORTFILE="$RUN_DIR/ports.env"
TIMEOUT="${STACK_TIMEOUT:-30}"

log() { printf '[daprd] %s\n' "$*" >&2; }
die() {
  printf '[daprd] ERROR: %s\n' "$*" >&2
  exit 1
}

[[ "$VERSION" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "DAPR_VERSION must look like v1.16.5 (got '$VERSION')"

find_go() {
  if [[ -n "${GO:-}" ]]; then
    echo "$GO"
  elif command -v go >/dev/null 2>&1; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    echo /usr/local/go/bin/go
  else
    die "Go not found (install it, or set GO=/path/to/go)"
  fi
}

build() {
  if [[ -x "$BINARY" ]]; then
    log "daprd $VERSION already built: $BINARY"
    return 0
  fi
  local go dir started=$SECONDS
  go="$(find_go)"
  mkdir -p "$CACHE_DIR"
  log "downloading github.com/dapr/dapr@$VERSION through the Go module proxy"
  # Outside any module, so the repository's own files cannot influence the download.
  dir="$(cd "$CACHE_DIR" && GOFLAGS=-mod=mod GO111MODULE=on "$go" mod download -json "github.com/dapr/dapr@$VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || die "go mod download github.com/dapr/dapr@$VERSION failed"
  [[ -n "$dir" && -d "$dir/cmd/daprd" ]] || die "the downloaded module has no cmd/daprd (dir '$dir')"
  log "building daprd $VERSION (tags $TAGS) from $dir; the first build takes about 7 minutes on 2 cores"
  # Build to a temporary name and rename, so an interrupted build never leaves a broken binary.
  # -mod=mod: the module cache copy has no vendor dir and go.sum may lack entries for this Go.
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -trimpath -tags "$TAGS" \
    -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${VERSION#v}" \
    -o "$BINARY.partial" ./cmd/daprd) >&2 || {
    rm -f "$BINARY.partial"
    die "go build of daprd $VERSION failed (output above)"
  }
  mv "$BINARY.partial" "$BINARY"
  log "built $BINARY in $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s"
}

print_env() { printf 'DAPRD_PATH=%s\n' "$BINARY"; }

daprd_pid() {
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  # A stale pid file can name a recycled pid: the process must also be ours.
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- 'daprd-'; then
    echo "$pid"
  fi
}

start() {
  build
  mkdir -p "$RUN_DIR"
  local http_port="${DAPR_HTTP_PORT:-3500}" grpc_port="${DAPR_GRPC_PORT:-50001}"
  local resources="${DAPR_RESOURCES_PATH:-$ROOT/dapr/local}" pid
  pid="$(daprd_pid)"
  if [[ -n "$pid" ]]; then
    # The running sidecar's ports, as its start recorded them.
    http_port="$(sed -n 's/^DAPR_HTTP_PORT=//p' "$PORTFILE")"
    grpc_port="$(sed -n 's/^DAPR_GRPC_PORT=//p' "$PORTFILE")"
    [[ -z "${DAPR_HTTP_PORT:-}" || "$DAPR_HTTP_PORT" == "$http_port" ]] ||
      die "daprd is already running (pid $pid) on HTTP port $http_port, not $DAPR_HTTP_PORT; run '$0 stop' first"
    log "daprd already running (pid $pid) on HTTP $http_port; '$0 stop' first to change its settings"
  else
    local args=(--app-id "${DAPR_APP_ID:-todo-local}" --dapr-http-port "$http_port"
      --dapr-grpc-port "$grpc_port" --dapr-listen-addresses 127.0.0.1
      --metrics-port "${DAPR_METRICS_PORT:-59090}" --resources-path "$resources"
      --log-level "${DAPR_LOG_LEVEL:-info}")
    [[ -n "${DAPR_APP_PORT:-}" ]] && args+=(--app-port "$DAPR_APP_PORT")
    log "starting daprd on HTTP $http_port / gRPC $grpc_port with $resources (log: $LOGFILE)"
    REDIS_HOST="${REDIS_HOST:-127.0.0.1:56379}" nohup "$BINARY" "${args[@]}" >"$LOGFILE" 2>&1 &
    echo $! >"$PIDFILE"
    printf 'DAPR_HTTP_PORT=%s\nDAPR_GRPC_PORT=%s\n' "$http_port" "$grpc_port" >"$PORTFILE"
  fi
  local deadline=$((SECONDS + TIMEOUT))
  # /v1.0/healthz/outbound answers 204 once components are loaded, even before the app is up.
  until curl -fs -o /dev/null "http://127.0.0.1:$http_port/v1.0/healthz/outbound"; do
    if [[ -z "$(daprd_pid)" ]] || ((SECONDS >= deadline)); then
      tail -n 40 "$LOGFILE" >&2 || true
      die "daprd does not answer on 127.0.0.1:$http_port (log above)"
    fi
    sleep 0.5
  done
  print_env
  printf 'DAPR_HTTP_PORT=%s\nDAPR_GRPC_PORT=%s\n' "$http_port" "$grpc_port"
}

stop() {
  local pid
  pid="$(daprd_pid)"
  if [[ -z "$pid" ]]; then
    log "daprd not running"
  else
    log "stopping daprd (pid $pid)"
    kill "$pid"
    local deadline=$((SECONDS + TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
      ((SECONDS < deadline)) || die "daprd (pid $pid) did not stop within ${TIMEOUT}s"
      sleep 0.2
    done
  fi
  rm -f "$PIDFILE" "$PORTFILE"
}

case "${1:-build}" in
  build)
    build
    print_env
    ;;
  start) start ;;
  stop) stop ;;
  env)
    [[ -x "$BINARY" ]] || die "daprd $VERSION (tags $TAGS) is not built yet: run '$0 build'"
    print_env
    ;;
  *) die "unknown command '$1' (use: build | start | stop | env)" ;;
esac
