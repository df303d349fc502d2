#!/usr/bin/env bash
# The Kubernetes tools the chart's checks and the single-node cluster use, built from source through
# the Go module proxy (no prebuilt downloads) and cached under ~/.cache/todo-ci:
#
#   helm, kubeconform, actionlint          `go install` of their release tags
#   kube-apiserver, kubectl, kubelet,      one wrapper module over k8s.io/kubernetes (its go.mod
#   kube-controller-manager,               replaces the staging modules with ./staging paths that the
#   kube-scheduler, kube-proxy             module zip lacks; the wrapper points each at its published
#                                          v0.x release instead)
#   etcd                                   a wrapper main calling etcdmain.Main
#   promtool                               Debian's `prometheus` package (apt-get, when missing)
#
#   scripts/k8s-tools.sh [build] [tool...]   build the missing ones (all by default); print env
#   scripts/k8s-tools.sh env [tool...]       print the env lines only (fails if one is not built)
#
# Progress goes to stderr; stdout carries only KEY=path lines (HELM_PATH, KUBECONFORM_PATH,
# ACTIONLINT_PATH, KUBE_APISERVER_PATH, KUBECTL_PATH, KUBELET_PATH, KUBE_CONTROLLER_MANAGER_PATH,
# KUBE_SCHEDULER_PATH, KUBE_PROXY_PATH, ETCD_PATH, PROMTOOL_PATH), so a caller can
# `eval "$(scripts/k8s-tools.sh build helm kubectl)"` or `export $(...)`.
#
# Cold times on 2 cores: kube-apiserver ~9 min (downloads included), kubectl, kubelet, the
# controller-manager, scheduler and proxy 10-90 s each after it (shared packages), helm ~90 s, etcd
# ~2 min, kubeconform and actionlint ~30 s each. The builds run under `nice` (a shared machine).
#
# Settings (environment): KUBE_VERSION (v1.37.2), HELM_VERSION (v3.21.4), KUBECONFORM_VERSION
# (v0.8.0), ACTIONLINT_VERSION (v1.7.12), ETCD_VERSION (v3.6.16), XDG_CACHE_HOME (~/.cache), GO.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" k8s-tools

KUBE_VERSION="${KUBE_VERSION:-v1.37.2}"
HELM_VERSION="${HELM_VERSION:-v3.21.4}"
KUBECONFORM_VERSION="${KUBECONFORM_VERSION:-v0.8.0}"
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
for v in KUBE_VERSION HELM_VERSION KUBECONFORM_VERSION ACTIONLINT_VERSION ETCD_VERSION; do
  check_version "$v" "${!v}" v1.2.3
done

KUBE_BIN="$CACHE_DIR/kubernetes-$KUBE_VERSION/bin"
KUBE_COMMANDS=(kube-apiserver kubectl kubelet kube-controller-manager kube-scheduler kube-proxy)
ALL_TOOLS=(helm kubeconform actionlint etcd promtool "${KUBE_COMMANDS[@]}")
NICE=(nice -n 10)

# Where each tool's binary lives.
tool_path() {
  case "$1" in
    helm) echo "$CACHE_DIR/helm-$HELM_VERSION/helm-kube" ;;
    kubeconform) echo "$CACHE_DIR/kubeconform-$KUBECONFORM_VERSION/kubeconform" ;;
    actionlint) echo "$CACHE_DIR/actionlint-$ACTIONLINT_VERSION/actionlint" ;;
    etcd) echo "$CACHE_DIR/etcd-$ETCD_VERSION/etcd" ;;
    promtool) command -v promtool || echo /usr/bin/promtool ;;
    kube-*) echo "$KUBE_BIN/$1" ;;
    kubectl | kubelet) echo "$KUBE_BIN/$1" ;;
    *) die "unknown tool '$1' (known: ${ALL_TOOLS[*]})" ;;
  esac
}

env_name() {
  local name="${1//-/_}"
  echo "${name^^}_PATH"
}

