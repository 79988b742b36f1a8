# drover's controller image: the API, the worker and the CLI. The entrypoint is the `drover` command:
#   docker run ... drover:latest              # drover server: migrate, then the API (port 8080) and a worker
#   docker run ... drover:latest worker       # a worker only; also: migrate, playbook ...
# docker-compose.yml runs the API and the worker as separate services from this image.
FROM node:20-bookworm-slim
# git and ssh for project syncs, ca-certificates for https remotes, tini as PID 1 (signals, zombies)
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# npm ci runs the prepare scripts: Prisma Client generation (offline), the build (tsc -b) and the
# web UI's static build (apps/web/dist, served by the API at /)
RUN npm ci --no-audit --no-fund \
 && npx tsc -b \
 && mkdir -p /var/lib/drover/projects \
 && chown -R node:node /var/lib/drover
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DROVER_PROJECTS_DIR=/var/lib/drover/projects
USER node
VOLUME ["/var/lib/drover/projects"]
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/packages/cli/bin/drover.js"]
CMD ["server"]
