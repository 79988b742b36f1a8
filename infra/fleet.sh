#!/usr/bin/env bash
# fleet.sh up N [--password] | down | status
#
# drover's loopback SSH test hosts: N real sshd daemons on 127.0.0.101, .102, ... port 22 of THIS
# machine (never an outside address; .11-.30 belong to the conformance kit), for user `drover`.
# Must run as root. See infra/README.md for the design.
#
#   up N          start host1..hostN (idempotent: a running host is left alone, a changed config
#                 is applied with SIGHUP). Key auth; the account's password stays locked unless
#                 password mode was turned on.
#   up N --password   the same, and the account gets the known password
#                 $DROVER_FLEET_PASSWORD (default drover-test), which every host accepts. Setting
#                 DROVER_FLEET_PASSWORD in the environment also selects this mode. Password mode stays
#                 on until `down` (so a later plain `up` from a parallel test run can't break it).
#   down          stop every host this fleet started and lock the password again
#   status        one line per host: name, address, running or stopped
#
# The last line `up` prints is the path of the inventory it wrote ($DROVER_FLEET_DIR/hosts.ini).
set -euo pipefail

DIR=${DROVER_FLEET_DIR:-/tmp/drover-infra-fleet}
FLEET_USER=drover
BASE=100                       # host i listens on 127.0.0.(BASE+i)
cmd=${1:-status}

pidfile() { echo "$DIR/drover-sshd-$1.pid"; }   # $1 = host index
conffile() { echo "$DIR/drover-sshd-$1.conf"; }
alive() { local p; p=$(pidfile "$1"); [ -f "$p" ] && kill -0 "$(cat "$p")" 2>/dev/null; }
listening() { (exec 3<>"/dev/tcp/$1/22") 2>/dev/null; }

die() { echo "fleet.sh: $*" >&2; exit 1; }

fleet_down() {
  local p pid
  lock
  for p in "$DIR"/drover-sshd-*.pid; do
    [ -f "$p" ] || continue
    pid=$(cat "$p")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    rm -f "$p"
  done
  id "$FLEET_USER" >/dev/null 2>&1 && usermod -p '*' "$FLEET_USER"
  rm -f "$DIR/password-mode" "$DIR/hosts-password.ini"
}

# one fleet.sh at a time per directory (test files start the fleet in parallel)
lock() {
  mkdir -p "$DIR"
  exec 9>"$DIR/drover-fleet.lock"
  flock -w 120 9 || die "another fleet.sh holds $DIR/drover-fleet.lock"
}

