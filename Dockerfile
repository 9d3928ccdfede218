# The API and worker image (the last stage, what `docker compose build` makes), and a small CLI image:
#   docker build --target cli -t meshguard-cli . && docker run --rm -v "$PWD:/work" meshguard-cli scan deploy/
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/true
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/cli/package.json apps/cli/
COPY apps/web/package.json apps/web/
COPY libs/ libs/
RUN npm ci
COPY . .
RUN npm run build && node apps/cli/scripts/pack.mjs && npm prune --omit=dev

# The CLI alone: the bundled npm package (no workspace, no dev dependencies), run as the unprivileged node user.
FROM node:20-bookworm-slim AS cli
COPY --from=build /app/apps/cli/dist-package/*.tgz /tmp/meshguard.tgz
RUN npm install --global --offline --no-audit --no-fund /tmp/meshguard.tgz && rm /tmp/meshguard.tgz
USER node
WORKDIR /work
ENTRYPOINT ["meshguard"]
CMD ["--help"]

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/prisma prisma
COPY --from=build --chown=node:node /app/apps apps
COPY --from=build --chown=node:node /app/libs libs
USER node
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
