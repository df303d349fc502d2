#!/usr/bin/env bash
# Local PostgreSQL + Redis for the `stack` test project and for trying the services against real
# servers, without Docker or systemd. Everything lives under .data/stack/ in the repository.
#
#   scripts/stack-services.sh [start]   install if missing, start if not running, wait, print env lines
#   scripts/stack-services.sh stop      stop both (data is kept)
#   scripts/stack-services.sh status    exit 0 if both answer
#   scripts/stack-services.sh env       print the env lines only
#
# Progress goes to stderr; stdout carries only KEY=value lines, so a caller can capture them:
#   eval "$(scripts/stack-services.sh | sed 's/^/export /')"
#
# Settings (environment): PGPORT (55432), REDIS_PORT (56379), STACK_TIMEOUT seconds (30).
# The cluster is for tests: fsync is off, so a machine crash can corrupt it (delete .data/stack/pg).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="$ROOT/.data/stack"
PG_DATA="$STACK_DIR/pg"
PG_RUN="$STACK_DIR/pg-run" # unix socket and server log
PG_LOG="$PG_RUN/postgres.log"
REDIS_DIR="$STACK_DIR/redis"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"

PG_PORT="${PGPORT:-55432}"
PG_LOG_MARK=0
REDIS_LOG_MARK=0
REDIS_PORT="${REDIS_PORT:-56379}"
TIMEOUT="${STACK_TIMEOUT:-30}"
DB_USER=todo
DB_PASSWORD=todo
DB_NAME=todo_test

# The caller's libpq settings must not redirect the admin connections below.
unset PGHOST PGHOSTADDR PGUSER PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS

log() { printf '[stack] %s\n' "$*" >&2; }
die() {
  printf '[stack] ERROR: %s\n' "$*" >&2
  exit 1
}

for value in "$PG_PORT" "$REDIS_PORT" "$TIMEOUT"; do
  [[ "$value" =~ ^[0-9]+$ ]] || die "PGPORT, REDIS_PORT and STACK_TIMEOUT must be numbers (got '$value')"
done

# Print what a log file gained since log_size was taken: this start's lines, not old history.
log_size() { stat -c %s "$1" 2>/dev/null || echo 0; }
show_log_since() {
  local file="$1" offset="$2"
  [[ -r "$file" ]] || return 0
  printf -- '--- %s (this start) ---\n' "$file" >&2
  tail -c +"$((offset + 1))" "$file" | tail -n 40 >&2
  printf -- '---\n' >&2
}

print_env() {
  printf 'DATABASE_URL=postgres://%s:%s@127.0.0.1:%s/%s\n' "$DB_USER" "$DB_PASSWORD" "$PG_PORT" "$DB_NAME"
  printf 'REDIS_URL=redis://127.0.0.1:%s\n' "$REDIS_PORT"
}

