#!/usr/bin/env bash
# The daprd sidecar binary and the Dapr CLI for the Dapr stack tests and local runs, built from source
# through the Go module proxy (no download of prebuilt binaries, no Docker). The first daprd build
# takes about 7 minutes on 2 cores, the CLI's about 2; later runs reuse the binaries.
#
#   scripts/daprd.sh [build]   build daprd, sentry (the sidecars' certificate authority for mTLS)
#                              and the CLI if the cached binaries are missing, lay out
#                              the CLI's runtime folder (see below); print env
#   scripts/daprd.sh start     run a sidecar for one app in the background (see below)
#   scripts/daprd.sh stop      stop the sidecar started by `start`
#   scripts/daprd.sh env       print the env lines only (fails if a binary is not built)
#
# Progress goes to stderr; stdout carries only KEY=value lines (DAPRD_PATH, DAPR_SENTRY_PATH, DAPR_CLI_PATH,
# and for `start` DAPR_HTTP_PORT=... / DAPR_GRPC_PORT=...), so a caller can capture them like
# stack-services.sh's.
#
# Name resolution: several sidecars on one machine find each other through Dapr's SQLite resolver
# (one database file they all register in; dapr/local/config.yaml). mDNS, the self-hosted default,
# needs multicast, which sandboxes and VPN'd laptops often lack. The resolver is marked stable but
# daprd only compiles it in with `allcomponents`, so the build drops that one file's build constraint
# in a copy of the source and compiles the stable set plus the resolver.
#
# The CLI (`dapr run -f dapr/dapr.yaml`) runs the daprd at $DAPR_RUNTIME_PATH/.dapr/bin/daprd, or
# ~/.dapr/bin/daprd: `build` links the built binary there, the layout `dapr init --slim` makes
# (init itself would download a release). Only that link is written; a daprd already there that is
# not a link is left alone with a warning.
#
# Settings (environment): DAPR_VERSION (v1.16.5), DAPR_CLI_VERSION (v1.16.5), DAPR_BUILD_TAGS
# (stablecomponents; allcomponents for alpha components such as bindings.smtp), DAPR_RUNTIME_PATH
# (the folder holding .dapr; default ~), XDG_CACHE_HOME (~/.cache), GO (go on PATH, else
# /usr/local/go/bin/go). For `start`: DAPR_APP_ID (todo-local), DAPR_APP_PORT (the app's port;
# unset = no app channel), DAPR_HTTP_PORT (3500), DAPR_GRPC_PORT (50001), DAPR_RESOURCES_PATH
# (dapr/local; it reads REDIS_HOST from the environment, default 127.0.0.1:56379).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" daprd

VERSION="${DAPR_VERSION:-v1.16.5}"
CLI_VERSION="${DAPR_CLI_VERSION:-v1.16.5}"
# stablecomponents: only components Dapr declares stable (Redis, Kafka, cron, secret stores...);
# allcomponents adds the rest (e.g. the SMTP binding, alpha) at a longer build.
TAGS="${DAPR_BUILD_TAGS:-stablecomponents}"
# "-nr": with the SQLite name resolver (binaries built before it lack it and are not reused).
if [[ "$TAGS" == stablecomponents ]]; then
  BINARY="$CACHE_DIR/daprd-$VERSION-nr"
else
  BINARY="$CACHE_DIR/daprd-$VERSION-${TAGS//[^A-Za-z0-9]/-}-nr"
fi
CLI_BINARY="$CACHE_DIR/dapr-cli-$CLI_VERSION"
SENTRY_BINARY="$CACHE_DIR/sentry-$VERSION"
RUNTIME_BIN="${DAPR_RUNTIME_PATH:-$HOME}/.dapr/bin"
RUN_DIR="$ROOT/.data/stack/daprd"
PIDFILE="$RUN_DIR/daprd.pid"
LOGFILE="$RUN_DIR/daprd.log"
PORTFILE="$RUN_DIR/ports.env"
TIMEOUT="${STACK_TIMEOUT:-30}"

check_version DAPR_VERSION "$VERSION" v1.16.5
check_version DAPR_CLI_VERSION "$CLI_VERSION" v1.16.5

# A go.mod's requirements, one module@version a line.
requirements() {
  "$1" mod edit -json "$2" | sed -n 's/^[[:space:]]*"Path": "\(.*\)",$/\1/p; s/^[[:space:]]*"Version": "\(.*\)",\{0,1\}$/\1/p' |
    paste -d@ - -
}

build() {
  if [[ -x "$BINARY" ]]; then
    log "daprd $VERSION already built: $BINARY"
    return 0
  fi
  local go dir src started=$SECONDS
  go="$(find_go)"
  mkdir -p "$CACHE_DIR"
  log "downloading github.com/dapr/dapr@$VERSION through the Go module proxy"
  dir="$(module_dir "$go" "github.com/dapr/dapr@$VERSION")"
  [[ -n "$dir" && -d "$dir/cmd/daprd" ]] || die "the downloaded module has no cmd/daprd (dir '$dir')"
  # A writable copy of the module (Go refuses to build edited files in its module cache, overlays
  # included) whose SQLite name resolver registration has lost its `//go:build allcomponents` line.
  src="$CACHE_DIR/src/dapr-$VERSION"
  rm -rf "$src"
  mkdir -p "$src"
  cp -R "$dir/." "$src/"
  chmod -R u+w "$src"
  sed -i '/^\/\/go:build allcomponents$/d' "$src/cmd/daprd/components/nameresolution_sqlite.go"
  log "building daprd $VERSION (tags $TAGS, + SQLite name resolver) in $src; the first build takes about 7 minutes on 2 cores"
  # Build to a temporary name and rename, so an interrupted build never leaves a broken binary.
  # -mod=mod: the module cache copy has no vendor dir and go.sum may lack entries for this Go.
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -trimpath -tags "$TAGS" \
    -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${VERSION#v}" \
    -o "$BINARY.partial" ./cmd/daprd) >&2 || {
    rm -f "$BINARY.partial"
    die "go build of daprd $VERSION failed (output above)"
  }
  mv "$BINARY.partial" "$BINARY"
  log "built $BINARY in $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s"
}

