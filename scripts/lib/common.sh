# shellcheck shell=bash
# What the scripts that build Go tools from source or run them share (compose.sh, daprd.sh,
# dapr-run.sh): their log lines, the failure, the repository root, the build cache, Go, a version
# check and a module's source. Sourced, with the scripts' log prefix as its one argument:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" daprd
#
# Settings (environment): XDG_CACHE_HOME (~/.cache), GO (go on PATH, else /usr/local/go/bin/go).

LOG_PREFIX="${1:?common.sh is sourced with the log prefix as its argument}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The built binaries and module copies, kept between runs (and between CI runs: .ci/run caches it).
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/todo-ci"

log() { printf '[%s] %s\n' "$LOG_PREFIX" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$LOG_PREFIX" "$*" >&2
  exit 1
}

# A version setting (its variable's name, its value, an example) is a release tag like v1.2.3.
check_version() {
  [[ "$2" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "$1 must look like $3 (got '$2')"
}

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

# The module's source directory in the Go module cache, downloaded through the proxy if missing.
module_dir() {
  local go="$1" module="$2"
  mkdir -p "$CACHE_DIR"
  # Outside any module, so the repository's own files cannot influence the download.
  (cd "$CACHE_DIR" && GOFLAGS=-mod=mod GO111MODULE=on "$go" mod download -json "$module" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || die "go mod download $module failed"
}
