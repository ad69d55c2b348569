# The evohub image used by the charts: `evohub` as the entrypoint (operator, coordinator `evolve`, `worker`,
# `gate`). Built from the npm package: the build stage packs it (`npm pack` runs the `prepack` build into dist/)
# and writes an app project locked to the versions this repository tested (scripts/app-project.ts); the
# runtime stage installs that project without development dependencies and runs as a non-root user.
# test/packaging/dockerfile.e2e.test.ts runs these steps in temp folders (same commands, same files copied).
#
#   docker build -t evohub:0.1.0 .
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY README.md LICENSE tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY core ./core
COPY adapters ./adapters
COPY cli ./cli
COPY evaluator ./evaluator
COPY operator ./operator
COPY runtime ./runtime
COPY server ./server
COPY schemas ./schemas
COPY templates ./templates
RUN mkdir pkg && npm pack --pack-destination pkg && node scripts/app-project.ts pkg/evohub-*.tgz app

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /opt/evohub
COPY --from=build /src/pkg ./pkg
COPY --from=build /src/app ./app
RUN cd app && npm ci --omit=dev --no-audit --no-fund && rm -rf ../pkg && npm cache clean --force
ENV PATH=/opt/evohub/app/node_modules/.bin:$PATH
# Non-root, matching the charts' securityContext (runAsUser 1000 is the image's `node` user).
USER 1000
ENTRYPOINT ["evohub"]