# `go install module/cmd@version` into the tool's own folder (GOBIN), through a temporary name.
go_install() {
  local tool="$1" package="$2" version="$3" target go started=$SECONDS
  target="$(tool_path "$tool")"
  go="$(find_go)"
  mkdir -p "$(dirname "$target")"
  log "building $tool $version ($package)"
  local gobin
  gobin="$(mktemp -d "$(dirname "$target")/.gobin.XXXXXX")"
  (cd "$CACHE_DIR" && CGO_ENABLED=0 GOFLAGS=-mod=mod GO111MODULE=on GOBIN="$gobin" \
    "${NICE[@]}" "$go" install -trimpath -ldflags "-s -w" "$package@$version") >&2 || {
    rm -rf "$gobin"
    die "go install $package@$version failed (output above)"
  }
  mv "$gobin/$(basename "$package")" "$target"
  rm -rf "$gobin"
  log "built $target in $((SECONDS - started))s"
}

build_helm() {
  local target go gobin dir kube started=$SECONDS
  target="$(tool_path helm)"
  go="$(find_go)"
  mkdir -p "$(dirname "$target")"
  # The Kubernetes version `helm template` and `helm lint` assume (charts' kubeVersion checks, the
  # Capabilities.KubeVersion they see) is set at link time, as helm's Makefile does: client-go's
  # v0.<minor> is Kubernetes 1.<minor>. Without it helm assumes 1.20.
  dir="$(module_dir "$go" "helm.sh/helm/v3@$HELM_VERSION")"
  kube="$(sed -n 's/^[[:space:]]*k8s\.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$dir/go.mod" | head -n 1)"
  [[ "$kube" =~ ^[0-9]+$ ]] || die "cannot read client-go's version from $dir/go.mod"
  local ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  local pkg
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$kube"
  done
  gobin="$(mktemp -d "$(dirname "$target")/.gobin.XXXXXX")"
  log "building helm $HELM_VERSION (for Kubernetes 1.$kube)"
  (cd "$CACHE_DIR" && CGO_ENABLED=0 GOFLAGS=-mod=mod GO111MODULE=on GOBIN="$gobin" \
    "${NICE[@]}" "$go" install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION") >&2 || {
    rm -rf "$gobin"
    die "go install helm $HELM_VERSION failed (output above)"
  }
  mv "$gobin/helm" "$target"
  rm -rf "$gobin"
  log "built $target in $((SECONDS - started))s"
}

# The wrapper module over k8s.io/kubernetes, made once per version.
kube_wrapper() {
  local go="$1" src="$CACHE_DIR/src/k8s-tools-$KUBE_VERSION" kdir staging
  if [[ -f "$src/.ready" ]]; then
    echo "$src"
    return 0
  fi
  log "preparing the wrapper module for k8s.io/kubernetes@$KUBE_VERSION in $src"
  kdir="$(module_dir "$go" "k8s.io/kubernetes@$KUBE_VERSION")"
  [[ -f "$kdir/go.mod" ]] || die "k8s.io/kubernetes@$KUBE_VERSION has no go.mod (dir '$kdir')"
  # Staging modules are published as v0.<minor>.<patch> of the same release.
  staging="v0.${KUBE_VERSION#v1.}"
  rm -rf "$src"
  mkdir -p "$src"
  {
    echo 'module example/k8s-tools'
    echo
    echo "go $("$go" mod edit -json "$kdir/go.mod" | sed -n 's/^[[:space:]]*"Go": "\(.*\)",$/\1/p')"
    echo
    echo 'replace ('
    grep -oP '^\tk8s\.io/[\w.-]+(?= => \./staging)' "$kdir/go.mod" |
      while read -r m; do printf '\t%s => %s %s\n' "$m" "$m" "$staging"; done
    echo ')'
  } >"$src/go.mod"
  # A file importing every command keeps `go mod tidy`-less builds consistent.
  local c packages=()
  for c in "${KUBE_COMMANDS[@]}"; do packages+=("k8s.io/kubernetes/cmd/$c@$KUBE_VERSION"); done
  (cd "$src" && GOFLAGS=-mod=mod "${NICE[@]}" "$go" get "${packages[@]}") >&2 ||
    die "go get of the Kubernetes $KUBE_VERSION commands failed (output above)"
  touch "$src/.ready"
  echo "$src"
}

