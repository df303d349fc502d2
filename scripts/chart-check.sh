#!/usr/bin/env bash
# Every check of the Helm chart and the workflows, with the real tools of each (built by
# scripts/k8s-tools.sh, cached); .ci/run's "chart" step. Fails on the first problem.
#
#   1. helm lint --strict, with each values file the chart ships
#   2. helm template of each (default, minikube, production, ci when present) → kubeconform -strict
#      against the Kubernetes 1.37 schemas (PyPI kubernetes-validate, inlined for offline use) and the
#      schemas of the Dapr, cert-manager and Prometheus Operator CRDs (k8s/schemas, generated from
#      k8s/crds; regenerated here and compared, so they cannot drift)
#   3. the chart's suites (vitest project `chart`: the rendered manifests' properties)
#   4. a real kube-apiserver + etcd on free ports: the CRDs installed and established, a namespace
#      enforcing the `restricted` Pod Security Standard, and every rendered file applied with
#      `kubectl apply --dry-run=server --warnings-as-errors` (admission, schemas, PSA: no warning);
#      then a real `helm install` and `helm upgrade` (hooks off: no controllers run here) proving the
#      generated Secrets are kept across the upgrade and the uninstall. Stopped and removed after.
#   5. actionlint on every workflow
#
# Settings (environment): KEEP_CHART_CHECK=1 keeps the work folder (rendered files, server logs).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" chart-check

CHART="$ROOT/k8s/charts/todo"
KUBE_SCHEMA_VERSION=1.37.0
WORK="$(mktemp -d "${TMPDIR:-/tmp}/chart-check.XXXXXX")"
PIDS=()

