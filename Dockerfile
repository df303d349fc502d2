# syntax=docker/dockerfile:1
# One Dockerfile, one target per service:
#   docker build --target core-service -t todo/core-service .   (also: bff, worker)
# The services run their TypeScript with tsx (no compile step) as the non-root `node` user.
# Placeholder: pruning dev dependencies and a read-only root filesystem come with the Helm chart.

ARG NODE_IMAGE=node:20-slim

# --- dependencies: manifests only, so this layer is rebuilt only when a package.json or the lock changes
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY packages/recurrence/package.json packages/recurrence/
COPY core-service/package.json core-service/
COPY bff/package.json bff/
COPY worker/package.json worker/
COPY pwa/package.json pwa/
# Dev dependencies included: tsx runs the services.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# --- sources (named paths only: host node_modules and .data never enter the image)
FROM deps AS source
COPY tsconfig.base.json tsconfig.json ./
COPY packages/contracts/src packages/contracts/src
COPY packages/platform/src packages/platform/src
COPY packages/recurrence/src packages/recurrence/src
COPY core-service/src core-service/src
COPY bff/src bff/src
COPY worker/src worker/src
# The Kafka topic step (compose's `topics`, the Helm chart's Job) runs from the core-service image.
COPY scripts/kafka-topics.ts scripts/

# --- the PWA's static files, served by the bff
FROM source AS pwa-build
COPY pwa/index.html pwa/vite.config.ts pwa/tsconfig.json pwa/
COPY pwa/src pwa/src
RUN npm run build -w pwa

# --- runtime base shared by the service targets
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
WORKDIR /app
COPY --from=source /app /app
EXPOSE 3000
# Numeric uid:gid of the image's `node` user, so Kubernetes can verify runAsNonRoot.
USER 1000:1000

FROM runtime AS core-service
CMD ["npx", "tsx", "core-service/src/main.ts"]

FROM runtime AS bff
COPY --from=pwa-build /app/pwa/dist pwa/dist
CMD ["npx", "tsx", "bff/src/main.ts"]

FROM runtime AS worker
CMD ["npx", "tsx", "worker/src/main.ts"]
