# syntax=docker/dockerfile:1

# Build stage: full install (runs `prisma generate` through the postinstall script).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY src ./src

# Runtime stage: production dependencies only, non-root, data on a volume.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts is safe: the one native dependency, fs-native-extensions (the DATA_DIR lock), ships
# prebuilt linux-x64 and linux-arm64 glibc addons in its npm tarball and picks one at run time. Keep a
# glibc base: it has no musl (Alpine) build.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY prisma ./prisma
COPY --from=build /app/src ./src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /readyz on the address the bot listens on (HOST, PORT; src/healthcheck.ts).
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "src/healthcheck.ts"]
# The same command line as `npm start` (see package.json): two malloc arenas instead of one per thread
# and a small young generation keep the idle bot small.
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-semi-space-size=1", "src/main.ts"]
