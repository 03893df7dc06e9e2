# syntax=docker/dockerfile:1
# Images for the API and the worker, from one build:
#   docker build --target api -t feedback-insights-api .
#   docker build --target worker -t feedback-insights-worker .
#   docker build --target migrate -t feedback-insights-migrate .   (runs pnpm db:migrate, then exits)
ARG NODE_IMAGE=node:20.20-bookworm-slim
ARG PNPM_VERSION=12.4.2

FROM ${NODE_IMAGE} AS build
ARG PNPM_VERSION
WORKDIR /src
RUN npm install --global --silent --exact "pnpm@${PNPM_VERSION}"
# Manifests first: the dependency layer is rebuilt only when they change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/web/package.json apps/web/
COPY packages ./packages
RUN pnpm install --frozen-lockfile --reporter=append-only
COPY . .
RUN node scripts/build.mjs --clean \
 && pnpm --filter @insights/api deploy --prod /out/api \
 && pnpm --filter @insights/worker deploy --prod /out/worker

# Migrations run from the build stage, which has the TypeScript runner and drizzle/.
FROM build AS migrate
CMD ["pnpm", "--silent", "db:migrate"]

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
USER node

FROM runtime AS api
COPY --from=build --chown=node:node /out/api ./
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]

FROM runtime AS worker
COPY --from=build --chown=node:node /out/worker ./
# The worker's health and metrics port (WORKER_HTTP_PORT; 0 switches it off).
ENV WORKER_HTTP_PORT=9464 WORKER_HTTP_HOST=0.0.0.0
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.WORKER_HTTP_PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "--max-semi-space-size=2", "dist/main.js"]
