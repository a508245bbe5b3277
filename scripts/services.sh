#!/usr/bin/env bash
# Installs and runs the servers the session-store tests talk to, all on 127.0.0.1, with their data
# under the repo's .services/ folder. Safe to run again: what is installed is not reinstalled and what
# is running is left running, so `start` is quick the second time.
#
#   scripts/services.sh start | stop | status | restart | clean
#   scripts/services.sh start-redis | stop-redis        (only the single redis, for the fault test)
#   scripts/services.sh start-cluster | stop-cluster    (only the redis cluster)
#   scripts/services.sh start-congodb | stop-congodb    (only congodb)
#
# Ports and connection strings: scripts/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVC="$ROOT/.services"

# Fixed ports the tests default to; the overrides exist for a machine where one is taken (then set
# the matching MICROFLASK_TEST_* variable for the tests too).
REDIS_PORT="${SERVICES_REDIS_PORT:-6379}"
# The cluster: the first third of the ports become its 3 masters, the rest their replicas (one each, as a
# production cluster has, so that a master's failure is a failover and not lost slots). Each node's cluster bus
# listens on its port + SERVICES_REDIS_CLUSTER_BUS_OFFSET (Redis's default, 10000).
read -r -a CLUSTER_PORTS <<<"${SERVICES_REDIS_CLUSTER_PORTS:-7001 7002 7003 7004 7005 7006}"
CLUSTER_REPLICAS="${SERVICES_REDIS_CLUSTER_REPLICAS:-1}"
CLUSTER_BUS_OFFSET="${SERVICES_REDIS_CLUSTER_BUS_OFFSET:-10000}"
MEMCACHED_PORT="${SERVICES_MEMCACHED_PORT:-11211}"
PG_PORT="${SERVICES_POSTGRES_PORT:-5433}"
MONGO_PORT="${SERVICES_MONGODB_PORT:-27017}"
DYNAMODB_PORT="${SERVICES_DYNAMODB_PORT:-8000}"

PG_BIN=/usr/lib/postgresql/15/bin
PG_USER=microflask
PG_PASSWORD=microflask
PG_DATABASE=microflask_test
CONGO_PACKAGE="@push.rocks/smartmongo@2.2.0"
CONGO_DEPS=(bson@6.10.4 mingo@7.2.7 @push.rocks/smartfs@1.5.0 @push.rocks/smartpath@5.1.0
  @push.rocks/smartpromise@4.2.3 @push.rocks/smartrx@3.0.10)
DYNALITE_PACKAGE="dynalite@4.0.0"

say() { echo "services: $*"; }
die() { echo "services: ERROR: $*" >&2; exit 1; }

# --- processes -------------------------------------------------------------------------------

# True when the pid is a live process named $2. Zombies do not count: pid 1 on some machines never
# reaps, so a stopped daemon can linger as a zombie that `kill -0` still reports as alive.
proc_alive() {
  local pid="$1" comm="$2" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/stat" ] || return 1
  state="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [ "$state" != "Z" ] && [ "$state" != "X" ] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ]
}

pid_from() { [ -s "$1" ] && head -n1 "$1" | tr -d '[:space:]' || true; }

# Stops the process named in a pid file (only if it still is the expected program), bounded wait.
stop_pidfile() {
  local name="$1" file="$2" comm="$3" pid i
  pid="$(pid_from "$file")"
  if [ -n "$pid" ] && proc_alive "$pid" "$comm"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      proc_alive "$pid" "$comm" || break
      sleep 0.1
    done
    if proc_alive "$pid" "$comm"; then
      say "$name (pid $pid) ignored SIGTERM for 10 s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "$name stopped"
  fi
  rm -f "$file"
}

# --- readiness -------------------------------------------------------------------------------

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Waits until `check` succeeds, at most $3 tenths of a second; the error names the server and its log.
# With a pid ($5), gives up at once when that process has exited instead of waiting out the time.
wait_for() {
  local name="$1" check="$2" tenths="$3" log="$4" pid="${5:-}" i
  for ((i = 0; i < tenths; i++)); do
    if eval "$check" >/dev/null 2>&1; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      [ -f "$log" ] && tail -n 20 "$log" >&2 || true
      die "$name exited during start-up (log: $log)"
    fi
    sleep 0.1
  done
  [ -f "$log" ] && tail -n 20 "$log" >&2 || true
  die "$name did not become ready within $((tenths / 10)) s (check: $check; log: $log)"
}

redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = "PONG" ]; }
cluster_ok() { redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null | tr -d '\r' | grep -qx 'cluster_state:ok'; }
memcached_version() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$MEMCACHED_PORT; printf 'version\r\n' >&3; head -n1 <&3" 2>/dev/null | tr -d '\r'
}
memcached_ready() { [ -n "$(memcached_version)" ]; }
pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

# --- installation ----------------------------------------------------------------------------

apt_install() {
  [ "$(id -u)" = 0 ] || die "missing Debian packages ($*); run as root or install them first"
  say "installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the packages' init scripts from starting Debian's own redis/memcached/postgres on our ports:
  # those would persist data and could not be stopped by stop-redis. (The usual policy-rc.d switch.)
  local policy=/usr/sbin/policy-rc.d ours=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && ours=1
  fi
  local rc=0
  # A fresh machine may have empty package lists: update once and retry before giving up.
  apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends "$@" \
    || { apt-get update -o DPkg::Lock::Timeout=600 && apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends "$@"; } \
    || rc=$?
  [ -n "$ours" ] && rm -f "$policy"
  [ "$rc" = 0 ] || die "apt-get install $* failed"
}

install_missing() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v memcached >/dev/null || missing+=(memcached)
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# CongoDB: a plain `npm install` of smartmongo fails on two missing transitive versions, so the package
# is unpacked and only what its congodb entry imports is installed next to it.
install_congodb() {
  local dir="$SVC/congodb"
  [ -f "$dir/.installed" ] && return 0
  say "installing CongoDB ($CONGO_PACKAGE) under $dir"
  rm -rf "$dir" && mkdir -p "$dir"
  (
    cd "$dir"
    export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
    npm pack "$CONGO_PACKAGE" --silent >/dev/null
    tar -xzf push.rocks-smartmongo-2.2.0.tgz
    echo '{ "private": true }' >package.json
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error "${CONGO_DEPS[@]}" >/dev/null
  ) || die "CongoDB install failed (npm pack / npm install in $dir)"
  [ -f "$dir/package/dist_ts/congodb/index.js" ] || die "CongoDB package has no dist_ts/congodb/index.js"
  touch "$dir/.installed"
}

# dynalite: an in-memory server that answers DynamoDB's API, installed on its own under .services/.
install_dynalite() {
  local dir="$SVC/dynalite"
  [ -f "$dir/.installed" ] && return 0
  say "installing dynalite ($DYNALITE_PACKAGE) under $dir"
  rm -rf "$dir" && mkdir -p "$dir"
  (
    cd "$dir"
    echo '{ "private": true }' >package.json
    npm install --no-audit --no-fund --loglevel=error "$DYNALITE_PACKAGE" >/dev/null
  ) || die "dynalite install failed (npm install in $dir)"
  [ -f "$dir/node_modules/dynalite/cli.js" ] || die "dynalite package has no cli.js"
  touch "$dir/.installed"
}

# --- redis -----------------------------------------------------------------------------------

# Starts one redis-server with no persistence, daemonized with its own pid file and log.
redis_node_start() {
  local port="$1" dir="$2"
  shift 2
  mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" "$@" \
    || die "redis-server on port $port failed to start (log: $dir/redis.log)"
}

start_redis() {
  local dir="$SVC/redis"
  if proc_alive "$(pid_from "$dir/redis.pid")" redis-server; then return 0; fi
  if redis_ping "$REDIS_PORT"; then say "redis: port $REDIS_PORT already served by another redis, using it"; return 0; fi
  redis_node_start "$REDIS_PORT" "$dir"
  wait_for "redis (127.0.0.1:$REDIS_PORT)" "redis_ping $REDIS_PORT" 100 "$dir/redis.log"
}

stop_redis() { stop_pidfile "redis :$REDIS_PORT" "$SVC/redis/redis.pid" redis-server; }

