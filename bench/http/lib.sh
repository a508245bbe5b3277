# shellcheck shell=bash
# What run.sh and smoke.sh share: tools, Redis, starting and stopping servers. Sourced, not run.

HTTP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH_DIR="$(dirname "$HTTP_DIR")"

START_TIMEOUT="${START_TIMEOUT:-30}"
REDIS_PORT=6379

source "$HTTP_DIR/servers.sh"
source "$HTTP_DIR/cpu.sh"

log() { printf '>> %s\n' "$*" >&2; }
warn() { printf 'error: %s\n' "$*" >&2; }
die() { warn "$@"; exit 1; }

# --- tools -------------------------------------------------------------------------------------

# Debian packages the harness needs. Checked with dpkg rather than `command -v`, because a Python
# from pyenv on PATH would hide whether Debian's Flask is there.
BENCH_PACKAGES=(curl wrk redis-server redis-tools gunicorn python3-flask python3-flask-session python3-redis
  python3-pylibmc python3-flask-sqlalchemy python3-psycopg2)

ensure_tools() {
  [[ "${SKIP_INSTALL:-0}" == 1 ]] && return 0
  local missing=() p
  for p in "${BENCH_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    local sudo=()
    [[ $(id -u) == 0 ]] || sudo=(sudo)
    # A fresh machine may have no package lists yet: update once and retry before giving up.
    # env, because sudo drops the caller's environment: apt-get must never stop to ask on a CI machine.
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=600)
    "${apt[@]}" install "${missing[@]}" >&2 \
      || { "${apt[@]}" update >&2 && "${apt[@]}" install "${missing[@]}" >&2; } \
      || die "could not install ${missing[*]}"
  fi
  command -v dotnet >/dev/null || die "dotnet is not on PATH: install the .NET 10 SDK first"
}

# MSBuild's nodes and the Roslyn compiler server linger after a build and take CPU from the server under
# test; stopped once everything is built. STOP_BUILD_SERVERS=0 keeps them (they are per user, so on a
# machine shared with other builds, stopping them slows those builds down).
stop_build_servers() {
  [[ "${STOP_BUILD_SERVERS:-1}" == 1 ]] || return 0
  log "stopping the .NET build servers (dotnet build-server shutdown)"
  dotnet build-server shutdown >/dev/null 2>&1 || warn "dotnet build-server shutdown failed; measuring anyway"
}

# --- Redis -------------------------------------------------------------------------------------

STARTED_REDIS=0

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

# The repo's own scripts/services.sh when it is there, so that the bench and the tests share one Redis
# (same port, same data folder, same way to stop it); a bare redis-server otherwise.
SERVICES_SH="$(dirname "$BENCH_DIR")/scripts/services.sh"

start_redis() {
  redis_up && return 0
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  if [[ -x "$SERVICES_SH" ]]; then
    SERVICES_REDIS_PORT="$REDIS_PORT" "$SERVICES_SH" start-redis >&2 || die "scripts/services.sh start-redis failed"
    STARTED_REDIS=services
  else
    # Nothing to keep: no snapshots, no append-only file.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes >&2 \
      || die "redis-server did not start"
    STARTED_REDIS=1
  fi
  local i
  for ((i = 0; i < 50; i++)); do redis_up && return 0; sleep 0.1; done
  die "redis started but does not answer on 127.0.0.1:$REDIS_PORT"
}

# Only a Redis we started: one that was already running belongs to someone else.
stop_redis() {
  [[ $STARTED_REDIS != 0 && "${KEEP_REDIS:-0}" != 1 ]] || return 0
  if [[ $STARTED_REDIS == services ]]; then
    SERVICES_REDIS_PORT="$REDIS_PORT" "$SERVICES_SH" stop-redis >/dev/null 2>&1 || true
  else
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  STARTED_REDIS=0
}

needs_redis() { [[ "$REDIS_CASES" == *" $1 "* ]]; }
needs_services() { [[ "$SERVICES_CASES" == *" $1 "* ]]; }

