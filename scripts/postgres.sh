#!/usr/bin/env bash
# Ensures a PostgreSQL for Panel is reachable and prints ONLY its Npgsql
# connection string on stdout; every log line goes to stderr.
#
#   scripts/postgres.sh <name> <port> [--fast]   start (or reuse) a cluster
#   scripts/postgres.sh stop <name>              stop the local cluster <name>
#
# Preference: $ConnectionStrings__Marten if set; else, for <name> = dev, the
# docker-compose "db" service when a Docker engine answers; else a local
# cluster in .local/pg-<name> (git-ignored) run as the postgres OS user.
# --fast (tests only) turns fsync/synchronous_commit/full_page_writes off.
set -euo pipefail

# Keep the caller's stdout on fd 3 for the one connection-string line, so no
# stray output of any tool can end up in $(scripts/postgres.sh ...).
exec 3>&1 1>&2

PGBIN=/usr/lib/postgresql/15/bin
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
usage() {
  log "usage: scripts/postgres.sh <name> <port> [--fast] | scripts/postgres.sh stop <name>"
  exit 2
}
emit_conn() {
  printf 'Host=127.0.0.1;Port=%s;Database=panel;Username=postgres;Password=panel\n' "$1" >&3
}

# Closes every fd above 2 in the current (sub)shell. The postmaster that
# pg_ctl daemonises inherits all open fds: our fd 3 (the caller's $(...)
# pipe), the lock fd 9, or any pipe a CI harness passed down would be held
# open for the server's lifetime and hang whoever waits for EOF on it.
close_extra_fds() {
  local f fd
  for f in /proc/self/fd/*; do
    fd=${f##*/}
    if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then
      exec {fd}>&- 2>/dev/null || true
    fi
  done
}

# Runs a command as the postgres OS user (PostgreSQL refuses to run as root),
# from / (postgres may not be able to enter our cwd), with a clean environment
# (no PG* variables or secrets of the caller reach the server).
as_pg() {
  local -a envv=(env -i "PATH=$PGBIN:/usr/bin:/bin" LANG=C)
  [[ -z ${TZ:-} ]] || envv+=("TZ=$TZ")
  if [[ $EUID -eq 0 ]]; then
    (close_extra_fds && cd / && exec runuser -u postgres -- "${envv[@]}" HOME=/var/lib/postgresql "$@")
  else
    (close_extra_fds && cd / && exec "${envv[@]}" "HOME=${HOME:-/}" "$@")
  fi
}

# POSIX single-quoting: pg_ctl hands -o to /bin/sh, so paths must be quoted.
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

valid_name() { [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_-]*$ && $1 != stop ]]; }

ensure_binaries() {
  [[ -x $PGBIN/pg_ctl && -x $PGBIN/initdb && -x $PGBIN/psql ]] && return 0
  [[ $EUID -eq 0 ]] || die "PostgreSQL 15 is missing at $PGBIN; install the Debian package postgresql-15"
  log "PostgreSQL 15 binaries missing: installing postgresql-15 via apt"
  # In a subshell without extra fds: the package's postinst may start a daemon.
  (
    close_extra_fds
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql-15 ||
      { apt-get update -q && apt-get install -y -q postgresql-15; }
  ) </dev/null || die "apt-get install postgresql-15 failed"
  [[ -x $PGBIN/pg_ctl ]] || die "postgresql-15 installed but $PGBIN/pg_ctl is still missing"
}