build_kube() {
  local cmd="$1" target go src started=$SECONDS minor
  target="$(tool_path "$cmd")"
  go="$(find_go)"
  src="$(kube_wrapper "$go")"
  minor="${KUBE_VERSION#v1.}"
  minor="${minor%%.*}"
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION"
  ldflags+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
  ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION"
  mkdir -p "$KUBE_BIN"
  log "building $cmd $KUBE_VERSION (kube-apiserver from cold takes about 9 minutes on 2 cores)"
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod "${NICE[@]}" "$go" build -trimpath -ldflags "$ldflags" \
    -o "$target.partial" "k8s.io/kubernetes/cmd/$cmd") >&2 || {
    rm -f "$target.partial"
    die "go build of $cmd $KUBE_VERSION failed (output above)"
  }
  mv "$target.partial" "$target"
  log "built $target in $(((SECONDS - started) / 60))m$(((SECONDS - started) % 60))s"
}

build_etcd() {
  local target go src started=$SECONDS
  target="$(tool_path etcd)"
  go="$(find_go)"
  src="$CACHE_DIR/src/etcd-$ETCD_VERSION"
  mkdir -p "$src" "$(dirname "$target")"
  if [[ ! -f "$src/.ready" ]]; then
    log "preparing the etcd $ETCD_VERSION wrapper module in $src"
    printf 'module example/etcd\n' >"$src/go.mod"
    cat >"$src/main.go" <<'EOF'
// The etcd server, built from its published module: the same entry point as the release binary.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
    (cd "$src" && GOFLAGS=-mod=mod "${NICE[@]}" "$go" get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" &&
      GOFLAGS=-mod=mod "${NICE[@]}" "$go" mod tidy) >&2 ||
      die "go get go.etcd.io/etcd/server/v3@$ETCD_VERSION failed (output above)"
    touch "$src/.ready"
  fi
  log "building etcd $ETCD_VERSION"
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod "${NICE[@]}" "$go" build -trimpath -ldflags "-s -w" \
    -o "$target.partial" .) >&2 || {
    rm -f "$target.partial"
    die "go build of etcd $ETCD_VERSION failed (output above)"
  }
  mv "$target.partial" "$target"
  log "built $target in $((SECONDS - started))s"
}

install_promtool() {
  command -v promtool >/dev/null 2>&1 && return 0
  log "installing promtool (Debian's prometheus package)"
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  # The package's service must not start here: policy-rc.d refuses it for the install's duration.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 "${sudo[@]}" apt-get install -y --no-install-recommends prometheus >&2 ||
    die "apt-get install prometheus failed (run apt-get update first?)"
}

build_tool() {
  local tool="$1"
  if [[ "$tool" != promtool && -x "$(tool_path "$tool")" ]]; then
    log "$tool already built: $(tool_path "$tool")"
    return 0
  fi
  case "$tool" in
    helm) build_helm ;;
    kubeconform) go_install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION" ;;
    actionlint) go_install actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION" ;;
    etcd) build_etcd ;;
    promtool) install_promtool ;;
    kube-* | kubectl | kubelet) build_kube "$tool" ;;
    *) die "unknown tool '$tool' (known: ${ALL_TOOLS[*]})" ;;
  esac
}

print_env() {
  local tool
  for tool in "$@"; do printf '%s=%s\n' "$(env_name "$tool")" "$(tool_path "$tool")"; done
}

command="${1:-build}"
shift || true
tools=("$@")
((${#tools[@]})) || tools=("${ALL_TOOLS[@]}")
case "$command" in
  build)
    for tool in "${tools[@]}"; do build_tool "$tool"; done
    print_env "${tools[@]}"
    ;;
  env)
    for tool in "${tools[@]}"; do
      [[ -x "$(tool_path "$tool")" ]] || die "$tool is not built yet: run '$0 build $tool'"
    done
    print_env "${tools[@]}"
    ;;
  *) die "unknown command '$command' (use: build [tool...] | env [tool...])" ;;
esac
