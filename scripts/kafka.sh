#!/usr/bin/env bash
# A local single-node Apache Kafka (KRaft: one process is broker and controller) for the Kafka
# stack tests and for running the services against Kafka, without Docker. Jars come from Maven
# Central (scripts/kafka/pom.xml) and are cached per version; data lives under .data/stack/kafka.
#
#   scripts/kafka.sh [start]   fetch jars if missing, format the log dir once, start if not running,
#                              wait until it answers, print the env line
#   scripts/kafka.sh stop      stop it (data is kept; delete .data/stack/kafka to start afresh)
#   scripts/kafka.sh env       print the env lines only
#
# Progress goes to stderr; stdout carries only KEY=value lines (KAFKA_BROKERS=127.0.0.1:59092), so
# a caller can capture them: eval "$(scripts/kafka.sh | sed 's/^/export /')"
#
# Besides plaintext, the broker listens as a managed Kafka does: SASL (SCRAM-SHA-512) over TLS, with
# a certificate of its own test CA (made once under .data/stack/kafka/tls) and a user `todo`. The
# KAFKA_SECURE_* lines say how to reach it (the clients' KAFKA_TLS / KAFKA_SASL_* settings).
#
# Settings (environment): KAFKA_VERSION (4.1.1), KAFKA_PORT (59092; the controller listens on the
# next port, SASL over TLS on the one after), KAFKA_HEAP (-Xmx512m -Xms256m), KAFKA_TIMEOUT seconds
# (60), XDG_CACHE_HOME (~/.cache).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${KAFKA_VERSION:-4.1.1}"
PORT="${KAFKA_PORT:-59092}"
TIMEOUT="${KAFKA_TIMEOUT:-60}"
HEAP="${KAFKA_HEAP:--Xmx512m -Xms256m}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/todo-ci/kafka-$VERSION"
LIBS="$CACHE_DIR/libs"
KAFKA_DIR="$ROOT/.data/stack/kafka"
DATA_DIR="$KAFKA_DIR/data"
CONFIG="$KAFKA_DIR/server.properties"
PIDFILE="$KAFKA_DIR/kafka.pid"
LOGFILE="$KAFKA_DIR/kafka.log"
STARTED=0

log() { printf '[kafka] %s\n' "$*" >&2; }
die() {
  printf '[kafka] ERROR: %s\n' "$*" >&2
  exit 1
}

[[ "$PORT" =~ ^[0-9]+$ && "$TIMEOUT" =~ ^[0-9]+$ ]] || die "KAFKA_PORT and KAFKA_TIMEOUT must be numbers"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "KAFKA_VERSION must look like 4.1.1 (got '$VERSION')"
CONTROLLER_PORT=$((PORT + 1))
SECURE_PORT=$((PORT + 2))
TLS_DIR="$KAFKA_DIR/tls"
# A test broker's credentials, on this machine only (like the stack's todo/todo PostgreSQL role).
SCRAM_USER=todo
SCRAM_PASSWORD=todo-kafka-test
STORE_PASSWORD=todo-kafka-test

print_env() {
  printf 'KAFKA_BROKERS=127.0.0.1:%s\n' "$PORT"
  printf 'KAFKA_SECURE_BROKERS=127.0.0.1:%s\n' "$SECURE_PORT"
  printf 'KAFKA_SECURE_CA_FILE=%s\n' "$TLS_DIR/ca.crt"
  printf 'KAFKA_SECURE_USERNAME=%s\n' "$SCRAM_USER"
  printf 'KAFKA_SECURE_PASSWORD=%s\n' "$SCRAM_PASSWORD"
}

show_log_tail() {
  [[ -r "$LOGFILE" ]] || return 0
  printf -- '--- %s (last 40 lines) ---\n' "$LOGFILE" >&2
  tail -n 40 "$LOGFILE" >&2
  printf -- '---\n' >&2
}

