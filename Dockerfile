# Sidewatch: multi-stage build on Node 22 LTS (slim). TypeScript runs through tsx, so the
# runtime image holds the sources and production dependencies only.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a runtime dependency; dev tools (typescript, test servers, browsers) stay out.
RUN npm ci --omit=dev && npm cache clean --force

FROM node:22-bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    SIDEWATCH_HOST=0.0.0.0 \
    SIDEWATCH_PORT=8080 \
    SIDEWATCH_DATA_DIR=/var/lib/sidewatch
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY core ./core
COPY lib ./lib
COPY plugins ./plugins
COPY dashboards ./dashboards
COPY config ./config
RUN mkdir -p /var/lib/sidewatch && chown -R node:node /var/lib/sidewatch
USER node
VOLUME ["/var/lib/sidewatch"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.SIDEWATCH_PORT||8080)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/sidewatch.js", "start"]
