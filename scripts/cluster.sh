#!/usr/bin/env bash
# A real single-node Kubernetes on this machine, for the chart's CI stage (tests/cluster/): etcd,
# kube-apiserver, controller-manager and scheduler, containerd with Debian's runc and a CNI bridge,
# the kubelet, kube-proxy, CoreDNS, and the Dapr control plane installed by Dapr's own Helm chart
# with images of binaries built from the same github.com/dapr/dapr module as the daprd sidecar.
# Nothing is pulled: every image is built here and imported (imagePullPolicy: Never).
#
#   scripts/cluster.sh build   build or reuse every binary and image (cached under ~/.cache/todo-ci)
#   scripts/cluster.sh up      build, then start the node and its add-ons; prints KUBECONFIG=…,
#                              HELM_PATH=…, KUBECTL_PATH=…, CLUSTER_GATEWAY=… (the node's address as
#                              pods see it: host services for the pods listen there), CLUSTER_CA_CERT=…
#                              and CLUSTER_CA_KEY=… (the cluster's CA, which every pod trusts)
#   scripts/cluster.sh down    stop everything `up` started and clean up after it: pods and their
#                              network namespaces, mounts, kube-proxy's and the kubelet's iptables
#                              chains, the bridge, cgroups and the state folder
#   scripts/cluster.sh env     the lines `up` prints, for a running cluster
#   scripts/cluster.sh import IMAGE...   podman images into the node's containerd (the apps' images)
#
# Everything runs as root (as CI does), on ports chosen free at `up`, under $STATE_DIR (state, logs,
# certificates) and $RUN_DIR (sockets). The kube binaries come from scripts/k8s-tools.sh; containerd,
# crictl, CoreDNS, a pause binary and the Dapr control plane are built here. Pods: 10.244.0.0/24 on
# the bridge todo-cni0 (gateway 10.244.0.1); Services: 10.96.0.0/24 (DNS 10.96.0.10).
#
# Settings (environment): CONTAINERD_VERSION (v2.4.2), COREDNS_VERSION (v1.14.7), CRICTL_VERSION
# (v1.34.0), DAPR_VERSION (v1.16.5), XDG_CACHE_HOME (~/.cache), GO, CLUSTER_TIMEOUT (seconds to wait
# for each part, 180).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" cluster

CONTAINERD_VERSION="${CONTAINERD_VERSION:-v2.4.2}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.14.7}"
CRICTL_VERSION="${CRICTL_VERSION:-v1.34.0}"
DAPR_VERSION="${DAPR_VERSION:-v1.16.5}"
for v in CONTAINERD_VERSION COREDNS_VERSION CRICTL_VERSION DAPR_VERSION; do
  check_version "$v" "${!v}" v1.2.3
done
TIMEOUT="${CLUSTER_TIMEOUT:-180}"

BIN="$CACHE_DIR/cluster-bin"
STATE_DIR=/var/lib/todo-cluster
RUN_DIR=/run/todo-cluster
NODE=todo-node
BRIDGE=todo-cni0
POD_CIDR=10.244.0.0/24
GATEWAY=10.244.0.1
SERVICE_CIDR=10.96.0.0/24
DNS_IP=10.96.0.10
CONTAINERD_SOCK="$RUN_DIR/containerd/containerd.sock"
DAPR_IMAGES=(operator injector sentry placement daprd)

sudo_() { if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi; }

# --- build -------------------------------------------------------------------------------------

ensure_packages() {
  local missing=()
  command -v runc >/dev/null || missing+=(runc)
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v conntrack >/dev/null || missing+=(conntrack)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v podman >/dev/null || missing+=(podman)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} (Debian)"
    sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# `go install` of a command into its own cached folder; skipped when the binary is there.