# Stops what this script started, newest first (the API server before its etcd: without etcd its
# graceful shutdown never ends), each given 20 s before it is killed.
stop_started() {
  local i pid deadline
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    kill "$pid" 2>/dev/null || continue
    deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

cleanup() {
  local status=$?
  stop_started
  if ((status != 0)); then
    for f in "$WORK"/*.log; do
      [[ -f "$f" ]] && { log "last lines of $(basename "$f"):"; tail -n 15 "$f" >&2; }
    done
  fi
  if [[ -n "${KEEP_CHART_CHECK:-}" ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT

step() { printf '\n== chart: %s (%ds)\n' "$*" "$SECONDS" >&2; }

step 'tools (scripts/k8s-tools.sh, cached)'
tools_env="$("$ROOT/scripts/k8s-tools.sh" build helm kubeconform actionlint etcd kube-apiserver kubectl)"
eval "$(grep -E '^[A-Z_]+=/' <<<"$tools_env" | sed 's/^/export /')"
: "${HELM_PATH:?}" "${KUBECONFORM_PATH:?}" "${ACTIONLINT_PATH:?}" "${ETCD_PATH:?}" "${KUBE_APISERVER_PATH:?}" "${KUBECTL_PATH:?}"
helm() { "$HELM_PATH" "$@"; }
kubectl() { "$KUBECTL_PATH" --kubeconfig "$WORK/kubeconfig" "$@"; }

# The values files: name → -f arguments (values-ci.yaml belongs to the cluster stage; checked too).
declare -A VALUES=([default]='' [minikube]=values-minikube.yaml [production]=values-production.yaml)
[[ -f "$CHART/values-ci.yaml" ]] && VALUES[ci]=values-ci.yaml
values_args() { [[ -n "${VALUES[$1]}" ]] && printf -- '-f\n%s\n' "$CHART/${VALUES[$1]}"; }

step 'helm lint --strict'
for name in "${!VALUES[@]}"; do
  mapfile -t args < <(values_args "$name")
  helm lint --strict "$CHART" "${args[@]}" >"$WORK/lint-$name.txt" 2>&1 || {
    cat "$WORK/lint-$name.txt" >&2
    die "helm lint failed with $name values"
  }
  echo "helm lint ($name): clean"
done

step 'helm template'
for name in "${!VALUES[@]}"; do
  mapfile -t args < <(values_args "$name")
  helm template todo "$CHART" --namespace todo "${args[@]}" >"$WORK/$name.yaml"
  echo "$name: $(grep -c '^kind:' "$WORK/$name.yaml") objects"
done

step "kubeconform -strict (Kubernetes $KUBE_SCHEMA_VERSION + CRD schemas)"
# Kubernetes' schemas from PyPI (kubernetes-validate ships them per release), inlined once, cached.
kube_schemas="$CACHE_DIR/kube-schemas/v$KUBE_SCHEMA_VERSION-standalone-strict"
if [[ ! -f "$kube_schemas/deployment-apps-v1.json" ]]; then
  venv="$CACHE_DIR/kubernetes-validate-$KUBE_SCHEMA_VERSION"
  [[ -x "$venv/bin/pip" ]] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q "kubernetes-validate==$KUBE_SCHEMA_VERSION" >&2
  src="$(find "$venv" -type d -path "*kubernetes_validate/kubernetes-json-schema/v$KUBE_SCHEMA_VERSION-local-strict" | head -n 1)"
  [[ -d "$src" ]] || die "kubernetes-validate $KUBE_SCHEMA_VERSION has no v$KUBE_SCHEMA_VERSION-local-strict schemas"
  rm -rf "$kube_schemas.partial"
  python3 "$ROOT/scripts/lib/kube-schemas-inline.py" "$src" "$kube_schemas.partial"
  mv "$kube_schemas.partial" "$kube_schemas"
fi
# The committed CRD schemas are what scripts/crd-schemas.ts makes of the committed CRDs.
(cd "$ROOT" && npx tsx scripts/crd-schemas.ts k8s/crds "$WORK/crd-schemas" >/dev/null)
diff -r "$ROOT/k8s/schemas" "$WORK/crd-schemas" >/dev/null ||
  die "k8s/schemas is not what k8s/crds generates: run scripts/chart-crds.sh (or npx tsx scripts/crd-schemas.ts) and commit"
for name in "${!VALUES[@]}"; do
  "$KUBECONFORM_PATH" -strict -summary -exit-on-error -kubernetes-version "$KUBE_SCHEMA_VERSION" \
    -schema-location "$(dirname "$kube_schemas")" \
    -schema-location "$ROOT/k8s/schemas/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" \
    "$WORK/$name.yaml" | sed "s/^/$name: /"
done
# The plain Dapr files of dapr/kubernetes (for a cluster run without the chart) against the same schemas.
"$KUBECONFORM_PATH" -strict -summary -exit-on-error -kubernetes-version "$KUBE_SCHEMA_VERSION" \
  -schema-location "$ROOT/k8s/schemas/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" \
  "$ROOT"/dapr/kubernetes/*.yaml | sed "s/^/dapr\/kubernetes: /"

step 'chart suites (vitest project chart)'
(cd "$ROOT" && npx vitest run --project chart)

step 'kube-apiserver + etcd: server-side dry run under the restricted Pod Security Standard'
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
etcd_port="$(free_port)"
peer_port="$(free_port)"
api_port="$(free_port)"
mkdir -p "$WORK/etcd" "$WORK/certs"
"$ETCD_PATH" --data-dir "$WORK/etcd" --listen-client-urls "http://127.0.0.1:$etcd_port" \
  --advertise-client-urls "http://127.0.0.1:$etcd_port" --listen-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "default=http://127.0.0.1:$peer_port" >"$WORK/etcd.log" 2>&1 &
PIDS+=($!)
openssl genrsa -out "$WORK/sa.key" 2048 2>/dev/null
openssl rsa -in "$WORK/sa.key" -pubout -out "$WORK/sa.pub" 2>/dev/null
token="$(openssl rand -hex 24)"
echo "$token,admin,admin,system:masters" >"$WORK/tokens.csv"
"$KUBE_APISERVER_PATH" --etcd-servers "http://127.0.0.1:$etcd_port" --bind-address 127.0.0.1 \
  --secure-port "$api_port" --cert-dir "$WORK/certs" --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$WORK/sa.pub" --service-account-signing-key-file "$WORK/sa.key" \
  --service-cluster-ip-range 10.0.0.0/24 --token-auth-file "$WORK/tokens.csv" \
  --authorization-mode RBAC >"$WORK/kube-apiserver.log" 2>&1 &
PIDS+=($!)
cat >"$WORK/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{ name: check, cluster: { server: 'https://127.0.0.1:$api_port', insecure-skip-tls-verify: true } }]
users: [{ name: admin, user: { token: '$token' } }]
contexts: [{ name: check, context: { cluster: check, user: admin } }]
current-context: check
EOF
chmod 600 "$WORK/kubeconfig"
deadline=$((SECONDS + 120))
until kubectl get --raw /readyz >/dev/null 2>&1; do
  ((SECONDS < deadline)) || die "kube-apiserver not ready within 120 s"
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || die "etcd or kube-apiserver exited"; done
  sleep 1
done
echo "kube-apiserver $(kubectl version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -n 1) ready on 127.0.0.1:$api_port"

find "$ROOT/k8s/crds" -name '*.yaml' -print0 | sort -z | xargs -0 -n 1 "$KUBECTL_PATH" --kubeconfig "$WORK/kubeconfig" apply --server-side -f >/dev/null
kubectl wait --for condition=established --timeout=60s crd --all >/dev/null
echo "CRDs established: $(kubectl get crd -o name | wc -l)"

# A namespace as a cluster admin would make it for the release: restricted enforced, no exceptions.
# No controller-manager runs, so its default ServiceAccount is made by hand.
restricted_namespace() {
  kubectl create namespace "$1" >/dev/null
  kubectl label namespace "$1" pod-security.kubernetes.io/enforce=restricted \
    pod-security.kubernetes.io/enforce-version=latest pod-security.kubernetes.io/warn=restricted \
    pod-security.kubernetes.io/audit=restricted >/dev/null
  kubectl -n "$1" create serviceaccount default >/dev/null
}
restricted_namespace todo
for name in "${!VALUES[@]}"; do
  out="$(kubectl apply --dry-run=server --warnings-as-errors -n todo -f "$WORK/$name.yaml" 2>&1)" || {
    echo "$out" >&2
    die "the API server refused the $name manifests (above)"
  }
  echo "$name: $(grep -c . <<<"$out") objects accepted by the API server, no warning"
done

step 'helm install + upgrade against the API server: generated Secrets are kept'
restricted_namespace keep
export KUBECONFIG="$WORK/kubeconfig"
secret_value() { kubectl -n keep get secret "$1" -o "jsonpath={.data.$1}"; }
# --no-hooks: no controller runs Jobs here; everything else is really created.
helm install todo "$CHART" -n keep --no-hooks >/dev/null
before="$(secret_value internal-token) $(secret_value vapid-private-key) $(secret_value vapid-public-key)"
helm upgrade todo "$CHART" -n keep --no-hooks >/dev/null
after="$(secret_value internal-token) $(secret_value vapid-private-key) $(secret_value vapid-public-key)"
[[ "$before" == "$after" && -n "${before// /}" ]] || die "helm upgrade changed the generated secrets"
helm uninstall todo -n keep >/dev/null
kept="$(secret_value internal-token) $(secret_value vapid-private-key) $(secret_value vapid-public-key)"
[[ "$kept" == "$before" ]] || die "helm uninstall removed the generated secrets (resource-policy keep)"
unset KUBECONFIG
echo "internal-token and the VAPID pair: the same after upgrade and after uninstall"

step 'actionlint'
# With shellcheck, actionlint also checks every `run:` script.
if ! command -v shellcheck >/dev/null 2>&1; then
  sudo_=()
  ((EUID == 0)) || sudo_=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y -qq shellcheck >/dev/null ||
    die "apt-get install shellcheck failed"
fi
(cd "$ROOT" && "$ACTIONLINT_PATH" -no-color) && echo "actionlint: $(find "$ROOT/.github/workflows" -name '*.yml' | wc -l) workflows clean"

echo
echo "chart checks passed in ${SECONDS}s"
