#!/usr/bin/env bash
# The README's first command runs this: start 3 loopback SSH hosts and run the example playbook
# on them with the drover CLI. Needs root (it starts sshd daemons on 127.0.0.101-103).
set -euo pipefail
cd "$(dirname "$0")/.."
inv=$(bash infra/fleet.sh up 3 | tail -n 1)
exec npx drover playbook -i "$inv" infra/example/site.yml "$@"