# memcached and PostgreSQL come from the test servers' script, which installs them when missing and leaves
# running ones alone; they are left running afterwards, as the tests' servers are.
STARTED_SERVICES=0
start_services() {
  ((STARTED_SERVICES)) && return 0
  [[ -x "$SERVICES_SH" ]] || die "scripts/services.sh is missing: the memcached and PostgreSQL cases need it"
  log "starting memcached and PostgreSQL (scripts/services.sh start)"
  "$SERVICES_SH" start >&2 || die "scripts/services.sh start failed"
  STARTED_SERVICES=1
}

# --- the server table --------------------------------------------------------------------------

# Sets S_NAME S_CASE S_PORT S_PATH S_BUILD and the array S_START from one SERVERS line.
parse_server() {
  local rest
  read -r S_NAME S_CASE S_PORT S_PATH S_BUILD rest <<<"$1"
  read -r -a S_START <<<"$rest"
}

# Sets SELECTED to the SERVERS lines to use: all of them, or those named as arguments, in table order.
select_servers() {
  local line wanted=" $* " found=" " n
  SELECTED=()
  for line in "${SERVERS[@]}"; do
    parse_server "$line"
    if (($# == 0)) || [[ "$wanted" == *" $S_NAME "* ]]; then
      SELECTED+=("$line")
      found+="$S_NAME "
    fi
  done
  for n in "$@"; do [[ "$found" == *" $n "* ]] || die "no server named '$n' in servers.sh"; done
}

# Builds once per build function among the given lines; starts Redis if any of them needs it.
prepare_servers() {
  local line done_builds=" "
  for line in "$@"; do
    parse_server "$line"
    if [[ "$done_builds" != *" $S_BUILD "* ]]; then
      if [[ "${SKIP_BUILD:-0}" != 1 && "$S_BUILD" != build_none ]]; then
        log "building ($S_BUILD)"
        "$S_BUILD" >&2 || die "$S_BUILD failed"
      fi
      done_builds+="$S_BUILD "
    fi
    if needs_redis "$S_CASE"; then start_redis; fi
    if needs_services "$S_CASE"; then start_services; fi
  done
}

# --- one server at a time ----------------------------------------------------------------------

SERVER_PID=""
LOG_DIR="${LOG_DIR:-}"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts the server of the last parse_server and waits until its path answers 200.
# Returns 1 with the reason on stderr, so that run.sh can go on with the other servers.
start_server() {
  if port_in_use "$S_PORT"; then
    warn "port $S_PORT is already taken by another process (an earlier $S_NAME left running?)"
    return 1
  fi
  : "${LOG_DIR:=$(mktemp -d /tmp/microflask-bench.XXXXXX)}"
  local logfile="$LOG_DIR/$S_NAME.log"
  ("${S_START[@]}" "$S_PORT") >"$logfile" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + START_TIMEOUT)) status
  while ((SECONDS < deadline)); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      SERVER_PID=""
      tail -n 20 "$logfile" >&2
      warn "$S_NAME exited before answering (log: $logfile)"
      return 1
    fi
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$S_PORT$S_PATH" || true)
    [[ "$status" == 200 ]] && return 0
    sleep 0.2
  done
  stop_server
  tail -n 20 "$logfile" >&2
  warn "$S_NAME did not answer 200 on 127.0.0.1:$S_PORT$S_PATH within ${START_TIMEOUT}s (log: $logfile)"
  return 1
}

# TERM first so gunicorn takes its workers down with it; KILL if it is still there after 10 s.
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  local pid=$SERVER_PID i
  SERVER_PID=""
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# The load generator of run.sh, when one is running in the background.
CLIENT_PID=""

cleanup() {
  if [[ -n "$CLIENT_PID" ]]; then kill -TERM "$CLIENT_PID" 2>/dev/null || true; fi
  stop_server
  stop_redis
}

# Every exit path runs cleanup: a signal becomes an exit so that the EXIT trap fires once.
install_cleanup_trap() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# Turns response headers on stdin into the Cookie header a returning client would send:
# "name=value; name=value" from each Set-Cookie, attributes dropped.
cookies_from_headers() {
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: *\([^;]*\).*/\1/p' | paste -sd ';' - | sed 's/;/; /g'
}

# The cookie of a first request to the path.
fetch_cookie() { # port path
  curl -s --max-time 5 -D - -o /dev/null "http://127.0.0.1:$1$2" | cookies_from_headers
}
