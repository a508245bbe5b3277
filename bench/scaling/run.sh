#!/usr/bin/env bash
# How MicroFlask's cost grows (issue 14), as three markdown tables on stdout; progress goes to stderr.
#
#   bench/scaling/run.sh                  all three
#   bench/scaling/run.sh connections ...  only those of: connections, session-size, stored
#
#   connections   req/s and p99 for hello and the Redis session (200 users) at 32, 256 and 1,024 connections,
#                 MicroFlask against its ASP.NET Core peers (bench/http/run.sh with CONNECTIONS=...)
#   session-size  sessions of 1, 10 and 50 keys, cookie and Redis: the server's CPU per request, and the bytes
#                 the session puts on the wire per request (the Cookie header sent, the Set-Cookie answered)
#   stored        1,000 / 100,000 / 1,000,000 stored sessions on Redis, SQLite, PostgreSQL and the filesystem:
#                 does one load + save stay flat? (StoredSessions/, on a redis-server of its own on 18611)
#
# Settings (environment): those of bench/http/run.sh (DURATION, WARMUP; RUNS defaults to 1 here, as every
# level is a row of its own), CONNECTION_LEVELS="32 256 1024", KEY_LEVELS="1 10 50",
# STORED_LEVELS=1000,100000,1000000, STORED_SAMPLES=2000, STORED_STORES=redis,sqlite,postgres,filesystem,
# HTTP_TABLE=a bench/http/run.sh table of the same machine and run, at its defaults (32 connections, 200 users, 1-key
# sessions): its rows stand for the 32-connection and the 1-key levels instead of measuring them again (report.sh
# passes its own HTTP table, which has two runs per row where a level has one).
set -euo pipefail

SCALING_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HTTP_RUN="$SCALING_DIR/../http/run.sh"
export RUNS="${RUNS:-1}"
CONNECTION_LEVELS="${CONNECTION_LEVELS:-32 256 1024}"
KEY_LEVELS="${KEY_LEVELS:-1 10 50}"
STORED_LEVELS="${STORED_LEVELS:-1000,100000,1000000}"
STORED_SAMPLES="${STORED_SAMPLES:-2000}"
STORED_STORES="${STORED_STORES:-redis,sqlite,postgres,filesystem}"
OUT="${RESULTS_DIR:-$SCALING_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
REDIS_PORT=18611

log() { echo ">> $*" >&2; }

# 1,024 connections need as many descriptors in wrk and in the server, which inherit this limit.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# From a run.sh table: "best req/s|p99 of the best run|lowest CPU µs/req" of a server's row (users "none"
# for hello, a number for the many-users row).
cells() { # table server
  awk -F'|' -v name="$2" '
    { s = $3; gsub(/ /, "", s); u = $4; gsub(/^ +| +$/, "", u) }
    s == name && u !~ /contention/ {
      best = $6; gsub(/ /, "", best)
      n = split($5, rps, "/"); split($7, p99, "/"); split($8, cpu, "/")
      at = 1; low = ""
      for (i = 1; i <= n; i++) {
        if (rps[i] + 0 == best + 0) at = i
        if (low == "" || cpu[i] + 0 < low + 0) low = cpu[i] + 0
      }
      gsub(/ /, "", p99[at])
      printf "%s|%s|%s\n", best, p99[at], low; exit
    }' "$1"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "–" }'; }

connections() {
  local servers=(microflask-hello aspnet-hello microflask-session-redis aspnet-session-redis) c t
  echo "#### Connections: req/s (p99 ms), 200 users for the Redis session"
  echo
  echo "| connections | MicroFlask hello | minimal API hello | ratio | MicroFlask Redis session | ASP.NET Core Session on Redis | ratio |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  for c in $CONNECTION_LEVELS; do
    t="$OUT/connections-$c.md"
    if [[ "$c" == 32 && -s "${HTTP_TABLE:-}" ]]; then
      log "connections 32: the rows of $HTTP_TABLE"
      t=$HTTP_TABLE
    else
      log "connections $c"
      CONNECTIONS=$c SESSION_MODES=many RESULTS_DIR="$OUT/connections-$c" "$HTTP_RUN" "${servers[@]}" >"$t"
    fi
    local mh ah mr ar
    IFS='|' read -r mh mhp _ < <(cells "$t" microflask-hello)
    IFS='|' read -r ah ahp _ < <(cells "$t" aspnet-hello)
    IFS='|' read -r mr mrp _ < <(cells "$t" microflask-session-redis)
    IFS='|' read -r ar arp _ < <(cells "$t" aspnet-session-redis)
    printf '| %s | %s (%s) | %s (%s) | %s | %s (%s) | %s (%s) | %s |\n' "$c" \
      "$mh" "$mhp" "$ah" "$ahp" "$(ratio "$mh" "$ah")" "$mr" "$mrp" "$ar" "$arp" "$(ratio "$mr" "$ar")"
  done
  echo
}

