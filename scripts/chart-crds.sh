#!/usr/bin/env bash
# The CustomResourceDefinitions the chart's objects belong to, copied from their projects' published
# Go modules (the Go module proxy; no other download), and the kubeconform schemas generated from
# them (scripts/crd-schemas.ts). Both are committed: k8s/crds/ (what chart-check.sh installs into the
# API server) and k8s/schemas/ (what kubeconform validates against). Run it when a version changes:
#
#   scripts/chart-crds.sh        refresh k8s/crds/ and k8s/schemas/
#
# Versions: DAPR_VERSION (v1.16.5, the same module daprd is built from), CERT_MANAGER_VERSION
# (v1.21.2), PROMETHEUS_OPERATOR_VERSION (v0.85.0).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" chart-crds

DAPR_VERSION="${DAPR_VERSION:-v1.16.5}"
CERT_MANAGER_VERSION="${CERT_MANAGER_VERSION:-v1.21.2}"
PROMETHEUS_OPERATOR_VERSION="${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}"
check_version DAPR_VERSION "$DAPR_VERSION" v1.16.5
check_version CERT_MANAGER_VERSION "$CERT_MANAGER_VERSION" v1.21.2
check_version PROMETHEUS_OPERATOR_VERSION "$PROMETHEUS_OPERATOR_VERSION" v0.85.0

GO_BIN="$(find_go)"
CRDS="$ROOT/k8s/crds"

# copy <module@version> <destination folder> <path inside the module>...
copy() {
  local module="$1" dest="$CRDS/$2" dir file
  shift 2
  dir="$(module_dir "$GO_BIN" "$module")"
  [[ -n "$dir" ]] || die "no source for $module"
  rm -rf "$dest"
  mkdir -p "$dest"
  for file in "$@"; do
    [[ -f "$dir/$file" ]] || die "$module has no $file"
    {
      printf '# From %s, %s (scripts/chart-crds.sh).\n' "$module" "$file"
      cat "$dir/$file"
    } >"$dest/$(basename "$file")"
  done
  log "$module: $# CRDs in ${dest#"$ROOT"/}"
}

copy "github.com/dapr/dapr@$DAPR_VERSION" dapr \
  charts/dapr/crds/components.yaml charts/dapr/crds/configuration.yaml \
  charts/dapr/crds/resiliency.yaml charts/dapr/crds/subscription.yaml charts/dapr/crds/httpendpoints.yaml
copy "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION" cert-manager \
  deploy/crds/cert-manager.io_certificates.yaml deploy/crds/cert-manager.io_issuers.yaml \
  deploy/crds/cert-manager.io_clusterissuers.yaml
copy "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" prometheus-operator \
  example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml \
  example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml \
  example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml

rm -rf "$ROOT/k8s/schemas"
(cd "$ROOT" && npx tsx scripts/crd-schemas.ts k8s/crds k8s/schemas) >&2
