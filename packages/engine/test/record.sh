#!/usr/bin/env bash
# record.sh [CASE...] — (re-)records expected/<case>.raw and expected/<case>.txt for the cases in
# cases/ with REAL ansible-playbook. The traces are the reference drover must reproduce.
#
# Needs:
#  - ansible-core 2.14 (`ansible-playbook --version` says "core 2.14.x"; Debian 12: `apt-get install
#    ansible-core`). Another version is refused unless RECORD_ANY_VERSION=1.
#  - three SSH hosts named host1..host3 in the traces. By default the shared conformance fleet is started
#    with $RECORD_FLEET_SH (default ../shared/conformance/fleet.sh beside the repo; needs root and
#    openssh-server): 127.0.0.11-13, user fleet, key $FLEET_DIR/id_ed25519 (FLEET_DIR=/tmp/drover-fleet).
#    Override with RECORD_HOSTS="ip1 ip2 ip3", RECORD_USER, RECORD_KEY, RECORD_FLEET_SH=none.
#  - node + the repo's devDependencies (vite-node runs src/tests/normalize-cli.ts, the TS normalizer).
#
# Each case runs from inside its directory as
#   ansible-playbook -f 10 -i INV play.yml <words of the case's `args` file, shell-quoted>
# with INV = [fleet] host1..host3, plus [others] = the case's `extra_hosts` file.
# stdout+stderr go to expected/<case>.raw; the normalized trace plus `EXIT <code>` to expected/<case>.txt.
# RECORD_OUT=dir writes there instead of expected/ (e.g. to check that a recording reproduces).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
export FLEET_DIR=${FLEET_DIR:-/tmp/drover-fleet}
fleet_sh=${RECORD_FLEET_SH:-$root/../shared/conformance/fleet.sh}
hosts=(${RECORD_HOSTS:-127.0.0.11 127.0.0.12 127.0.0.13})
user=${RECORD_USER:-fleet}
key=${RECORD_KEY:-$FLEET_DIR/id_ed25519}
out=${RECORD_OUT:-$here/expected}
mkdir -p "$out"

ver=$(ansible-playbook --version 2>/dev/null | head -1)
case "$ver" in
  *"core 2.14."*) ;;
  *) if [ "${RECORD_ANY_VERSION:-0}" != 1 ]; then echo "record.sh: needs ansible-core 2.14, found: ${ver:-no ansible-playbook}" >&2; exit 2; fi ;;
esac
if [ "$fleet_sh" != none ]; then
  bash "$fleet_sh" up 3 >/dev/null || { echo "record.sh: $fleet_sh failed (needs root and openssh-server)" >&2; exit 2; }
fi

cases=("$@"); [ ${#cases[@]} -eq 0 ] && cases=($(ls "$here/cases"))
for c in "${cases[@]}"; do
  c=${c%/}; d="$here/cases/$c"
  [ -f "$d/play.yml" ] || { echo "record.sh: no such case: $c" >&2; continue; }
  inv=$(mktemp --suffix=.ini)
  {
    echo "[fleet]"
    for i in 0 1 2; do echo "host$((i + 1)) ansible_host=${hosts[$i]}"; done
    if [ -f "$d/extra_hosts" ]; then echo "[others]"; cat "$d/extra_hosts"; fi
    echo "[all:vars]"
    echo "ansible_user=$user"
    echo "ansible_ssh_private_key_file=$key"
    echo "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=3'"
    echo "ansible_python_interpreter=/usr/bin/python3"
  } > "$inv"
  args=()
  [ -f "$d/args" ] && eval "args=($(cat "$d/args"))"
  (cd "$d" && NO_COLOR=1 ANSIBLE_NOCOLOR=1 ANSIBLE_NOCOWS=1 ANSIBLE_HOST_KEY_CHECKING=False \
     timeout 300 ansible-playbook -f 10 -i "$inv" play.yml "${args[@]}" > "$out/$c.raw" 2>&1)
  rc=$?
  rm -f "$inv"
  (cd "$root" && npx --no-install vite-node packages/engine/src/tests/normalize-cli.ts "$out/$c.raw" "$rc" "$d" 2>/dev/null) > "$out/$c.txt"
  echo "recorded $c (exit $rc)"
done
