# syntax=docker/dockerfile:1
# One Dockerfile, one target per service, each image small, non-root and fit for a read-only root
# filesystem (only /tmp written: the chart mounts an emptyDir there):
#   docker build --target core-service -t todo/core-service .   (also: bff, worker)
#   scripts/images.sh build                                     (podman, no registry: see there)
# The services run as JavaScript built from their TypeScript (scripts/build-services.ts: one file per
# service under dist/, npm packages from node_modules), with plain node.
# Entrypoints beside the services' own (the Helm chart's Jobs run them from these images):
#   core-service image: `node dist/core-migrate.mjs`   (core schema)
#                       `node dist/kafka-topics.mjs`   (Kafka topics)
#   worker image:       `node dist/worker-migrate.mjs` (worker tables)
#
# NODE_IMAGE: the base, pinned by digest where it is published (the chart's values name the images
# built from it by digest too), e.g. --build-arg NODE_IMAGE=node:20-slim@sha256:<digest>. Any base
# with node, npm and /bin/sh works: scripts/images.sh builds one from the host's Node 20.

ARG NODE_IMAGE=node:20-slim

# --- dependencies: manifests only, so this layer is rebuilt only when a package.json or the lock changes
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY packages/recurrence/package.json packages/recurrence/
COPY packages/todo-rules/package.json packages/todo-rules/
COPY core-service/package.json core-service/
COPY bff/package.json bff/
COPY worker/package.json worker/
COPY pwa/package.json pwa/
# The lockfile, exactly; no package's install script runs (the native parts, argon2 and esbuild,
# come as prebuilt platform packages).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts

# --- production dependencies only
FROM deps AS prod-deps
RUN npm prune --omit=dev --ignore-scripts

# --- the services and their command-line steps, built (esbuild, a dev dependency)
FROM deps AS services-build
COPY tsconfig.base.json tsconfig.json ./
COPY packages packages
COPY core-service/src core-service/src
COPY worker/src worker/src
COPY bff/src bff/src
COPY scripts/build-services.ts scripts/embedded.ts scripts/kafka-topics.ts scripts/
COPY scripts/lib/services-build.ts scripts/lib/
RUN node --import tsx scripts/build-services.ts

# --- the PWA's static files, served by the bff
FROM deps AS pwa-build
COPY tsconfig.base.json tsconfig.json ./
COPY packages packages
COPY pwa/index.html pwa/vite.config.ts pwa/tsconfig.json pwa/
COPY pwa/public pwa/public
COPY pwa/src pwa/src
RUN npm run build -w pwa

# --- runtime base shared by the service targets
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
# Our own packages are compiled into each service's file; node_modules has the npm packages.
COPY --from=prod-deps /app/node_modules node_modules
COPY package.json ./
EXPOSE 3000
# A numeric uid:gid (no name to look up), so Kubernetes can verify runAsNonRoot; it owns nothing
# in /app, so the code cannot be changed by the process that runs it.
USER 1000:1000
# /healthz answers 200 while the process lives; the orchestrator's own probes (the chart's) take
# precedence in Kubernetes, this one serves docker/podman.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]

FROM runtime AS core-service
# The Kafka topic step (compose's `topics`, the Helm chart's Job) runs from this image.
COPY --from=services-build /app/dist/core-service.mjs /app/dist/core-migrate.mjs /app/dist/kafka-topics.mjs dist/
CMD ["node", "dist/core-service.mjs"]

FROM runtime AS worker
COPY --from=services-build /app/dist/worker.mjs /app/dist/worker-migrate.mjs dist/
CMD ["node", "dist/worker.mjs"]

FROM runtime AS bff
COPY --from=services-build /app/dist/bff.mjs dist/
COPY --from=pwa-build /app/pwa/dist pwa/dist
CMD ["node", "dist/bff.mjs"]
