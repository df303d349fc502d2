#!/usr/bin/env bash
# The three service images (bff, core-service, worker) built with podman from the repository's own
# Dockerfile, where no Docker engine and no image registry can be reached: the base image the
# Dockerfile starts FROM (NODE_IMAGE) is made here from the host's Node 20 (node, npm, /bin/sh and
# the libraries `ldd` lists, as a rootfs tar imported as a local image), so the Dockerfile itself is
# what gets proven. A release build passes a published node:20-slim@sha256:… instead.
#
#   scripts/images.sh build [TAG]   the base (once per Node version) and the three images,
#                                   localhost/todo/<service>:TAG (TAG: dev); prints IMAGE_TAG=TAG
#   scripts/images.sh save [TAG]    each image as an OCI archive under $CACHE_DIR/images/ (for
#                                   `ctr -n k8s.io images import`); prints the paths
#   scripts/images.sh base          only the base image; prints NODE_IMAGE=…
#
# podman runs with its own configuration and storage (under $CACHE_DIR/podman, so layers are reused
# between runs and the host's podman setup is left alone): runtime runc (crun fails on this cgroup
# layout), ulimits a sandbox without CAP_SYS_RESOURCE allows, host networking for the build (npm ci).
# Settings (environment): XDG_CACHE_HOME (~/.cache), NODE_BIN (node on PATH).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh" images

SERVICES=(bff core-service worker)
PODMAN_DIR="$CACHE_DIR/podman"
IMAGES_DIR="$CACHE_DIR/images"

ensure_podman() {
  if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
    log "installing podman and runc (Debian)"
    local sudo_=()
    [[ "$(id -u)" == 0 ]] || sudo_=(sudo)
    "${sudo_[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y -qq podman runc >/dev/null
  fi
  mkdir -p "$PODMAN_DIR"
  cat >"$PODMAN_DIR/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  cat >"$PODMAN_DIR/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$PODMAN_DIR/storage"
runroot = "/run/todo-podman"
EOF
  export CONTAINERS_CONF="$PODMAN_DIR/containers.conf"
  export CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf"
}

# The base image: node and npm from the host, its shared libraries (ldd), /bin/sh for RUN and npm's
# scripts, /usr/bin/env for bin scripts, the host's CA certificates (trusted by node and npm, as on the host: the registry may be
# reached through a TLS-inspecting proxy), a world-writable /tmp. Tagged by the Node version, so a
# new Node on the host makes a new base.
base() {
  local node version tag rootfs lib
  node="$(command -v "${NODE_BIN:-node}")" || die "node not found"
  version="$("$node" --version)"
  [[ "$version" == v20.* ]] || die "the base image is Node 20; the host's node is $version"
  tag="localhost/todo/node-base:${version#v}"
  if podman image exists "$tag"; then
    echo "NODE_IMAGE=$tag"
    return 0
  fi
  log "building the base image $tag from the host's $node"
  rootfs="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the trap outlives this function's locals
  trap "rm -rf '$rootfs'" EXIT
  mkdir -p "$rootfs"/{bin,tmp,etc/ssl/certs,usr/bin,usr/lib}
  chmod 1777 "$rootfs/tmp"
  cp -L "$node" "$rootfs/usr/bin/node"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$rootfs/usr/lib/npm"
  # Wrappers, not npm's own links: their `#!/usr/bin/env node` needs an env the image lacks.
  printf '#!/bin/sh\nexec /usr/bin/node /usr/lib/npm/bin/npm-cli.js "$@"\n' >"$rootfs/usr/bin/npm"
  printf '#!/bin/sh\nexec /usr/bin/node /usr/lib/npm/bin/npx-cli.js "$@"\n' >"$rootfs/usr/bin/npx"
  chmod 755 "$rootfs/usr/bin/npm" "$rootfs/usr/bin/npx"
  cp -L /bin/sh "$rootfs/bin/sh"
  # For the `#!/usr/bin/env node` of the packages' bin scripts (vite in the PWA build).
  cp -L /usr/bin/env "$rootfs/usr/bin/env"
  # Every library node, sh and env link against (ldd), at the path the loader looks for it, and the
  # rest of glibc (13 MB; librt, libresolv…), which native addons such as the PWA build's rolldown
  # link against, as in any Debian-based Node image.
  for lib in $({
    ldd "$node" /bin/sh /usr/bin/env | grep -oE '/[^ ]+\.so[^ ]*'
    dpkg -L libc6 | grep -E '^/lib[^/]*/(x86_64-linux-gnu/)?[^/]+\.so(\.[0-9.]+)?$'
  } | sort -u); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  cp -L /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/tmp:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'ENV NPM_CONFIG_CAFILE=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' - "$tag" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
  echo "NODE_IMAGE=$tag"
}

build() {
  local tag="${1:-dev}" node_image started=$SECONDS service
  node_image="$(base | sed -n 's/^NODE_IMAGE=//p')"
  for service in "${SERVICES[@]}"; do
    log "building localhost/todo/$service:$tag (target $service, FROM $node_image)"
    # docker format: OCI images have no HEALTHCHECK; the layers are cached in $PODMAN_DIR.
    podman build --quiet --format docker --network host --build-arg "NODE_IMAGE=$node_image" \
      --target "$service" -t "localhost/todo/$service:$tag" -f "$ROOT/Dockerfile" "$ROOT" >&2 ||
      die "podman build of $service failed (output above)"
  done
  log "built the images in $((SECONDS - started))s"
  echo "IMAGE_TAG=$tag"
}

save() {
  local tag="${1:-dev}" service file
  mkdir -p "$IMAGES_DIR"
  for service in "${SERVICES[@]}"; do
    file="$IMAGES_DIR/$service-$tag.tar"
    rm -f "$file"
    podman save --format oci-archive -o "$file" "localhost/todo/$service:$tag" >&2 ||
      die "podman save of $service:$tag failed"
    echo "$file"
  done
}

ensure_podman
case "${1:-build}" in
  base) base ;;
  build) build "${2:-dev}" ;;
  save) save "${2:-dev}" ;;
  *) die "unknown command '$1' (use: build [TAG] | save [TAG] | base)" ;;
esac
