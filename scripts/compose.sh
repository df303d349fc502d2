#!/usr/bin/env bash
# Docker Compose v2, built from source through the Go module proxy (Debian's docker-compose is v1,
# which predates the Compose Specification compose.yml is written to), for checking compose.yml where
# no Docker engine runs (CI). `config` needs no engine: it parses, interpolates and validates the file
# against the Compose Specification and prints the resolved model. The first build takes about 3
# minutes on 2 cores; later runs reuse the binary.
#
#   scripts/compose.sh build      build the binary if missing; print COMPOSE_PATH=...
#   scripts/compose.sh config     build if missing, then `docker compose config` on compose.yml
#                                 (against placeholder secret files in a scratch folder)
#   scripts/compose.sh secrets    make the secrets compose.yml reads, under .data/compose/ (never in
#                                 git), those missing only: the Dapr secret store's file, the tokens
#                                 between apps and sidecars, sentry's certificates and the trust
#                                 anchor, the database password and URL
#
# Settings (environment): COMPOSE_VERSION (v2.40.3), XDG_CACHE_HOME (~/.cache), GO (go on PATH, else
# /usr/local/go/bin/go).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" compose

VERSION="${COMPOSE_VERSION:-v2.40.3}"
BINARY="$CACHE_DIR/docker-compose-$VERSION"

check_version COMPOSE_VERSION "$VERSION" v2.40.3

build() {
  if [[ -x "$BINARY" ]]; then
    log "docker compose $VERSION already built: $BINARY"
    return 0
  fi
  local go dir started=$SECONDS
  go="$(find_go)"
  log "downloading github.com/docker/compose/v2@$VERSION through the Go module proxy"
  dir="$(module_dir "$go" "github.com/docker/compose/v2@$VERSION")"
  [[ -n "$dir" && -d "$dir/cmd" ]] || die "the downloaded module has no cmd/ (dir '$dir')"
  log "building docker compose $VERSION from $dir"
  # The version flag is the one compose's Makefile sets. A temporary name, renamed when complete.
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod "$go" build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$VERSION" \
    -o "$BINARY.partial" ./cmd) >&2 || {
    rm -f "$BINARY.partial"
    die "go build of docker compose $VERSION failed (output above)"
  }
  mv "$BINARY.partial" "$BINARY"
  log "built $BINARY in $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s"
}

# The files compose.yml reads from .data/compose/ (secrets: and env_file: entries).
secret_files() { sed -n 's|^ *\(env_\)\{0,1\}file: \./\.data/compose/||p' "$ROOT/compose.yml" | sort -u; }

config() {
  build
  # `config` only needs the secret files to exist: validate against placeholders in a scratch project
  # directory, so a check never writes into .data/ and never prints a real secret.
  local scratch file
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' RETURN
  mkdir -p "$scratch/.data/compose"
  for file in $(secret_files); do
    printf 'PLACEHOLDER=1\n' >"$scratch/.data/compose/$file"
  done
  # Variables must resolve and the model must validate; --quiet prints nothing on success.
  "$BINARY" --project-directory "$scratch" -f "$ROOT/compose.yml" config --quiet
  printf '[compose] services: %s\n' "$("$BINARY" --project-directory "$scratch" -f "$ROOT/compose.yml" \
    config --services | tr '\n' ' ')" >&2
  log "compose.yml is valid ($("$BINARY" version --short))"
}

# Sentry's root and issuer certificates, made by sentry itself (scripts/daprd.sh builds it): started
# once on a free port with an empty credentials folder, it writes them there and is stopped.
sentry_credentials() {
  local dir="$1" sentry pid port
  [[ -s "$dir/ca.crt" && -s "$dir/issuer.crt" && -s "$dir/issuer.key" ]] && return 0
  sentry="$("$ROOT/scripts/daprd.sh" build 2>/dev/null | sed -n 's/^DAPR_SENTRY_PATH=//p')"
  [[ -x "$sentry" ]] || die "no sentry binary (scripts/daprd.sh build failed; run it to see why)"
  mkdir -p "$dir"
  printf 'apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: daprsystem\nspec: {}\n' >"$dir.config.yaml"
  port=$((40000 + RANDOM % 20000))
  "$sentry" --config "$dir.config.yaml" --issuer-credentials "$dir" --trust-domain localhost \
    --listen-address 127.0.0.1 --port "$port" --healthz-listen-address 127.0.0.1 \
    --healthz-port $((port + 1)) --metrics-port $((port + 2)) >"$dir.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 40); do
    [[ -s "$dir/ca.crt" && -s "$dir/issuer.key" ]] && break
    sleep 0.25
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$dir.config.yaml"
  [[ -s "$dir/ca.crt" ]] || die "sentry made no certificates (log: $dir.log)"
  rm -f "$dir.log"
  # Read in the container by sentry's non-root user (the folder above is the owner's alone).
  chmod 644 "$dir"/*
}

random_token() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | head -c 40; }

secrets() {
  local dir="$ROOT/.data/compose"
  # The folder is the owner's alone; the files in it are world-readable because compose bind-mounts
  # each one as it is, and the containers read them as their own users (node: 1000, daprd: 65532).
  mkdir -p "$dir"
  chmod 700 "$dir"
  umask 022
  [[ -s "$dir/postgres-password" ]] || random_token >"$dir/postgres-password"
  [[ -s "$dir/database-url" ]] ||
    printf 'postgres://todo:%s@postgres:5432/todo' "$(cat "$dir/postgres-password")" >"$dir/database-url"
  sentry_credentials "$dir/sentry"
  [[ -s "$dir/tokens.env" ]] ||
    printf 'DAPR_API_TOKEN=%s\nAPP_API_TOKEN=%s\nDAPR_TRUST_ANCHORS="%s"\n' "$(random_token)" \
      "$(random_token)" "$(cat "$dir/sentry/ca.crt")" >"$dir/tokens.env"
  if [[ ! -s "$dir/secrets.json" ]]; then
    # The Dapr local file secret store: kebab-case names (packages/platform's DaprSecrets).
    (cd "$ROOT" && INTERNAL_TOKEN="$(random_token)" DATABASE_URL="$(cat "$dir/database-url")" node -e '
      const { generateVAPIDKeys } = require("web-push");
      const vapid = generateVAPIDKeys();
      process.stdout.write(JSON.stringify({
        "internal-token": process.env.INTERNAL_TOKEN,
        "database-url": process.env.DATABASE_URL,
        "vapid-public-key": vapid.publicKey,
        "vapid-private-key": vapid.privateKey,
      }, null, 2));') >"$dir/secrets.json.partial"
    mv "$dir/secrets.json.partial" "$dir/secrets.json"
  fi
  for file in $(secret_files); do
    [[ -s "$dir/$file" ]] || die "compose.yml reads .data/compose/$file, which this script does not make"
  done
  log "secrets in $dir: $(secret_files | tr '\n' ' ')"
}

case "${1:-build}" in
  build)
    build
    printf 'COMPOSE_PATH=%s\n' "$BINARY"
    ;;
  config) config ;;
  secrets) secrets ;;
  *) die "unknown command '$1' (use: build | config | secrets)" ;;
esac