# Sentry, Dapr's certificate authority: with it the sidecars talk mTLS and know each other's app id,
# which access control (dapr/local/config-*.yaml) needs to tell callers apart. Same module as daprd,
# so the build reuses most of daprd's compiled packages.
build_sentry() {
  if [[ -x "$SENTRY_BINARY" ]]; then
    log "sentry $VERSION already built: $SENTRY_BINARY"
    return 0
  fi
  local go dir started=$SECONDS
  go="$(find_go)"
  dir="$(module_dir "$go" "github.com/dapr/dapr@$VERSION")"
  log "building sentry $VERSION from $dir"
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -trimpath \
    -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${VERSION#v}" \
    -o "$SENTRY_BINARY.partial" ./cmd/sentry) >&2 || {
    rm -f "$SENTRY_BINARY.partial"
    die "go build of sentry $VERSION failed (output above)"
  }
  mv "$SENTRY_BINARY.partial" "$SENTRY_BINARY"
  log "built $SENTRY_BINARY in $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s"
}

build_cli() {
  if [[ ! -x "$CLI_BINARY" ]]; then
    local go dir daprdir src started=$SECONDS
    go="$(find_go)"
    mkdir -p "$CACHE_DIR"
    log "downloading github.com/dapr/cli@$CLI_VERSION through the Go module proxy"
    dir="$(module_dir "$go" "github.com/dapr/cli@$CLI_VERSION")"
    [[ -n "$dir" && -f "$dir/main.go" ]] || die "the downloaded module has no main.go (dir '$dir')"
    daprdir="$(module_dir "$go" "github.com/dapr/dapr@$VERSION")"
    # The CLI on the dependency versions of the daprd built above, so one set of modules serves both
    # (the CLI pins an older dapr and components-contrib of its own): every module both require is
    # raised to daprd's version. go-etcd-cron stays at v0.9.1, the one daprd's build resolves (the
    # proxy this project is built behind serves no v0.9.2); the CLI uses it only for `dapr scheduler`.
    src="$CACHE_DIR/src/dapr-cli-$CLI_VERSION"
    rm -rf "$src"
    mkdir -p "$src"
    cp -R "$dir/." "$src/"
    chmod -R u+w "$src"
    local raise
    raise="$(comm -12 <(requirements "$go" "$src/go.mod" | cut -d@ -f1 | sort) \
      <(requirements "$go" "$daprdir/go.mod" | cut -d@ -f1 | sort) |
      join -t@ - <(requirements "$go" "$daprdir/go.mod" | sort -t@ -k1,1) | sed 's/^/-require=/')"
    # shellcheck disable=SC2086 # one -require=module@version word per line
    (cd "$src" && "$go" mod edit $raise \
      -replace=github.com/diagridio/go-etcd-cron=github.com/diagridio/go-etcd-cron@v0.9.1) ||
      die "could not align the CLI's requirements with daprd $VERSION"
    log "building the Dapr CLI $CLI_VERSION in $src (about 3 minutes on 2 cores)"
    # The version flags are the ones the CLI's Makefile sets (`dapr version` prints them).
    (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -trimpath \
      -ldflags "-s -w -X main.version=${CLI_VERSION#v} -X main.apiVersion=1.0" \
      -o "$CLI_BINARY.partial" .) >&2 || {
      rm -f "$CLI_BINARY.partial"
      die "go build of the Dapr CLI $CLI_VERSION failed (output above)"
    }
    mv "$CLI_BINARY.partial" "$CLI_BINARY"
    log "built $CLI_BINARY in $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s"
  fi
  # Where `dapr run` looks for daprd. A link, so a rebuilt daprd is picked up without another step.
  mkdir -p "$RUNTIME_BIN"
  if [[ -e "$RUNTIME_BIN/daprd" && ! -L "$RUNTIME_BIN/daprd" ]]; then
    log "WARNING: $RUNTIME_BIN/daprd is not ours (not a link); 'dapr run' will use it, not $BINARY"
  else
    ln -sfn "$BINARY" "$RUNTIME_BIN/daprd"
  fi
}

print_env() {
  printf 'DAPRD_PATH=%s\nDAPR_SENTRY_PATH=%s\nDAPR_CLI_PATH=%s\n' "$BINARY" "$SENTRY_BINARY" "$CLI_BINARY"
}

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
  printf 'DAPRD_PATH=%s\n' "$BINARY"
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
    build_sentry
    build_cli
    print_env
    ;;
  start) start ;;
  stop) stop ;;
  env)
    [[ -x "$BINARY" ]] || die "daprd $VERSION (tags $TAGS) is not built yet: run '$0 build'"
    [[ -x "$SENTRY_BINARY" ]] || die "sentry $VERSION is not built yet: run '$0 build'"
    [[ -x "$CLI_BINARY" ]] || die "the Dapr CLI $CLI_VERSION is not built yet: run '$0 build'"
    print_env
    ;;
  *) die "unknown command '$1' (use: build | start | stop | env)" ;;
esac