# --- privileges ----------------------------------------------------------------------------
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` OS user;
# as anyone else (a CI runner), it runs as that user.
if [[ $EUID -eq 0 ]]; then
  PG_OS_USER=postgres
  SUDO=()
else
  PG_OS_USER="$(id -un)"
  SUDO=(sudo -n)
fi

as_pg() {
  # cd / first: initdb and pg_ctl fail when they cannot read the current directory.
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    (cd / && "$@")
  fi
}

# --- installation --------------------------------------------------------------------------
PG_BIN=""
find_pg_bin() {
  local dir
  PG_BIN=""
  if [[ -n "${PG_BINDIR:-}" && -x "${PG_BINDIR}/initdb" ]]; then
    PG_BIN="$PG_BINDIR"
    return 0
  fi
  # Newest installed major version (Debian/Ubuntu layout).
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      PG_BIN="$dir"
      return 0
    fi
  done
  return 1
}

ensure_installed() {
  local missing=()
  find_pg_bin || missing+=(postgresql)
  command -v psql >/dev/null 2>&1 && command -v pg_isready >/dev/null 2>&1 || missing+=(postgresql-client)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  log "installing missing packages (${missing[*]}) with apt-get"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install PostgreSQL and Redis by hand"
  if [[ $EUID -ne 0 ]] && ! sudo -n true 2>/dev/null; then
    die "PostgreSQL/Redis missing and no passwordless sudo to install them (apt-get install postgresql redis-server)"
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 ||
    die "apt-get update failed"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    postgresql redis-server >&2 || die "apt-get install postgresql redis-server failed"
  find_pg_bin || die "PostgreSQL installed, but no /usr/lib/postgresql/*/bin/initdb found (set PG_BINDIR)"
  command -v redis-server >/dev/null 2>&1 || die "redis-server still not on PATH after installing"
}

# --- PostgreSQL ----------------------------------------------------------------------------
pg_running() {
  [[ -f "$PG_DATA/PG_VERSION" ]] || return 1
  as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_running_port() {
  # Line 4 of postmaster.pid is the port the running server listens on.
  sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true
}

pg_admin() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_prepare_dirs() {
  mkdir -p "$STACK_DIR" "$PG_DATA" "$PG_RUN"
  if [[ $EUID -eq 0 ]]; then
    chown "$PG_OS_USER:" "$PG_DATA" "$PG_RUN"
    runuser -u "$PG_OS_USER" -- test -x "$STACK_DIR" ||
      die "the '$PG_OS_USER' OS user cannot reach $STACK_DIR (check the permissions of its parent folders)"
  fi
  local owner
  owner="$(stat -c %U "$PG_DATA")"
  [[ "$owner" == "$PG_OS_USER" ]] ||
    die "$PG_DATA belongs to '$owner', not '$PG_OS_USER'; run this script as the user who created it, or delete the folder"
  chmod 700 "$PG_DATA" "$PG_RUN"
}

pg_init() {
  if [[ -f "$PG_DATA/PG_VERSION" ]]; then
    local have want
    have="$(cat "$PG_DATA/PG_VERSION")"
    # "pg_ctl (PostgreSQL) 15.14 (Debian ...)" -> 15
    want="$("$PG_BIN/pg_ctl" --version | sed -E 's/^[^)]*\) ([0-9]+).*/\1/')"
    [[ "$have" == "$want" ]] ||
      die "$PG_DATA holds a PostgreSQL $have cluster but the binaries are $want ($PG_BIN); delete $PG_DATA to recreate it"
    return 0
  fi
  if [[ -n "$(ls -A "$PG_DATA")" ]]; then
    die "$PG_DATA is not empty but holds no cluster (a failed initdb?); delete it and re-run"
  fi
  local locale_args=(--no-locale) locales
  locales="$(locale -a 2>/dev/null || true)"
  if grep -qix 'c.utf-\?8' <<<"$locales"; then
    locale_args=(--locale=C.UTF-8)
  fi
  log "creating the PostgreSQL cluster in $PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --encoding=UTF8 "${locale_args[@]}" \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_RUN/initdb.log" 2>&1 || {
    cat "$PG_RUN/initdb.log" >&2
    rm -rf "${PG_DATA:?}"/*
    die "initdb failed (output above)"
  }
  printf "\n# Written by scripts/stack-services.sh on every start.\ninclude_if_exists = 'stack.conf'\n" |
    as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

pg_start() {
  if pg_running; then
    local port
    port="$(pg_running_port)"
    [[ "$port" == "$PG_PORT" ]] ||
      die "PostgreSQL from $PG_DATA is already running on port $port, not $PG_PORT; run '$0 stop' first"
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    return 0
  fi
  as_pg tee "$PG_DATA/stack.conf" >/dev/null <<EOF
# Test cluster: written by scripts/stack-services.sh before each start; edits are overwritten.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_RUN'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
# Per-statement timing for the API bench (npm run bench -- api --statements 8), planning included:
# a statement planned on every run showed only its execution without it (issue 14).
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track_planning = on
EOF
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  PG_LOG_MARK="$(log_size "$PG_LOG")"
  # 9>&-: the server must not inherit the lock (see lock()), or it would hold it forever.
  if ! as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t "$TIMEOUT" >/dev/null 9>&-; then
    show_log_since "$PG_LOG" "$PG_LOG_MARK"
    die "PostgreSQL failed to start on 127.0.0.1:$PG_PORT (log above; timeout ${TIMEOUT}s)"
  fi
}

pg_wait() {
  local deadline=$((SECONDS + TIMEOUT))
  until pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; do
    if ((SECONDS >= deadline)); then
      show_log_since "$PG_LOG" "$PG_LOG_MARK"
      die "PostgreSQL does not answer on 127.0.0.1:$PG_PORT after ${TIMEOUT}s (log above)"
    fi
    sleep 0.5
  done
}

pg_provision() {
  local has_role has_db
  has_role="$(pg_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ||
    die "cannot connect to PostgreSQL as postgres through $PG_RUN"
  if [[ "$has_role" != 1 ]]; then
    log "creating role $DB_USER"
    pg_admin -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
  else
    # Keep the documented password even if someone changed it.
    pg_admin -c "ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
  fi
  has_db="$(pg_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")"
  if [[ "$has_db" != 1 ]]; then
    log "creating database $DB_NAME"
    pg_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
  fi
  # pg_signal_backend: the tests drop their scratch databases WITH (FORCE). An autovacuum worker in one
  # has no role, and PostgreSQL 15 lets only superusers and pg_signal_backend members end it; without it
  # the drop fails whenever autovacuum happens to be there.
  # pg_stat_statements: the bench's per-statement timing reads and empties it for its own database
  # (bench/api/statements.ts).
  pg_admin -c "SET client_min_messages = warning" -c "GRANT pg_signal_backend TO $DB_USER" \
    -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
    -c "GRANT EXECUTE ON FUNCTION pg_stat_statements_reset(oid, oid, bigint) TO $DB_USER"
  # The password path the tests use, end to end.
  PGPASSWORD="$DB_PASSWORD" psql -X -q -tA -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" \
    -c 'SELECT 1' >/dev/null || die "cannot log in as $DB_USER to $DB_NAME over TCP"
}

pg_stop() {
  if [[ -n "$PG_BIN" ]] && pg_running; then
    log "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t "$TIMEOUT" >/dev/null ||
      die "PostgreSQL did not stop within ${TIMEOUT}s"
  else
    log "PostgreSQL not running"
  fi
}

# --- Redis ---------------------------------------------------------------------------------
redis_ping() {
  [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

redis_pid() {
  local pid
  pid="$(cat "$REDIS_PIDFILE" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    echo "$pid"
  fi
}

redis_start() {
  mkdir -p "$REDIS_DIR"
  if redis_ping; then
    local dir
    dir="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config get dir 2>/dev/null | sed -n 2p)"
    [[ "$dir" == "$REDIS_DIR" ]] ||
      die "another Redis (dir '$dir') already answers on 127.0.0.1:$REDIS_PORT; stop it or set REDIS_PORT"
    log "Redis already running on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  local pid
  pid="$(redis_pid)"
  if [[ -n "$pid" ]]; then
    die "Redis from $REDIS_DIR is running (pid $pid) but does not answer on port $REDIS_PORT; run '$0 stop' first"
  fi
  rm -f "$REDIS_PIDFILE"
  log "starting Redis on 127.0.0.1:$REDIS_PORT (log: $REDIS_LOG)"
  REDIS_LOG_MARK="$(log_size "$REDIS_LOG")"
  # No persistence: this Redis holds test sessions and streams only.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --supervised no \
    --dir "$REDIS_DIR" --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" \
    --save '' --appendonly no 9>&- ||
    die "redis-server failed to start (see $REDIS_LOG)"
}

redis_wait() {
  local deadline=$((SECONDS + TIMEOUT))
  until redis_ping; do
    if ((SECONDS >= deadline)); then
      show_log_since "$REDIS_LOG" "$REDIS_LOG_MARK"
      die "Redis does not answer on 127.0.0.1:$REDIS_PORT after ${TIMEOUT}s (log above)"
    fi
    sleep 0.5
  done
}

redis_stop() {
  local pid
  pid="$(redis_pid)"
  if [[ -z "$pid" ]]; then
    log "Redis not running"
    rm -f "$REDIS_PIDFILE"
    return 0
  fi
  log "stopping Redis"
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || die "Redis (pid $pid) did not stop within ${TIMEOUT}s"
    sleep 0.2
  done
  rm -f "$REDIS_PIDFILE"
}

# --- main ----------------------------------------------------------------------------------
lock() {
  # One run at a time: two engineers (or two terminals) starting the stack together.
  mkdir -p "$STACK_DIR"
  exec 9>"$STACK_DIR/.lock"
  flock -w 120 9 || die "another stack-services.sh run holds $STACK_DIR/.lock"
}

cmd="${1:-start}"
case "$cmd" in
  start)
    lock
    ensure_installed
    pg_prepare_dirs
    pg_init
    pg_start
    redis_start
    pg_wait
    pg_provision
    redis_wait
    log "PostgreSQL and Redis are up; use:"
    print_env
    ;;
  stop)
    lock
    find_pg_bin || true
    pg_stop
    redis_stop
    ;;
  status)
    ok=0
    if pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; then
      log "PostgreSQL answers on 127.0.0.1:$PG_PORT"
    else
      log "PostgreSQL does not answer on 127.0.0.1:$PG_PORT"
      ok=1
    fi
    if redis_ping; then log "Redis answers on 127.0.0.1:$REDIS_PORT"; else
      log "Redis does not answer on 127.0.0.1:$REDIS_PORT"
      ok=1
    fi
    exit "$ok"
    ;;
  env)
    print_env
    ;;
  *)
    die "unknown command '$cmd' (use: start | stop | status | env)"
    ;;
esac