cluster_masters() { echo $((${#CLUSTER_PORTS[@]} / (CLUSTER_REPLICAS + 1))); }

check_cluster_ports() {
  local count="${#CLUSTER_PORTS[@]}"
  if [ $((count % (CLUSTER_REPLICAS + 1))) != 0 ] || [ "$(cluster_masters)" -lt 3 ]; then
    die "SERVICES_REDIS_CLUSTER_PORTS has $count ports: with $CLUSTER_REPLICAS replica(s) per master it needs 3 masters or more, so a multiple of $((CLUSTER_REPLICAS + 1)) from $((3 * (CLUSTER_REPLICAS + 1)))"
  fi
}

redis_info() { redis-cli -h 127.0.0.1 -p "$1" info "$2" 2>/dev/null | tr -d '\r'; }

# A node of the whole cluster: state ok, every node known, every master serving slots.
cluster_node_complete() {
  local info
  info="$(redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null | tr -d '\r')" || return 1
  grep -qx 'cluster_state:ok' <<<"$info" \
    && grep -qx "cluster_known_nodes:${#CLUSTER_PORTS[@]}" <<<"$info" \
    && grep -qx "cluster_size:$(cluster_masters)" <<<"$info"
}

# Every node complete, as many replicas as the ports say, and each replica's initial sync done with its link
# to its master up.
all_cluster_ok() {
  local port info replicas=0
  for port in "${CLUSTER_PORTS[@]}"; do
    cluster_node_complete "$port" || return 1
    info="$(redis_info "$port" replication)"
    grep -qx 'role:master' <<<"$info" && continue
    grep -qx 'master_link_status:up' <<<"$info" && grep -qx 'master_sync_in_progress:0' <<<"$info" || return 1
    replicas=$((replicas + 1))
  done
  [ "$replicas" = $((${#CLUSTER_PORTS[@]} - $(cluster_masters))) ]
}

cluster_running() {
  local port
  for port in "${CLUSTER_PORTS[@]}"; do
    proc_alive "$(pid_from "$SVC/redis-cluster/$port/redis.pid")" redis-server || return 1
  done
  all_cluster_ok
}

node_role() {
  case "$(redis-cli -h 127.0.0.1 -p "$1" role 2>/dev/null | head -n1 | tr -d '\r')" in
    master) echo master ;;
    slave) echo replica ;;
    *) echo node ;;
  esac
}

stop_cluster() {
  local port
  for port in "${CLUSTER_PORTS[@]}"; do
    stop_pidfile "redis cluster node :$port" "$SVC/redis-cluster/$port/redis.pid" redis-server
  done
}

# The cluster keeps no data, so any start that finds it not fully up begins again from empty nodes:
# that is simpler and surer than repairing a half-formed cluster from stale nodes.conf files.
start_cluster() {
  local port nodes=() log="$SVC/redis-cluster/create.log"
  check_cluster_ports
  cluster_running && return 0
  # A healthy cluster on these ports that another checkout started: use it, as for the other servers.
  if all_cluster_ok; then
    say "redis cluster on ${CLUSTER_PORTS[*]} is already up (not started here): using it"
    return 0
  fi
  # A port that another checkout's server holds would fail the start below with "address in use": say why.
  for port in "${CLUSTER_PORTS[@]}"; do
    if port_open "$port" && ! proc_alive "$(pid_from "$SVC/redis-cluster/$port/redis.pid")" redis-server; then
      die "redis cluster: 127.0.0.1:$port is served by a server this checkout did not start, and the cluster on ${CLUSTER_PORTS[*]} is not $(cluster_masters) masters with $CLUSTER_REPLICAS replica(s) each, all in sync (e.g. 3 masters without replicas, from an older services.sh). Stop it with \`scripts/services.sh stop-cluster\` in the checkout that started it, or move this one with SERVICES_REDIS_CLUSTER_PORTS."
    fi
  done
  stop_cluster
  rm -rf "$SVC/redis-cluster"
  for port in "${CLUSTER_PORTS[@]}"; do
    # No delay before a replica's first sync (5 s by default), so that start waits only for the sync itself.
    redis_node_start "$port" "$SVC/redis-cluster/$port" \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
      --cluster-port $((port + CLUSTER_BUS_OFFSET)) --repl-diskless-sync-delay 0
    nodes+=("127.0.0.1:$port")
  done
  for port in "${CLUSTER_PORTS[@]}"; do
    wait_for "redis cluster node (127.0.0.1:$port)" "redis_ping $port" 100 "$SVC/redis-cluster/$port/redis.log"
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas "$CLUSTER_REPLICAS" --cluster-yes >"$log" 2>&1 </dev/null \
    || { cat "$log" >&2; die "redis-cli --cluster create failed (log: $log)"; }
  for port in "${CLUSTER_PORTS[@]}"; do
    wait_for "redis cluster (127.0.0.1:$port cluster_state:ok)" "cluster_ok $port" 300 "$log"
  done
  wait_for "redis cluster (every node known, every replica in sync)" all_cluster_ok 300 "$log"
}

# --- memcached -------------------------------------------------------------------------------

# Run in the foreground and backgrounded here: with -d, memcached writes its pid file only after
# dropping to its unprivileged user, which cannot write into our root-owned folder.
start_memcached() {
  local dir="$SVC/memcached" user=memcache
  if proc_alive "$(pid_from "$dir/memcached.pid")" memcached; then return 0; fi
  if memcached_ready; then say "memcached: port $MEMCACHED_PORT already served, using it"; return 0; fi
  mkdir -p "$dir"
  id "$user" >/dev/null 2>&1 || user=nobody
  local as_user=()
  [ "$(id -u)" = 0 ] && as_user=(-u "$user")
  setsid memcached -l 127.0.0.1 -p "$MEMCACHED_PORT" -U 0 -m 64 -c 1024 "${as_user[@]}" \
    >"$dir/memcached.log" 2>&1 </dev/null &
  echo $! >"$dir/memcached.pid"
  wait_for "memcached (127.0.0.1:$MEMCACHED_PORT)" memcached_ready 100 "$dir/memcached.log" $!
}

stop_memcached() { stop_pidfile "memcached :$MEMCACHED_PORT" "$SVC/memcached/memcached.pid" memcached; }

# --- postgresql ------------------------------------------------------------------------------

# PostgreSQL refuses to run as root, so its folder belongs to the postgres user. That user must be
# able to reach .services/; when the checkout sits somewhere it cannot (a 0700 home), fall back to a
# per-checkout folder under /var/tmp.
pg_base() {
  mkdir -p "$SVC"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$SVC" 2>/dev/null; then
    echo "/var/tmp/microflask-services-$(echo -n "$ROOT" | md5sum | cut -c1-12)/postgres"
  else
    echo "$SVC/postgres"
  fi
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_pid() { pid_from "$(pg_base)/data/postmaster.pid"; }

start_postgres() {
  local base data log
  base="$(pg_base)"; data="$base/data"; log="$base/postgres.log"
  if proc_alive "$(pg_pid)" postgres && pg_ready; then ensure_pg_database; return 0; fi
  # A server another checkout started on this port: use it, as for the other servers.
  if pg_ready; then
    say "postgresql on 127.0.0.1:$PG_PORT is already up (not started here): using it"
    ensure_pg_database
    return 0
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$base"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$base"
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$base/initdb.log" 2>&1 \
      || { cat "$base/initdb.log" >&2; die "postgresql initdb failed (log: $base/initdb.log)"; }
  fi
  # fsync and friends off: a throw-away test server, where speed matters more than crash safety.
  as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start \
    -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { tail -n 20 "$log" >&2; die "postgresql failed to start on 127.0.0.1:$PG_PORT (log: $log)"; }
  wait_for "postgresql (127.0.0.1:$PG_PORT)" pg_ready 300 "$log"
  ensure_pg_database
}

pg_sql() { as_postgres psql -h /tmp -p "$PG_PORT" -U postgres -d "${2:-postgres}" -v ON_ERROR_STOP=1 -qtAc "$1"; }

ensure_pg_database() {
  if [ "$(pg_sql "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
    pg_sql "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" || die "postgresql: creating role $PG_USER failed"
  fi
  if [ "$(pg_sql "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]; then
    pg_sql "CREATE DATABASE $PG_DATABASE OWNER $PG_USER" || die "postgresql: creating database $PG_DATABASE failed"
  fi
}

stop_postgres() {
  local data
  data="$(pg_base)/data"
  if proc_alive "$(pg_pid)" postgres; then
    as_postgres "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null || die "postgresql did not stop"
    say "postgresql stopped"
  fi
}

# --- congodb (MongoDB wire protocol) ---------------------------------------------------------

start_congodb() {
  local dir="$SVC/congodb"
  # Installed even when a server of another checkout is used: the fault tests start their own CongoDB from the
  # package in this checkout's .services/.
  install_congodb
  if proc_alive "$(pid_from "$dir/congodb.pid")" node; then return 0; fi
  if port_open "$MONGO_PORT"; then say "congodb: port $MONGO_PORT already served, using it"; return 0; fi
  rm -f "$dir/congodb.pid"
  # The script writes the pid file itself once the port is bound.
  setsid node "$ROOT/scripts/congo-server.mjs" "$dir/package" "$MONGO_PORT" "$dir/congodb.pid" \
    >"$dir/congodb.log" 2>&1 </dev/null &
  wait_for "congodb (127.0.0.1:$MONGO_PORT)" "[ -s '$dir/congodb.pid' ] && port_open $MONGO_PORT" 300 "$dir/congodb.log" $!
}

stop_congodb() { stop_pidfile "congodb :$MONGO_PORT" "$SVC/congodb/congodb.pid" node; }

# --- dynalite (DynamoDB API) ----------------------------------------------------------------

start_dynalite() {
  local dir="$SVC/dynalite"
  if proc_alive "$(pid_from "$dir/dynalite.pid")" node; then return 0; fi
  if port_open "$DYNAMODB_PORT"; then say "dynalite: port $DYNAMODB_PORT already served, using it"; return 0; fi
  install_dynalite
  # No --path: tables live in memory. New tables turn ACTIVE after 100 ms instead of 500, for quicker tests.
  setsid node "$dir/node_modules/dynalite/cli.js" --host 127.0.0.1 --port "$DYNAMODB_PORT" --createTableMs 100 \
    >"$dir/dynalite.log" 2>&1 </dev/null &
  echo $! >"$dir/dynalite.pid"
  wait_for "dynalite (127.0.0.1:$DYNAMODB_PORT)" "port_open $DYNAMODB_PORT" 300 "$dir/dynalite.log" $!
}

stop_dynalite() { stop_pidfile "dynalite :$DYNAMODB_PORT" "$SVC/dynalite/dynalite.pid" node; }

# --- status ----------------------------------------------------------------------------------

line() { printf '%-22s %-38s %s\n' "$1" "$2" "$3"; }

state_of() {
  local pid="$1" comm="$2" check="$3"
  if proc_alive "$pid" "$comm"; then
    if eval "$check" >/dev/null 2>&1; then echo "up (pid $pid)"; else echo "not answering (pid $pid)"; fi
  elif eval "$check" >/dev/null 2>&1; then
    echo "up (not started by this script)"
  else
    echo "down"
  fi
}

status_redis() {
  line redis "127.0.0.1:$REDIS_PORT" "$(state_of "$(pid_from "$SVC/redis/redis.pid")" redis-server "redis_ping $REDIS_PORT")"
}

status_cluster() {
  local port
  for port in "${CLUSTER_PORTS[@]}"; do
    line "redis cluster $(node_role "$port")" "127.0.0.1:$port" \
      "$(state_of "$(pid_from "$SVC/redis-cluster/$port/redis.pid")" redis-server "cluster_ok $port")"
  done
}

status_congodb() {
  line "congodb (mongodb)" "127.0.0.1:$MONGO_PORT" \
    "$(state_of "$(pid_from "$SVC/congodb/congodb.pid")" node "port_open $MONGO_PORT")"
}

status() {
  status_redis
  status_cluster
  line memcached "127.0.0.1:$MEMCACHED_PORT" \
    "$(state_of "$(pid_from "$SVC/memcached/memcached.pid")" memcached memcached_ready)"
  line postgresql "127.0.0.1:$PG_PORT/$PG_DATABASE" "$(state_of "$(pg_pid)" postgres pg_ready)"
  status_congodb
  line "dynalite (dynamodb)" "127.0.0.1:$DYNAMODB_PORT" \
    "$(state_of "$(pid_from "$SVC/dynalite/dynalite.pid")" node "port_open $DYNAMODB_PORT")"
}

# --- commands --------------------------------------------------------------------------------

start_all() {
  mkdir -p "$SVC"
  install_missing
  start_redis
  start_cluster
  start_memcached
  start_postgres
  start_congodb
  start_dynalite
  status
}

stop_all() {
  stop_dynalite
  stop_congodb
  stop_postgres
  stop_memcached
  stop_cluster
  stop_redis
}

case "${1:-}" in
  start) start_all ;;
  stop) stop_all ;;
  restart) stop_all; start_all ;;
  status) status ;;
  start-redis) install_missing; start_redis; status_redis ;;
  stop-redis) stop_redis ;;
  start-cluster) mkdir -p "$SVC"; install_missing; start_cluster; status_cluster ;;
  stop-cluster) stop_cluster ;;
  start-congodb) mkdir -p "$SVC"; install_missing; start_congodb; status_congodb ;;
  stop-congodb) stop_congodb ;;
  clean)
    stop_all
    pg_dir="$(pg_base)"
    # The /var/tmp fallback folder of postgres lies outside .services/ and goes too.
    case "$pg_dir" in "$SVC"/*) ;; *) rm -rf "$(dirname "$pg_dir")" ;; esac
    rm -rf "$SVC"
    say "removed $SVC"
    ;;
  *)
    echo "usage: $0 start|stop|status|restart|clean|start-redis|stop-redis|start-cluster|stop-cluster|start-congodb|stop-congodb" >&2
    exit 2
    ;;
esac
