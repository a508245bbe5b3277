#!/usr/bin/env bash
# The lazy-session case (issue 13): an app with Redis sessions, a route that never touches the session ("/", which
# answers "Hello"), and a client that sends its session cookie with every request. Prints req/s, p99, the server's
# CPU per request and how many commands Redis saw per request, next to the same app's "/session" (which loads and
# saves the session) and MicroFlask's hello without sessions, in one run. Uses a redis-server of its own on 18612.
#
#   bench/http/untouched.sh          (DURATION=10 WARMUP=3 CONNECTIONS=32; run.sh builds the bench app first)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
REDIS_PORT=18612
PORT=18613

redis-server --port $REDIS_PORT --save '' --appendonly no --daemonize yes --logfile /dev/null
trap 'redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true; [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do redis-cli -p $REDIS_PORT ping >/dev/null 2>&1 && break; sleep 0.1; done

commands() { redis-cli -p $REDIS_PORT info commandstats | awk -F'[=,:]' '/^cmdstat_/ && $1 != "cmdstat_info" { n += $3 } END { print n + 0 }'; }

measure() { # label case path [cookie]
  local label=$1 case=$2 path=$3 cookie=${4:-} out before after ticks0 ticks1
  out=$(mktemp)
  local headers=()
  [[ -n "$cookie" ]] && headers=(-H "Cookie: $cookie")
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "${headers[@]}" "http://127.0.0.1:$PORT$path" >/dev/null
  before=$(commands); ticks0=$(cpu_ticks "$pid")
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${headers[@]}" "http://127.0.0.1:$PORT$path" >"$out"
  ticks1=$(cpu_ticks "$pid"); after=$(commands)
  awk -v label="$label" -v cpu_before="$ticks0" -v cpu_after="$ticks1" -v cmds=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = $2 }
    END { printf "| %s | %.0f | %s | %.1f | %.2f |\n", label, rps, p99, (cpu_after - cpu_before) * 1e6 / hz / requests, cmds / requests }' "$out"
  rm -f "$out"
}

serve() { # case
  BENCH_REDIS="127.0.0.1:$REDIS_PORT" dotnet "$MICROFLASK_DLL" --case "$1" --urls "http://127.0.0.1:$PORT" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return; sleep 0.1; done
  die "the bench app did not start on $PORT"
}

echo "| request | req/s | p99 | CPU µs/req | Redis commands/req |"
echo "|---|---:|---:|---:|---:|"
serve session-redis
cookie=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/session" | tr -d '\r' | awk 'tolower($0) ~ /^set-cookie:/ { c = $0; sub(/^[^:]*: */, "", c); sub(/;.*/, "", c); print c; exit }')
[[ -n "$cookie" ]] || die "no session cookie from /session"
measure "Redis app, untouched route, with the session cookie" session-redis / "$cookie"
measure "Redis app, /session (load + save), same cookie" session-redis /session "$cookie"
kill "$pid"; wait "$pid" 2>/dev/null || true
serve hello
measure "hello app (no sessions)" hello /
