#!/usr/bin/env bash
# HTTP benchmark: MicroFlask and its peers, one server at a time, driven by wrk on 127.0.0.1.
#
#   bench/http/run.sh                    every server in servers.sh
#   bench/http/run.sh aspnet-hello ...   only those
#
# Settings (environment): DURATION=10 WARMUP=3 (seconds), CONNECTIONS=32, THREADS=1, RUNS=2,
# START_TIMEOUT=30, SKIP_INSTALL=1, SKIP_BUILD=1, KEEP_REDIS=1, RESULTS_DIR=...
# Prints a markdown table on stdout; progress goes to stderr; wrk's own output is kept in RESULTS_DIR.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
RUNS="${RUNS:-2}"
RESULTS_DIR="${RESULTS_DIR:-$HTTP_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)}"
LOG_DIR="$RESULTS_DIR"

declare -A RPS_RUNS=() P99_RUNS=() BEST=() ERRORS=() FAILED=()

# Requests/s, p99 in ms and the count of errors (non-2xx answers and socket errors) from one wrk output.
parse_wrk() { # file
  awk '
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" {
      v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v
    }
    /^  Non-2xx or 3xx responses:/ { errors += $NF }
    /^  Socket errors:/ { for (i = 4; i <= NF; i += 2) { n = $i; sub(/,/, "", n); errors += n } }
    END { printf "%s %.2f %d\n", rps, p99, errors }
  ' "$1"
}

wrk_once() { # url seconds output-file [cookie]
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$2s" --latency)
  [[ -n "${4:-}" ]] && args+=(-H "Cookie: $4")
  # wrk stops by itself; the timeout only guards against a server that hangs the client.
  # Run in the background and waited for, because bash defers a trap until a foreground command
  # ends: this way a Ctrl-C or a kill stops the run at once, and cleanup stops wrk too.
  timeout $(($2 + 30)) wrk "${args[@]}" "$1" >"$3" &
  CLIENT_PID=$!
  local status=0
  wait "$CLIENT_PID" || status=$?
  CLIENT_PID=""
  return "$status"
}

measure() { # a SERVERS line
  parse_server "$1"
  log "$S_NAME: starting on 127.0.0.1:$S_PORT"
  if ! start_server; then
    FAILED[$S_NAME]="did not start"
    return 0
  fi
  local url="http://127.0.0.1:$S_PORT$S_PATH" cookie=""
  if [[ "$S_PATH" == /session ]]; then
    # A returning client: each request carries the session cookie of a first request, so every
    # measured request loads an existing session, increments it and saves it.
    cookie=$(fetch_cookie "$S_PORT" "$S_PATH")
    if [[ -z "$cookie" ]]; then
      FAILED[$S_NAME]="no Set-Cookie on a first request"
      stop_server
      return 0
    fi
  fi
  log "$S_NAME: warm-up ${WARMUP}s"
  wrk_once "$url" "$WARMUP" "$RESULTS_DIR/$S_NAME.warmup.txt" "$cookie" || true
  local run rps p99 errors best=0 errs=0
  for ((run = 1; run <= RUNS; run++)); do
    log "$S_NAME: run $run/$RUNS, ${DURATION}s"
    local out="$RESULTS_DIR/$S_NAME.run$run.txt"
    if ! wrk_once "$url" "$DURATION" "$out" "$cookie"; then
      FAILED[$S_NAME]="wrk failed on run $run (see $out)"
      break
    fi
    read -r rps p99 errors < <(parse_wrk "$out")
    if [[ -z "$rps" ]]; then
      FAILED[$S_NAME]="no Requests/sec in wrk's output (see $out)"
      break
    fi
    RPS_RUNS[$S_NAME]+="${RPS_RUNS[$S_NAME]:+ / }$(printf '%.0f' "$rps")"
    P99_RUNS[$S_NAME]+="${P99_RUNS[$S_NAME]:+ / }$p99"
    errs=$((errs + errors))
    best=$(awk -v a="$best" -v b="$rps" 'BEGIN { print (b > a) ? b : a }')
  done
  BEST[$S_NAME]=$best
  ERRORS[$S_NAME]=$errs
  if [[ -n "$cookie" ]]; then
    # Proof that wrk's requests went through the session: a server-side store's counter has grown
    # (by less than the request count, since wrk's connections share one session and none of these
    # stores lock it, so concurrent updates overwrite each other), a cookie session answers 2.
    log "$S_NAME: the counter answers $(curl -s --max-time 5 -H "Cookie: $cookie" "$url" || true) after the runs"
  fi
  stop_server
}

ratio() { # server reference
  local ref="${2:-}"
  [[ -n "$ref" && -n "${BEST[$1]:-}" && -n "${BEST[$ref]:-}" ]] || { printf '–'; return; }
  awk -v a="${BEST[$1]}" -v b="${BEST[$ref]}" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "–" }'
}

print_table() {
  echo "| case | server | req/s (each run) | best req/s | p99 ms (each run) | errors | vs ASP.NET Core | vs Flask |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  local line
  for line in "${SELECTED[@]}"; do
    parse_server "$line"
    if [[ -n "${FAILED[$S_NAME]:-}" ]]; then
      echo "| $S_CASE | $S_NAME | failed: ${FAILED[$S_NAME]} | | | | | |"
      continue
    fi
    printf '| %s | %s | %s | %.0f | %s | %s | %s | %s |\n' \
      "$S_CASE" "$S_NAME" "${RPS_RUNS[$S_NAME]}" "${BEST[$S_NAME]}" "${P99_RUNS[$S_NAME]}" \
      "${ERRORS[$S_NAME]}" "$(ratio "$S_NAME" "${ASPNET_REFERENCE[$S_CASE]:-}")" \
      "$(ratio "$S_NAME" "${FLASK_REFERENCE[$S_CASE]:-}")"
  done
}

print_machine() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -h | awk '/^Mem:/ { print $2 }') memory"
  echo "- .NET $(dotnet --version) (SDK); Python $(/usr/bin/python3 -c 'import platform; print(platform.python_version())');" \
    "Flask $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("flask"))');" \
    "Flask-Session $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("flask-session"))');" \
    "gunicorn $("$GUNICORN" --version 2>&1 | tr -d '()' | awk '{ print $NF }');" \
    "$(wrk --version 2>&1 | awk 'NR == 1 { print "wrk " $2 }');" \
    "Redis $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
  # Anything else running skews every figure; the load average says whether it was.
  echo "- load average (1 min) at start: $LOAD_AT_START, at end: $(cut -d' ' -f1 /proc/loadavg)"
  echo "- wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, after a ${WARMUP}s warm-up; $RUNS runs per server; ratios from each server's best run"
}

LOAD_AT_START=""

main() {
  LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)
  select_servers "$@"
  mkdir -p "$RESULTS_DIR"
  install_cleanup_trap
  local budget=$((${#SELECTED[@]} * (WARMUP + RUNS * DURATION + 8)))
  log "${#SELECTED[@]} servers, about $((budget / 60)) min of measuring; wrk output in $RESULTS_DIR"
  ((budget < 13 * 60)) || log "warning: that is over the 15-minute budget once builds are added"
  ensure_tools
  prepare_servers "${SELECTED[@]}"
  local line
  for line in "${SELECTED[@]}"; do measure "$line"; done
  {
    print_machine
    echo
    print_table
  } | tee "$RESULTS_DIR/table.md"
  log "done in $((SECONDS / 60))m$((SECONDS % 60))s"
  ((${#FAILED[@]} == 0))
}

main "$@"
