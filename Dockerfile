# One image for the API, the worker and the CLI. Build: docker compose build
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
RUN npm run build && npm prune --omit=dev

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
