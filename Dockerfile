# syntax=docker/dockerfile:1
# One Dockerfile, one target per service, each image small, non-root and fit for a read-only root
# filesystem (only /tmp written: the chart mounts an emptyDir there):
#   docker build --target core-service -t todo/core-service .   (also: bff, worker)
#   scripts/images.sh build                                     (podman, no registry: see there)
# The services run their TypeScript with tsx (node --import tsx, one process, no compile step).
# Entrypoints beside the services' own (the Helm chart's Jobs run them from these images):
#   core-service image: `node --import tsx core-service/src/db/migrate-cli.ts`  (core schema)
#                       `node --import tsx scripts/kafka-topics.ts`             (Kafka topics)
#   worker image:       `node --import tsx worker/src/db/migrate-cli.ts`        (worker tables)
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

# --- production dependencies only, plus tsx (a dev dependency of the repository, the services'
# runtime in an image) and its one dependency, esbuild with its platform binary
FROM deps AS prod-deps
RUN npm prune --omit=dev --ignore-scripts
COPY --from=deps /app/node_modules/tsx node_modules/tsx
COPY --from=deps /app/node_modules/esbuild node_modules/esbuild
COPY --from=deps /app/node_modules/@esbuild node_modules/@esbuild

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
COPY --from=prod-deps /app/node_modules node_modules
COPY package.json tsconfig.base.json tsconfig.json ./
COPY packages/contracts packages/contracts
COPY packages/platform/package.json packages/platform/
COPY packages/platform/src packages/platform/src
COPY packages/recurrence packages/recurrence
COPY packages/todo-rules packages/todo-rules
EXPOSE 3000
# A numeric uid:gid (no name to look up), so Kubernetes can verify runAsNonRoot; it owns nothing
# in /app, so the code cannot be changed by the process that runs it.
USER 1000:1000
# /healthz answers 200 while the process lives; the orchestrator's own probes (the chart's) take
# precedence in Kubernetes, this one serves docker/podman.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]

FROM runtime AS core-service
COPY core-service/package.json core-service/
COPY core-service/src core-service/src
# The Kafka topic step (compose's `topics`, the Helm chart's Job) runs from this image.
COPY scripts/kafka-topics.ts scripts/
CMD ["node", "--import", "tsx", "core-service/src/main.ts"]

FROM runtime AS worker
COPY worker/package.json worker/
COPY worker/src worker/src
CMD ["node", "--import", "tsx", "worker/src/main.ts"]

FROM runtime AS bff
COPY bff/package.json bff/
COPY bff/src bff/src
COPY --from=pwa-build /app/pwa/dist pwa/dist
CMD ["node", "--import", "tsx", "bff/src/main.ts"]
