# syntax=docker/dockerfile:1
# The app as one container: the standalone server Next builds (next.config.ts, output
# 'standalone'), run by an unprivileged user. docs/deployment.md explains the choices;
# deploy/compose.yaml runs it beside Redis and Keycloak. No secret enters the image: the build
# needs none, and .dockerignore keeps every .env file out of the build context.
#
#   docker build -t next-oidc-bff .
#   docker run --rm --env-file app.env -p 127.0.0.1:3000:3000 next-oidc-bff
#
# deploy/deploy.test.ts checks this file's promises (non-root, health check, only the standalone
# directory shipped); no Docker engine runs in CI, so the image itself is not built there.

# Node 20 on Debian (glibc), like CI: package.json's engines (>=20.9), and a platform every
# native package in the lockfile (Next's SWC, Tailwind, lightningcss, sharp) publishes for.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the lockfile, devDependencies included: the build needs next, TypeScript, Tailwind, tsx.
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# next build, then deploy/copy-assets.ts copies .next/static (and public/, if any) into
# .next/standalone, which is then a complete app.
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# HOSTNAME: server.js listens on it, and Docker sets it to the container's id; 0.0.0.0 accepts
# connections from outside the container (publish the port on 127.0.0.1 or behind a proxy).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
# Only the standalone directory: server.js, the node_modules files it traced, the server build
# and its static assets; no source, no devDependencies. Owned by root and read-only to the
# server, so a compromised process cannot rewrite the code it runs (the app writes no files).
COPY --from=build /app/.next/standalone ./
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# GET /health: 200 while the instance can serve, 503 while its session store (Redis) cannot
# answer; it reads no cookie and calls no provider. Node's own fetch: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node as PID 1 is fine here: Next's server handles SIGTERM and SIGINT itself.
CMD ["node", "server.js"]
