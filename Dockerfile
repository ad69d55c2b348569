# The evohub image used by the charts: `evohub` as the entrypoint (operator, coordinator `evolve`, `worker`,
# `gate`). Node 24 runs the TypeScript sources directly (type stripping); no build step.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY core ./core
COPY evaluator ./evaluator
COPY cli ./cli
COPY operator ./operator
COPY runtime ./runtime
COPY adapters ./adapters
COPY schemas ./schemas
COPY templates ./templates
RUN printf '#!/bin/sh\nexec node /app/cli/bin.ts "$@"\n' > /usr/local/bin/evohub \
  && chmod +x /usr/local/bin/evohub
# Non-root, matching the charts' securityContext (runAsUser 1000 is the image's `node` user).
USER 1000
ENTRYPOINT ["evohub"]