# The session's bytes on the wire for a returning user: the Cookie header sent and the Set-Cookie answered.
wire_bytes() { # case keys
  local port=18612 pid cookie sent answered
  BENCH_SESSION_KEYS=$2 dotnet "$SCALING_DIR/../apps/MicroFlaskBench/bin/Release/net10.0/MicroFlaskBench.dll" --case "$1" --port $port >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  cookie=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/session" | tr -d '\r' | awk 'tolower($0) ~ /^set-cookie:/ { c = $0; sub(/^[^:]*: */, "", c); sub(/;.*/, "", c); print c; exit }')
  sent=$(( ${#cookie} + 8 ))
  answered=$(curl -s -D - -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$port/session" | tr -d '\r' | awk 'tolower($0) ~ /^set-cookie:/ { n += length($0) } END { print n + 0 }')
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  echo "$sent|$answered"
}

session_size() {
  local k t
  echo "#### Session size: CPU µs per request (200 users) and the session's bytes per request (Cookie sent + Set-Cookie answered)"
  echo
  echo "| keys | cookie session CPU | cookie bytes | Redis session CPU | Redis bytes |"
  echo "|---:|---:|---:|---:|---:|"
  for k in $KEY_LEVELS; do
    t="$OUT/keys-$k.md"
    if [[ "$k" == 1 && -s "${HTTP_TABLE:-}" ]]; then
      log "session size 1 key: the rows of $HTTP_TABLE"
      t=$HTTP_TABLE
    else
      log "session size $k keys"
      BENCH_SESSION_KEYS=$k SESSION_MODES=many RESULTS_DIR="$OUT/keys-$k" "$HTTP_RUN" microflask-session-cookie microflask-session-redis >"$t"
    fi
    local cc rc cw rw
    IFS='|' read -r _ _ cc < <(cells "$t" microflask-session-cookie)
    IFS='|' read -r _ _ rc < <(cells "$t" microflask-session-redis)
    IFS='|' read -r s a < <(wire_bytes session-cookie "$k"); cw="$s + $a"
    IFS='|' read -r s a < <(wire_bytes session-redis "$k"); rw="$s + $a"
    printf '| %s | %s | %s | %s | %s |\n' "$k" "$cc" "$cw" "$rc" "$rw"
  done
  echo
}

stored() {
  log "stored sessions: building StoredSessions, starting redis-server on $REDIS_PORT"
  dotnet build -c Release -nologo -v q "$SCALING_DIR/StoredSessions" >"$OUT/stored-build.txt" 2>&1 || { cat "$OUT/stored-build.txt" >&2; return 1; }
  redis-server --port $REDIS_PORT --save '' --appendonly no --daemonize yes --logfile "$OUT/redis.log" --pidfile "$OUT/redis.pid"
  for _ in $(seq 50); do redis-cli -p $REDIS_PORT ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "#### Stored sessions: one load + one save of a random stored session, one at a time, p50 / p99"
  echo
  dotnet "$SCALING_DIR/StoredSessions/bin/Release/net10.0/StoredSessions.dll" --stores "$STORED_STORES" \
    --levels "$STORED_LEVELS" --samples "$STORED_SAMPLES" --redis "127.0.0.1:$REDIS_PORT" || status=$?
  redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true
  echo
  return "${status:-0}"
}

parts=("$@")
((${#parts[@]})) || parts=(connections session-size stored)
for part in "${parts[@]}"; do
  case $part in
    connections) connections ;;
    session-size) session_size ;;
    stored) stored ;;
    *) echo "error: unknown part '$part': use connections, session-size or stored" >&2; exit 2 ;;
  esac
done