ensure_pg_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  log "creating the postgres OS user"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# Picks the data directory. In-repo .local/pg-<name> when the postgres user can
# reach it; otherwise (repo under /root, or a path too long for the 107-byte
# unix socket limit) a per-repo directory under /var/tmp.
choose_datadir() {
  local name=$1 local_dir hash
  local_dir="$ROOT/.local/pg-$name"
  hash=$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
  FALLBACK_DIR="/var/tmp/panel-pg-$name-$hash"
  DATADIR=$local_dir
  if [[ -f $FALLBACK_DIR/PG_VERSION && ! -f $local_dir/PG_VERSION ]]; then
    DATADIR=$FALLBACK_DIR
    return 0
  fi
  [[ -f $local_dir/PG_VERSION ]] && return 0
  mkdir -p "$ROOT/.local"
  local why=""
  if (( ${#local_dir} > 85 )); then
    why="path too long for a unix socket"
  elif [[ $EUID -eq 0 ]] && ! as_pg test -x "$ROOT/.local"; then
    why="the postgres user cannot traverse $ROOT/.local"
  fi
  if [[ -n $why ]]; then
    log "$why; using $FALLBACK_DIR instead of $local_dir"
    DATADIR=$FALLBACK_DIR
  fi
}

# Existing data dir for `stop` (never creates anything).
find_datadir() {
  local name=$1 hash
  hash=$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
  for DATADIR in "$ROOT/.local/pg-$name" "/var/tmp/panel-pg-$name-$hash"; do
    [[ -f $DATADIR/PG_VERSION ]] && return 0
  done
  return 1
}

# True when postmaster.pid names a live postmaster of THIS data dir. A pid
# reused by an unrelated process (typical after a container restart) counts
# as dead, which `pg_ctl status` alone would get wrong.
pg_running() {
  local pidfile=$DATADIR/postmaster.pid pid cwd
  [[ -f $pidfile ]] || return 1
  pid=$(head -n1 "$pidfile" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null || true) == postgres ]] || return 1
  # A killed postmaster can linger as a zombie where PID 1 does not reap.
  [[ $(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status" 2>/dev/null) != [ZX] ]] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
  [[ -z $cwd || $cwd -ef $DATADIR ]]
}

running_port() { sed -n 4p "$DATADIR/postmaster.pid"; }

clear_stale_pid() {
  [[ -f $DATADIR/postmaster.pid ]] || return 0
  log "removing stale postmaster.pid left by a dead server in $DATADIR"
  rm -f "$DATADIR/postmaster.pid" "$DATADIR"/.s.PGSQL.*
}

show_log_tail() {
  [[ -f $DATADIR/postgresql.log ]] || return 0
  log "last lines of $DATADIR/postgresql.log:"
  tail -n 25 "$DATADIR/postgresql.log" >&2 || true
}

port_busy() { (exec 8<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_ready() {
  local port=$1 i
  for ((i = 0; i < 300; i++)); do
    as_pg pg_isready -q -h "$DATADIR" -p "$port" && return 0
    pg_running || { show_log_tail; die "PostgreSQL in $DATADIR exited during startup"; }
    sleep 0.1
  done
  show_log_tail
  die "PostgreSQL in $DATADIR did not become ready within 30 s"
}

pg_query() {
  local port=$1 db=$2 sql=$3
  as_pg psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$DATADIR" -p "$port" -U postgres -d "$db" -c "$sql"
}

init_cluster() {
  local fast=$1 locale=C
  if [[ -d $DATADIR ]] && [[ -n $(ls -A "$DATADIR") ]]; then
    # A half-written cluster from an interrupted initdb: ours to redo.
    log "$DATADIR exists but holds no complete cluster; re-initialising it"
    rm -rf "$DATADIR"
  fi
  mkdir -p "$DATADIR"
  chmod 700 "$DATADIR"
  if [[ $EUID -eq 0 ]]; then
    chown postgres:postgres "$DATADIR"
  fi
  locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && locale=C.UTF-8
  [[ $locale == C ]] && log "locale C.UTF-8 not available; initialising with --locale=C"
  local -a extra=()
  # Throwaway test clusters skip initdb's final fsync; dev keeps it.
  [[ $fast == 1 ]] && extra+=(--no-sync)
  log "initialising a new cluster in $DATADIR"
  if ! as_pg initdb -D "$DATADIR" --auth=trust -U postgres --encoding=UTF8 \
    "--locale=$locale" "${extra[@]}" >&2; then
    rm -rf "$DATADIR"
    die "initdb failed"
  fi
}

start_cluster() {
  local port=$1 fast=$2 try opts
  # Another server (e.g. a second checkout's cluster) may hold the port: take
  # the next free one; the printed connection string carries the real port.
  for ((try = 0; try < 20; try++)); do
    port_busy "$port" || break
    log "warning: port $port is already in use by another server; trying $((port + 1))"
    port=$((port + 1))
  done
  port_busy "$port" && die "no free port found"
  opts="-c listen_addresses=127.0.0.1 -p $port -k $(sq "$DATADIR") -c max_connections=200"
  [[ $fast == 1 ]] && opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  log "starting PostgreSQL ($([[ $fast == 1 ]] && echo 'fast, non-durable' || echo durable)) on 127.0.0.1:$port, data in $DATADIR"
  if ! as_pg pg_ctl -D "$DATADIR" -l "$DATADIR/postgresql.log" -o "$opts" -w -t 60 start >&2; then
    show_log_tail
    die "pg_ctl start failed"
  fi
  PORT=$port
}

stop_cluster() {
  as_pg pg_ctl -D "$DATADIR" -m fast -w -t 60 stop >&2
}

cmd_stop() {
  local name=$1
  valid_name "$name" || usage
  if ! find_datadir "$name"; then
    log "no local cluster '$name'; nothing to stop"
    return 0
  fi
  if pg_running; then
    log "stopping $DATADIR"
    stop_cluster
  else
    log "cluster '$name' ($DATADIR) is not running"
  fi
}

cmd_start() {
  local name=$1 port=$2 fast=$3 fsync

  if [[ -n ${ConnectionStrings__Marten:-} ]]; then
    printf '%s\n' "$ConnectionStrings__Marten" >&3
    return 0
  fi

  # Docker only for the dev database; tests always use a local cluster.
  if [[ $name == dev ]] && command -v docker >/dev/null 2>&1 &&
    timeout 10 docker info >/dev/null 2>&1 </dev/null; then
    log "Docker engine found: starting the compose db service"
    # The file requires PANEL_ADMIN_KEY for the panel service; db does not.
    if PANEL_DB_PORT=$port PANEL_ADMIN_KEY=${PANEL_ADMIN_KEY:-unused-by-db} \
      docker compose -f "$ROOT/docker-compose.yml" up -d --wait db </dev/null >&2; then
      emit_conn "$port"
      return 0
    fi
    log "docker compose failed; falling back to a local cluster"
  fi

  ensure_binaries
  ensure_pg_user
  choose_datadir "$name"

  # Serialise concurrent calls for the same cluster.
  mkdir -p "$(dirname "$DATADIR")"
  exec 9>"$DATADIR.lock"
  flock -w 120 9 || die "timed out waiting for the lock $DATADIR.lock"

  if [[ ! -f $DATADIR/PG_VERSION || ! -f $DATADIR/global/pg_control ]]; then
    init_cluster "$fast"
  elif [[ $EUID -eq 0 && $(stat -c %U "$DATADIR") != postgres ]]; then
    chown -R postgres:postgres "$DATADIR"
  fi

  PORT=$port
  if pg_running; then
    PORT=$(running_port)
    [[ $PORT == "$port" ]] || log "cluster '$name' is already running on port $PORT; reusing it there"
    wait_ready "$PORT"
    # Never silently reuse a non-durable server for a durable request (or the
    # reverse): restart it with the requested settings.
    fsync=$(pg_query "$PORT" postgres 'SHOW fsync')
    if [[ ($fast == 1 && $fsync == on) || ($fast == 0 && $fsync == off) ]]; then
      log "running cluster has fsync=$fsync; restarting with the requested settings"
      stop_cluster
      start_cluster "$PORT" "$fast"
    else
      log "reusing the running cluster in $DATADIR (port $PORT)"
    fi
  else
    clear_stale_pid
    start_cluster "$port" "$fast"
  fi
  wait_ready "$PORT"

  if [[ -z $(pg_query "$PORT" postgres "SELECT 1 FROM pg_database WHERE datname = 'panel'") ]]; then
    log "creating database panel"
    as_pg createdb -h "$DATADIR" -p "$PORT" -U postgres panel
  fi
  emit_conn "$PORT"
}

[[ $# -ge 1 ]] || usage
if [[ $1 == stop ]]; then
  [[ $# -eq 2 ]] || usage
  cmd_stop "$2"
  exit 0
fi

NAME=$1
shift
[[ $# -ge 1 ]] || usage
PORT_ARG=$1
shift
FAST=0
for arg in "$@"; do
  case $arg in
    --fast) FAST=1 ;;
    *) usage ;;
  esac
done
valid_name "$NAME" || die "invalid name '$NAME' (letters, digits, - and _)"
if ! [[ $PORT_ARG =~ ^[0-9]+$ ]] || ((PORT_ARG < 1024 || PORT_ARG > 65535)); then
  die "invalid port '$PORT_ARG' (1024-65535)"
fi
cmd_start "$NAME" "$PORT_ARG" "$FAST"