fleet_status() {
  local c i ip
  for c in "$DIR"/drover-sshd-*.conf; do
    [ -f "$c" ] || continue
    i=${c##*/drover-sshd-}; i=${i%.conf}; ip=127.0.0.$((BASE + i))
    if alive "$i"; then echo "host$i $ip running"; else echo "host$i $ip stopped"; fi
  done
}

ensure_sshd() {
  [ -x /usr/sbin/sshd ] && return 0
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y openssh-server >&2 || { apt-get update >&2 && apt-get install -y openssh-server >&2; }
  [ -x /usr/sbin/sshd ] || die "openssh-server did not install /usr/sbin/sshd"
}

ensure_user() {
  local home=/home/$FLEET_USER
  if ! id "$FLEET_USER" >/dev/null 2>&1; then
    # -k /dev/null: no skeleton, so no rc files that slow down every exec
    useradd -m -k /dev/null -s /bin/sh "$FLEET_USER"
  fi
  home=$(getent passwd "$FLEET_USER" | cut -d: -f6)
  rm -f "$home/.profile" "$home/.bashrc" "$home/.bash_profile" "$home/.bash_logout" "$home/.shrc"
  install -d -m 700 -o "$FLEET_USER" -g "$FLEET_USER" "$home/.ssh"
  local ak=$home/.ssh/authorized_keys
  touch "$ak"
  grep -qxF "$(cat "$DIR/id_ed25519.pub")" "$ak" || cat "$DIR/id_ed25519.pub" >> "$ak"
  chown "$FLEET_USER:$FLEET_USER" "$ak"; chmod 600 "$ak"
  if [ "$password_mode" = 1 ]; then
    echo "$FLEET_USER:$PASSWORD" | chpasswd
    echo "$PASSWORD" > "$DIR/password-mode"; chmod 600 "$DIR/password-mode"
  elif [ -f "$DIR/password-mode" ]; then
    password_mode=1; PASSWORD=$(cat "$DIR/password-mode")   # turned on earlier: keep it until down
  else
    usermod -p '*' "$FLEET_USER"   # locked for passwords, still usable with keys (UsePAM no)
  fi
}

write_conf() { # $1 = index, $2 = ip; prints "changed" when the file changed
  local f tmp
  f=$(conffile "$1"); tmp="$f.tmp"
  cat > "$tmp" <<C
# written by drover infra/fleet.sh
ListenAddress $2
Port 22
HostKey $DIR/ssh_host_ed25519_key
PubkeyAuthentication yes
PasswordAuthentication yes
PermitEmptyPasswords no
KbdInteractiveAuthentication no
UsePAM no
AllowUsers $FLEET_USER
PidFile $(pidfile "$1")
MaxSessions 200
MaxStartups 500
LoginGraceTime 30
ClientAliveInterval 0
UseDNS no
PrintMotd no
PrintLastLog no
StrictModes yes
Subsystem sftp internal-sftp
LogLevel ERROR
C
  if [ -f "$f" ] && cmp -s "$tmp" "$f"; then rm -f "$tmp"; else mv "$tmp" "$f"; echo changed; fi
}

fleet_up() {
  local n=$1 i ip changed
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 90 ] || die "N must be 1..90 (127.0.0.101-.190; .191-.254 are left to tests)"
  [ "$(id -u)" = 0 ] || die "must run as root"
  lock
  ensure_sshd
  mkdir -p "$DIR" /run/sshd
  chmod 755 "$DIR"; chmod 755 /run/sshd
  [ -f "$DIR/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C drover-fleet -f "$DIR/id_ed25519"
  [ -f "$DIR/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C drover-fleet-host -f "$DIR/ssh_host_ed25519_key"
  chmod 600 "$DIR/ssh_host_ed25519_key" "$DIR/id_ed25519"
  ensure_user
  for i in $(seq 1 "$n"); do
    ip=127.0.0.$((BASE + i))
    changed=$(write_conf "$i" "$ip")
    if alive "$i"; then
      # running: leave it, unless its config changed (sshd re-reads it on SIGHUP)
      if [ -n "$changed" ]; then
        /usr/sbin/sshd -t -f "$(conffile "$i")" || die "bad config $(conffile "$i")"
        kill -HUP "$(cat "$(pidfile "$i")")"
      fi
    elif listening "$ip"; then
      echo "fleet.sh: warning: something not started by this fleet answers on $ip:22; left as it is" >&2
    else
      /usr/sbin/sshd -f "$(conffile "$i")" 9>&- || die "sshd failed to start on $ip (is 0.0.0.0:22 taken by a system sshd?)"
    fi
  done
  # sshd daemonizes after binding, but a SIGHUPed one re-execs: wait until each answers
  for i in $(seq 1 "$n"); do
    ip=127.0.0.$((BASE + i))
    for _ in $(seq 100); do listening "$ip" && break; sleep 0.05; done
    listening "$ip" || die "host$i ($ip:22) does not answer"
  done
  write_inventory "$n"
  echo "$DIR/hosts.ini"
}

write_inventory() {
  local n=$1 i tmp="$DIR/hosts.ini.tmp"
  {
    echo "# written by drover infra/fleet.sh: $n loopback sshd hosts"
    echo "[fleet]"
    for i in $(seq 1 "$n"); do
      echo "host$i ansible_host=127.0.0.$((BASE + i)) ansible_user=$FLEET_USER ansible_ssh_private_key_file=$DIR/id_ed25519"
    done
    echo "[fleet:vars]"
    echo "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'"
    echo "ansible_python_interpreter=/usr/bin/python3"
  } > "$tmp"
  mv "$tmp" "$DIR/hosts.ini"
  if [ "$password_mode" = 1 ]; then
    {
      echo "# written by drover infra/fleet.sh: the same hosts, password auth"
      echo "[fleet]"
      for i in $(seq 1 "$n"); do
        echo "host$i ansible_host=127.0.0.$((BASE + i)) ansible_user=$FLEET_USER ansible_password=$PASSWORD"
      done
      echo "[fleet:vars]"
      echo "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o PubkeyAuthentication=no'"
      echo "ansible_python_interpreter=/usr/bin/python3"
    } > "$tmp"
    mv "$tmp" "$DIR/hosts-password.ini"
  fi
}

password_mode=0
[ -n "${DROVER_FLEET_PASSWORD:-}" ] && password_mode=1
PASSWORD=${DROVER_FLEET_PASSWORD:-drover-test}

case "$cmd" in
  up)
    n=${2:-3}
    [ "${3:-}" = --password ] && password_mode=1
    fleet_up "$n" ;;
  down) fleet_down ;;
  status) fleet_status ;;
  *) die "usage: fleet.sh up N [--password] | down | status" ;;
esac