go_install() {
  local dir="$1" package="$2" go
  shift 2
  local first
  first="$(basename "${package%@*}")"
  [[ -x "$dir/$first" ]] && return 0
  go="$(find_go)"
  log "building $package"
  mkdir -p "$dir"
  (cd "$CACHE_DIR" && GOFLAGS=-mod=mod GO111MODULE=on GOBIN="$dir.partial" nice -n 10 "$go" install \
    -trimpath -ldflags "-s -w" "$package" "$@") >&2 || die "go install $package failed (output above)"
  mv "$dir.partial"/* "$dir/" && rmdir "$dir.partial"
}

# The Dapr control plane's binaries from the module daprd is built from (sentry: scripts/daprd.sh).
build_dapr() {
  local go dir name
  go="$(find_go)"
  for name in operator injector placement; do
    [[ -x "$BIN/dapr-$name-$DAPR_VERSION" ]] && continue
    dir="$(module_dir "$go" "github.com/dapr/dapr@$DAPR_VERSION")"
    log "building the Dapr $name $DAPR_VERSION"
    (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod nice -n 10 "$go" build -trimpath \
      -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_VERSION#v}" \
      -o "$BIN/dapr-$name-$DAPR_VERSION.partial" "./cmd/$name") >&2 || die "go build of the Dapr $name failed"
    mv "$BIN/dapr-$name-$DAPR_VERSION.partial" "$BIN/dapr-$name-$DAPR_VERSION"
  done
}

# The pod sandbox's process: sleeps until told to stop (what Kubernetes' pause does, in Go).
build_pause() {
  [[ -x "$BIN/pause" ]] && return 0
  local go src
  go="$(find_go)"
  src="$(mktemp -d)"
  cat >"$src/main.go" <<'EOF'
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM)
	<-c
}
EOF
  (cd "$src" && printf 'module pause\n\ngo 1.21\n' >go.mod && CGO_ENABLED=0 "$go" build -trimpath \
    -ldflags "-s -w" -o "$BIN/pause" .) >&2 || die "go build of pause failed"
  rm -rf "$src"
}

build() {
  ensure_packages
  mkdir -p "$BIN"
  local started=$SECONDS
  # kube-apiserver, kubectl, kubelet, controller-manager, scheduler, kube-proxy, etcd, helm.
  K8S_ENV="$("$ROOT/scripts/k8s-tools.sh" build kube-apiserver kubectl kubelet kube-controller-manager \
    kube-scheduler kube-proxy etcd helm)"
  DAPR_ENV="$("$ROOT/scripts/daprd.sh" build)"
  CGO_ENABLED=1 go_install "$BIN/containerd-$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/containerd@$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/ctr@$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2@$CONTAINERD_VERSION"
  CGO_ENABLED=0 go_install "$BIN/coredns-$COREDNS_VERSION" "github.com/coredns/coredns@$COREDNS_VERSION"
  CGO_ENABLED=0 go_install "$BIN/crictl-$CRICTL_VERSION" \
    "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION"
  build_dapr
  build_pause
  build_images
  log "binaries and images ready in $((SECONDS - started))s"
}

# The add-ons' images: one static binary each, FROM scratch, non-root 65532:65532 with that user
# in /etc/passwd and /etc/group (a pod that sets only runAsUser gets the group from there; Dapr
# refuses to start under any other group). podman's layer cache makes a rebuild instant.
static_image() {
  local tag="$1" binary="$2" path="$3" ctx
  ctx="$(mktemp -d)"
  cp "$binary" "$ctx/binary"
  printf 'nonroot:x:65532:65532:nonroot:/:/sbin/nologin\n' >"$ctx/passwd"
  printf 'nonroot:x:65532:\n' >"$ctx/group"
  printf 'FROM scratch\nCOPY passwd /etc/passwd\nCOPY group /etc/group\nCOPY binary %s\nUSER 65532:65532\nENTRYPOINT ["%s"]\n' \
    "$path" "$path" >"$ctx/Containerfile"
  podman build --quiet --network none -t "$tag" -f "$ctx/Containerfile" "$ctx" >/dev/null ||
    die "podman build of $tag failed"
  rm -rf "$ctx"
}

build_images() {
  # podman's configuration and storage as scripts/images.sh sets them.
  export CONTAINERS_CONF="$CACHE_DIR/podman/containers.conf" CONTAINERS_STORAGE_CONF="$CACHE_DIR/podman/storage.conf"
  "$ROOT/scripts/images.sh" base >/dev/null
  local v="${DAPR_VERSION#v}" name daprd sentry
  daprd="$(sed -n 's/^DAPRD_PATH=//p' <<<"$DAPR_ENV")"
  sentry="$(sed -n 's/^DAPR_SENTRY_PATH=//p' <<<"$DAPR_ENV")"
  static_image "localhost/todo/pause:1" "$BIN/pause" /pause
  static_image "localhost/todo/coredns:${COREDNS_VERSION#v}" "$BIN/coredns-$COREDNS_VERSION/coredns" /coredns
  for name in operator injector placement; do
    static_image "localhost/dapr/$name:$v" "$BIN/dapr-$name-$DAPR_VERSION" "/$name"
  done
  static_image "localhost/dapr/sentry:$v" "$sentry" /sentry
  static_image "localhost/dapr/daprd:$v" "$daprd" /daprd
}

tool() { sed -n "s/^$1=//p" <<<"$K8S_ENV"; }

# --- up ----------------------------------------------------------------------------------------

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

node_ip() { ip -4 route get 1.1.1.1 | sed -n 's/.* src \([0-9.]*\).*/\1/p'; }

start_bg() {
  local name="$1"
  shift
  nohup "$@" >"$STATE_DIR/logs/$name.log" 2>&1 &
  echo $! >"$STATE_DIR/pids/$name"
}

wait_for() {
  local what="$1" log="$2" deadline=$((SECONDS + TIMEOUT))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      [[ -f "$log" ]] && tail -n 30 "$log" >&2
      die "$what did not come up in ${TIMEOUT}s"
    fi
    sleep 1
  done
  log "$what is up"
}

certificates() {
  local pki="$STATE_DIR/pki" ip="$1"
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=todo-cluster-ca 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    sign() {
      local name="$1" subj="$2" ext="$3"
      openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subj" 2>/dev/null
      printf '%s\n' "$ext" >"$name.ext"
      openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out "$name.crt" \
        -extfile "$name.ext" 2>/dev/null
    }
    sign apiserver /CN=kube-apiserver "subjectAltName=IP:$ip,IP:10.96.0.1,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth"
    sign apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "extendedKeyUsage=clientAuth"
  )
  chmod 600 "$pki"/*.key
  # Static tokens, one per client (the node's user and group let the Node authorizer admit it).
  {
    printf '%s,admin,admin,system:masters\n' "$(openssl rand -hex 16)"
    printf '%s,system:node:%s,kubelet,system:nodes\n' "$(openssl rand -hex 16)" "$NODE"
    printf '%s,system:kube-controller-manager,kcm\n' "$(openssl rand -hex 16)"
    printf '%s,system:kube-scheduler,scheduler\n' "$(openssl rand -hex 16)"
    printf '%s,system:kube-proxy,kube-proxy\n' "$(openssl rand -hex 16)"
  } >"$pki/tokens.csv"
  chmod 600 "$pki/tokens.csv"
}

kubeconfig() {
  local user="$1" file="$2" token
  token="$(awk -F, -v u="$user" '$2 == u { print $1 }' "$STATE_DIR/pki/tokens.csv")"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: todo
    cluster:
      server: https://$NODE_IP:$APISERVER_PORT
      certificate-authority: $STATE_DIR/pki/ca.crt
users:
  - name: $user
    user:
      token: $token
contexts:
  - name: todo
    context: { cluster: todo, user: $user }
current-context: todo
EOF
  chmod 600 "$file"
}

start_control_plane() {
  local etcd_port etcd_peer kcm_port sched_port
  etcd_port="$(free_port)" etcd_peer="$(free_port)" APISERVER_PORT="$(free_port)"
  kcm_port="$(free_port)" sched_port="$(free_port)"
  start_bg etcd "$(tool ETCD_PATH)" --data-dir "$STATE_DIR/etcd" --name todo \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "todo=http://127.0.0.1:$etcd_peer" --listen-metrics-urls "" --quota-backend-bytes 1073741824
  wait_for etcd "$STATE_DIR/logs/etcd.log" curl -fs "http://127.0.0.1:$etcd_port/health"
  local pki="$STATE_DIR/pki"
  start_bg kube-apiserver "$(tool KUBE_APISERVER_PATH)" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$pki/apiserver-kubelet-client.key" --kubelet-preferred-address-types InternalIP \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --token-auth-file "$pki/tokens.csv" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction --profiling=false
  printf 'APISERVER_PORT=%s\n' "$APISERVER_PORT" >>"$STATE_DIR/ports.env"
  kubeconfig admin "$STATE_DIR/admin.kubeconfig"
  export KUBECONFIG="$STATE_DIR/admin.kubeconfig"
  wait_for kube-apiserver "$STATE_DIR/logs/kube-apiserver.log" "$(tool KUBECTL_PATH)" get --raw /readyz
  kubeconfig system:kube-controller-manager "$STATE_DIR/controller-manager.kubeconfig"
  kubeconfig system:kube-scheduler "$STATE_DIR/scheduler.kubeconfig"
  start_bg kube-controller-manager "$(tool KUBE_CONTROLLER_MANAGER_PATH)" \
    --kubeconfig "$STATE_DIR/controller-manager.kubeconfig" --bind-address 127.0.0.1 --secure-port "$kcm_port" \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --use-service-account-credentials --cluster-signing-cert-file "$pki/ca.crt" \
    --cluster-signing-key-file "$pki/ca.key" --service-cluster-ip-range "$SERVICE_CIDR" \
    --leader-elect=false --profiling=false
  start_bg kube-scheduler "$(tool KUBE_SCHEDULER_PATH)" --kubeconfig "$STATE_DIR/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$sched_port" --leader-elect=false --profiling=false
}

start_containerd() {
  local root="$STATE_DIR/containerd"
  mkdir -p "$root" "$RUN_DIR/containerd" "$STATE_DIR/cni/net.d"
  install -m 755 "$ROOT/scripts/lib/runc-oom-clamp.sh" "$STATE_DIR/runc"
  cat >"$STATE_DIR/cni/net.d/10-todo.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "todo",
  "plugins": [
    { "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$GATEWAY" }]],
                "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
  cat >"$STATE_DIR/containerd.toml" <<EOF
version = 3
root = "$root/root"
state = "$RUN_DIR/containerd/state"
[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$RUN_DIR/containerd/containerd.sock.ttrpc"
[debug]
  address = "$RUN_DIR/containerd/debug.sock"
[metrics]
  address = ""
[plugins."io.containerd.cri.v1.images"]
  snapshotter = "overlayfs"
  [plugins."io.containerd.cri.v1.images".pinned_images]
    sandbox = "localhost/todo/pause:1"
[plugins."io.containerd.cri.v1.runtime"]
  [plugins."io.containerd.cri.v1.runtime".cni]
    bin_dirs = ["/usr/lib/cni"]
    conf_dir = "$STATE_DIR/cni/net.d"
  [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
    [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
      BinaryName = "$STATE_DIR/runc"
      SystemdCgroup = false
[plugins."io.containerd.grpc.v1.cri"]
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
EOF
  # The shim is found on PATH.
  PATH="$BIN/containerd-$CONTAINERD_VERSION:$PATH" start_bg containerd \
    "$BIN/containerd-$CONTAINERD_VERSION/containerd" --config "$STATE_DIR/containerd.toml"
  wait_for containerd "$STATE_DIR/logs/containerd.log" ctr_ version
}

ctr_() { "$BIN/containerd-$CONTAINERD_VERSION/ctr" --address "$CONTAINERD_SOCK" "$@"; }
crictl_() { "$BIN/crictl-$CRICTL_VERSION/crictl" --runtime-endpoint "unix://$CONTAINERD_SOCK" "$@"; }

# An image from podman's storage into containerd's k8s.io namespace (what the kubelet runs).
import_image() {
  local tag="$1" file
  file="$(mktemp --suffix=.tar)"
  podman save --format oci-archive -o "$file" "$tag" >/dev/null 2>&1 || die "podman save $tag failed"
  ctr_ -n k8s.io images import --base-name "${tag%:*}" "$file" >/dev/null || die "ctr import of $tag failed"
  rm -f "$file"
}

start_node() {
  local kubelet_port healthz_port proxy_metrics proxy_healthz
  kubelet_port="$(free_port)" healthz_port="$(free_port)"
  proxy_metrics="$(free_port)" proxy_healthz="$(free_port)"
  mkdir -p "$STATE_DIR/kubelet" "$STATE_DIR/pods-logs"
  kubeconfig "system:node:$NODE" "$STATE_DIR/kubelet.kubeconfig"
  kubeconfig system:kube-proxy "$STATE_DIR/kube-proxy.kubeconfig"
  cat >"$STATE_DIR/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $kubelet_port
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $healthz_port
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
failSwapOn: false
podLogsDir: $STATE_DIR/pods-logs
clusterDNS: [$DNS_IP]
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: false }
  x509: { clientCAFile: $STATE_DIR/pki/ca.crt }
authorization: { mode: AlwaysAllow }
evictionHard: { memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2% }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 60
EOF
  start_bg kubelet "$(tool KUBELET_PATH)" --config "$STATE_DIR/kubelet.yaml" \
    --kubeconfig "$STATE_DIR/kubelet.kubeconfig" --root-dir "$STATE_DIR/kubelet" \
    --hostname-override "$NODE" --node-ip "$NODE_IP"
  wait_for "the node $NODE (Ready)" "$STATE_DIR/logs/kubelet.log" \
    "$(tool KUBECTL_PATH)" wait --for=condition=Ready "node/$NODE" --timeout=1s
  # Service traffic is masqueraded: a pod reaching a Service backed by a pod on the same bridge
  # gets its reply through the host, where the NAT is undone.
  start_bg kube-proxy "$(tool KUBE_PROXY_PATH)" --kubeconfig "$STATE_DIR/kube-proxy.kubeconfig" \
    --hostname-override "$NODE" --proxy-mode iptables --cluster-cidr "$POD_CIDR" --masquerade-all \
    --metrics-bind-address "127.0.0.1:$proxy_metrics" --healthz-bind-address "127.0.0.1:$proxy_healthz" \
    --conntrack-max-per-core 0 --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0
  wait_for kube-proxy "$STATE_DIR/logs/kube-proxy.log" curl -fs "http://127.0.0.1:$proxy_healthz/healthz"
}

kubectl_() { "$(tool KUBECTL_PATH)" "$@"; }

start_coredns() {
  kubectl_ apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: { name: coredns, namespace: kube-system }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: todo:coredns }
rules:
  - apiGroups: ['']
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: todo:coredns }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: todo:coredns }
subjects: [{ kind: ServiceAccount, name: coredns, namespace: kube-system }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: coredns, namespace: kube-system }
data:
  Corefile: |
    .:1053 {
        errors
        health :8080
        ready :8181
        kubernetes cluster.local in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
        }
        cache 30
        forward . /etc/resolv.conf
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system, labels: { k8s-app: kube-dns } }
spec:
  replicas: 1
  selector: { matchLabels: { k8s-app: kube-dns } }
  template:
    metadata: { labels: { k8s-app: kube-dns } }
    spec:
      serviceAccountName: coredns
      dnsPolicy: Default
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: coredns
          image: localhost/todo/coredns:${COREDNS_VERSION#v}
          imagePullPolicy: Never
          args: [-conf, /etc/coredns/Corefile]
          ports:
            - { name: dns, containerPort: 1053, protocol: UDP }
            - { name: dns-tcp, containerPort: 1053, protocol: TCP }
          readinessProbe: { httpGet: { path: /ready, port: 8181 }, periodSeconds: 2 }
          livenessProbe: { httpGet: { path: /health, port: 8080 }, periodSeconds: 10 }
          resources:
            requests: { cpu: 50m, memory: 32Mi }
            limits: { cpu: 500m, memory: 128Mi }
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
          volumeMounts: [{ name: config, mountPath: /etc/coredns, readOnly: true }]
      volumes: [{ name: config, configMap: { name: coredns } }]
---
apiVersion: v1
kind: Service
metadata: { name: kube-dns, namespace: kube-system, labels: { k8s-app: kube-dns } }
spec:
  clusterIP: $DNS_IP
  selector: { k8s-app: kube-dns }
  ports:
    - { name: dns, port: 53, targetPort: 1053, protocol: UDP }
    - { name: dns-tcp, port: 53, targetPort: 1053, protocol: TCP }
EOF
  wait_for CoreDNS "$STATE_DIR/logs/kubelet.log" \
    kubectl_ -n kube-system wait --for=condition=Available deployment/coredns --timeout=1s
}

# Dapr's own Helm chart (charts/dapr of the module), on the images built above; the scheduler
# (jobs, actor reminders: its StatefulSet stays, at 0 replicas, which the injector looks for) and
# placement (actors) are left out: the apps use neither, and the scheduler's image cannot be built
# here (the Go proxy serves no github.com/diagridio/go-etcd-cron v0.9.2, which it imports). Sidecars drop
# every capability and the control plane runs under RuntimeDefault seccomp, so both pass the
# restricted Pod Security Standard the apps' namespace enforces.
start_dapr() {
  local go dir
  go="$(find_go)"
  dir="$(module_dir "$go" "github.com/dapr/dapr@$DAPR_VERSION")"
  "$(tool HELM_PATH)" upgrade --install dapr "$dir/charts/dapr" --namespace dapr-system --create-namespace \
    --set global.registry=localhost/dapr --set "global.tag=${DAPR_VERSION#v}" \
    --set global.imagePullPolicy=Never --set dapr_sidecar_injector.sidecarImagePullPolicy=Never \
    --set global.scheduler.enabled=false --set global.actors.enabled=false \
    --set global.logAsJson=true --set global.seccompProfile=RuntimeDefault \
    --set dapr_sidecar_injector.sidecarDropALLCapabilities=true --wait --timeout "${TIMEOUT}s" >&2 || {
    kubectl_ -n dapr-system get pods -o wide >&2 || true
    die "the Dapr control plane did not come up"
  }
  log "the Dapr control plane is up (operator, sidecar injector, sentry)"
}

print_env() {
  printf 'KUBECONFIG=%s\nKUBECTL_PATH=%s\nHELM_PATH=%s\nCLUSTER_GATEWAY=%s\n' "$STATE_DIR/admin.kubeconfig" \
    "$(tool KUBECTL_PATH)" "$(tool HELM_PATH)" "$GATEWAY"
  printf 'CLUSTER_CA_CERT=%s\nCLUSTER_CA_KEY=%s\n' "$STATE_DIR/pki/ca.crt" "$STATE_DIR/pki/ca.key"
}

up() {
  [[ -f "$STATE_DIR/pids/kubelet" ]] && die "a cluster is already up (or was not taken down): run '$0 down' first"
  build
  local started=$SECONDS
  mkdir -p "$STATE_DIR/logs" "$STATE_DIR/pids"
  : >"$STATE_DIR/ports.env"
  NODE_IP="$(node_ip)"
  [[ -n "$NODE_IP" ]] || die "no address of this machine found (ip route get)"
  certificates "$NODE_IP"
  start_control_plane
  start_containerd
  local image
  for image in localhost/todo/pause:1 "localhost/todo/coredns:${COREDNS_VERSION#v}"; do import_image "$image"; done
  for image in "${DAPR_IMAGES[@]}"; do import_image "localhost/dapr/$image:${DAPR_VERSION#v}"; done
  start_node
  start_coredns
  start_dapr
  log "cluster up in $((SECONDS - started))s (logs: $STATE_DIR/logs)"
  print_env
}

# --- down --------------------------------------------------------------------------------------

stop_pid() {
  local name="$1" pid
  pid="$(cat "$STATE_DIR/pids/$name" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$STATE_DIR/pids/$name"
}

# The KUBE-* chains of one table: rules jumping to them go first, then the chains themselves.
drop_kube_chains() {
  local table="$1" rule chain
  { iptables -t "$table" -S 2>/dev/null || true; } | { grep -E '^-A [A-Z-]+ .*-j KUBE-' || true; } |
    { grep -vE '^-A KUBE-' || true; } | while read -r rule; do
    # eval: the rule as iptables -S printed it, its quoted comments included.
    eval "iptables -t \"\$table\" ${rule/#-A/-D}" 2>/dev/null || true
  done
  for chain in $(iptables -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[A-Z0-9-]*\)$/\1/p' || true); do
    iptables -t "$table" -F "$chain" 2>/dev/null || true
  done
  for chain in $(iptables -t "$table" -S 2>/dev/null | sed -n 's/^-N \(KUBE-[A-Z0-9-]*\)$/\1/p' || true); do
    iptables -t "$table" -X "$chain" 2>/dev/null || true
  done
}

down() {
  # The kubelet first, so it restarts nothing; then every pod through CRI (CNI tears down each
  # pod's network namespace, addresses and port mappings).
  stop_pid kubelet
  if [[ -S "$CONTAINERD_SOCK" ]]; then
    crictl_ stopp $(crictl_ pods -q 2>/dev/null) >/dev/null 2>&1 || true
    crictl_ rmp -fa >/dev/null 2>&1 || true
  fi
  stop_pid kube-proxy
  # Our shims (by their socket address) and containerd.
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $CONTAINERD_SOCK" || true); do
    kill "$pid" 2>/dev/null || true
  done
  stop_pid containerd
  stop_pid kube-scheduler
  stop_pid kube-controller-manager
  stop_pid kube-apiserver
  stop_pid etcd
  # Mounts under our folders (secrets' tmpfs, overlay snapshots, shm), deepest first.
  awk -v a="$STATE_DIR" -v b="$RUN_DIR" 'index($2, a) == 1 || index($2, b) == 1 { print $2 }' /proc/mounts |
    sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  local table
  for table in filter nat mangle; do drop_kube_chains "$table"; done
  ip link delete "$BRIDGE" 2>/dev/null || true
  # The kubelet's pod cgroups (cgroupfs driver), innermost first.
  find /sys/fs/cgroup/*/kubepods* -depth -type d -exec rmdir {} + 2>/dev/null || true
  find /sys/fs/cgroup/kubepods* -depth -type d -exec rmdir {} + 2>/dev/null || true
  rm -rf "$STATE_DIR" "$RUN_DIR" /var/lib/cni/networks/todo
  log "cluster down and cleaned up"
}

case "${1:-}" in
  build) build ;;
  up) up ;;
  down) down ;;
  import)
    [[ -S "$CONTAINERD_SOCK" ]] || die "no cluster is up"
    shift
    export CONTAINERS_CONF="$CACHE_DIR/podman/containers.conf" CONTAINERS_STORAGE_CONF="$CACHE_DIR/podman/storage.conf"
    for image in "$@"; do import_image "$image"; done
    ;;
  env)
    [[ -f "$STATE_DIR/pids/kubelet" ]] || die "no cluster is up"
    K8S_ENV="$("$ROOT/scripts/k8s-tools.sh" env kubectl helm)"
    print_env
    ;;
  *) die "unknown command '${1:-}' (use: build | up | down | env)" ;;
esac