# --- jars ----------------------------------------------------------------------------------
fetch_jars() {
  if [[ -f "$CACHE_DIR/.complete" ]]; then
    return 0
  fi
  command -v java >/dev/null 2>&1 || die "java not found (Kafka $VERSION needs Java 17+)"
  command -v mvn >/dev/null 2>&1 || die "mvn not found (apt-get install maven)"
  log "fetching Kafka $VERSION jars from Maven Central into $LIBS"
  rm -rf "$CACHE_DIR" && mkdir -p "$CACHE_DIR"
  # Into a temporary folder, renamed once complete: an interrupted download is never used.
  # Maven's output goes to a file (it writes colour codes even in batch mode), shown on failure.
  mvn -q -B -f "$ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$VERSION" -DincludeScope=runtime -DoutputDirectory="$LIBS.partial" \
    >"$CACHE_DIR/mvn.log" 2>&1 || {
    cat "$CACHE_DIR/mvn.log" >&2
    die "mvn could not fetch the Kafka $VERSION jars (output above)"
  }
  [[ -f "$LIBS.partial/kafka_2.13-$VERSION.jar" ]] || die "no kafka_2.13-$VERSION.jar was fetched"
  mv "$LIBS.partial" "$LIBS"
  touch "$CACHE_DIR/.complete"
}

