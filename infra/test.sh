#!/usr/bin/env bash
# The README's second command runs this: build, then every test (unit and against real loopback
# sshd hosts, which the tests start themselves through infra/fleet.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b
npm run typecheck -w @drover/web
npm run build -w @drover/web
npx vitest run "$@"