java_cmd() {
  local heap
  read -r -a heap <<<"$HEAP"
  JAVA_CMD=(java "${heap[@]}" -XX:+UseG1GC -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" -cp "$LIBS/*" "$@")
}

kafka_java() {
  java_cmd "$@"
  "${JAVA_CMD[@]}"
}

# --- TLS: a CA of this broker's own and its certificate for 127.0.0.1, made once -------------
tls_material() {
  [[ -f "$TLS_DIR/broker.p12" && -f "$TLS_DIR/ca.crt" ]] && return 0
  command -v openssl >/dev/null 2>&1 || die "openssl not found (apt-get install openssl)"
  log "making a test CA and the broker's TLS certificate in $TLS_DIR"
  local work="$TLS_DIR.partial"
  rm -rf "$work" && mkdir -p "$work" && chmod 700 "$work"
  (
    cd "$work"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=todo test Kafka CA' \
      -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' \
      -keyout ca.key -out ca.crt
    openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' -keyout broker.key -out broker.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >broker.ext
    openssl x509 -req -in broker.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile broker.ext -out broker.crt
    openssl pkcs12 -export -in broker.crt -inkey broker.key -certfile ca.crt -name broker \
      -passout "pass:$STORE_PASSWORD" -out broker.p12
  ) >"$KAFKA_DIR/tls.log" 2>&1 || {
    cat "$KAFKA_DIR/tls.log" >&2
    die "openssl could not make the broker's certificate (output above)"
  }
  rm -f "$work/ca.key" "$work/broker.csr" "$work/broker.ext" "$work/ca.srl"
  rm -rf "$TLS_DIR" && mv "$work" "$TLS_DIR"
}

# --- broker --------------------------------------------------------------------------------
write_config() {
  mkdir -p "$DATA_DIR"
  cat >"$CONFIG" <<EOF
# Test broker: written by scripts/kafka.sh before each start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT,SASL_SSL://127.0.0.1:$SECURE_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,SASL_SSL://127.0.0.1:$SECURE_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
# The managed-Kafka way in: SCRAM-SHA-512 over TLS (user made by ensure_scram_user).
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$TLS_DIR/broker.p12
ssl.keystore.password=$STORE_PASSWORD
log.dirs=$DATA_DIR
# One node: every internal topic has one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumers join at once instead of waiting 3 s for more members (tests create many groups).
group.initial.rebalance.delay.ms=0
num.partitions=1
auto.create.topics.enable=true
log.retention.hours=168
EOF
}

format_once() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    return 0
  fi
  if [[ -n "$(ls -A "$DATA_DIR")" ]]; then
    die "$DATA_DIR is not empty but was never formatted (a failed format?); delete it and re-run"
  fi
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka.tools.StorageTool random-uuid printed '$cluster_id'"
  log "formatting the KRaft log dir $DATA_DIR (cluster $cluster_id)"
  rm -f "$KAFKA_DIR/scram-user.done"
  kafka_java kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$CONFIG" \
    --ignore-formatted >"$KAFKA_DIR/format.log" 2>&1 || {
    cat "$KAFKA_DIR/format.log" >&2
    die "formatting $DATA_DIR failed (output above)"
  }
}

# The SCRAM user of the SASL listener, once per log dir (it lives in the cluster's metadata).
ensure_scram_user() {
  [[ -f "$KAFKA_DIR/scram-user.done" ]] && return 0
  log "adding the SCRAM-SHA-512 user $SCRAM_USER"
  kafka_java kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$PORT" --alter \
    --add-config "SCRAM-SHA-512=[iterations=4096,password=$SCRAM_PASSWORD]" \
    --entity-type users --entity-name "$SCRAM_USER" >"$KAFKA_DIR/scram.log" 2>&1 || {
    cat "$KAFKA_DIR/scram.log" >&2
    die "could not add the SCRAM user $SCRAM_USER (output above)"
  }
  touch "$KAFKA_DIR/scram-user.done"
}

kafka_pid() {
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  # A stale pid file can name a recycled pid: the process must also be ours.
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- 'kafka.Kafka'; then
    echo "$pid"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local pid
  pid="$(kafka_pid)"
  if [[ -n "$pid" ]]; then
    local running_port
    running_port="$(sed -n 's|^advertised.listeners=PLAINTEXT://127.0.0.1:\([0-9]*\).*$|\1|p' "$CONFIG" 2>/dev/null)"
    [[ "$running_port" == "$PORT" ]] ||
      die "Kafka from $KAFKA_DIR is already running (pid $pid) on port ${running_port:-?}, not $PORT; run '$0 stop' first"
    port_open "$PORT" || die "Kafka from $KAFKA_DIR runs (pid $pid) but does not answer on port $PORT; run '$0 stop' first"
    port_open "$SECURE_PORT" ||
      die "Kafka from $KAFKA_DIR runs (pid $pid) without its SASL/TLS listener on $SECURE_PORT (started by an older kafka.sh); run '$0 stop' first"
    log "Kafka already running on 127.0.0.1:$PORT (pid $pid)"
    return 0
  fi
  rm -f "$PIDFILE"
  if port_open "$PORT" || port_open "$CONTROLLER_PORT" || port_open "$SECURE_PORT"; then
    die "something else listens on 127.0.0.1:$PORT, :$CONTROLLER_PORT or :$SECURE_PORT; stop it or set KAFKA_PORT"
  fi
  fetch_jars
  tls_material
  write_config
  format_once
  log "starting Kafka $VERSION on 127.0.0.1:$PORT (log: $LOGFILE)"
  # One start per log file (the previous one is kept beside it), so the log stays small.
  [[ -f "$LOGFILE" ]] && mv -f "$LOGFILE" "$LOGFILE.previous"
  STARTED=1
  # setsid + nohup: the broker outlives this script and the CI step; 9>&-: it must not hold the
  # lock. setsid does not fork here (a background job is no group leader), so $! is the JVM.
  java_cmd kafka.Kafka "$CONFIG"
  setsid nohup "${JAVA_CMD[@]}" >>"$LOGFILE" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDFILE"
}

# Whether the broker is still there. One this run started is checked by its pid alone: until
# setsid and nohup have exec'd the JVM, its command line does not say kafka.Kafka yet, and
# kafka_pid took a broker that was starting for one that had exited (CI failed 3 s in).
broker_alive() {
  if ((STARTED == 1)); then
    kill -0 "$(cat "$PIDFILE" 2>/dev/null || echo x)" 2>/dev/null
  else
    [[ -n "$(kafka_pid)" ]]
  fi
}

# A broker this run started is ready once it logged "Kafka Server started" (its port opens
# earlier); one that was already running only has to answer.
broker_ready() {
  port_open "$PORT" || return 1
  ((STARTED == 0)) || grep -q 'Kafka Server started' "$LOGFILE" 2>/dev/null
}

wait_ready() {
  local deadline=$((SECONDS + TIMEOUT)) started=$SECONDS
  until broker_ready; do
    if ! broker_alive; then
      show_log_tail
      die "Kafka exited while starting (log above)"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail
      die "Kafka does not answer on 127.0.0.1:$PORT after ${TIMEOUT}s (log above)"
    fi
    sleep 0.5
  done
  log "Kafka answers on 127.0.0.1:$PORT (ready in $((SECONDS - started))s)"
}

stop() {
  local pid
  pid="$(kafka_pid)"
  if [[ -z "$pid" ]]; then
    log "Kafka not running"
    rm -f "$PIDFILE"
    return 0
  fi
  log "stopping Kafka (pid $pid)"
  kill "$pid"
  local deadline=$((SECONDS + TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || die "Kafka (pid $pid) did not stop within ${TIMEOUT}s"
    sleep 0.5
  done
  rm -f "$PIDFILE"
}

lock() {
  mkdir -p "$KAFKA_DIR"
  exec 9>"$KAFKA_DIR/.lock"
  flock -w 120 9 || die "another kafka.sh run holds $KAFKA_DIR/.lock"
}

case "${1:-start}" in
  start)
    lock
    start
    wait_ready
    ensure_scram_user
    print_env
    ;;
  stop)
    lock
    stop
    ;;
  env) print_env ;;
  *) die "unknown command '$1' (use: start | stop | env)" ;;
esac
