#!/usr/bin/env bash
# HTTP benchmark: MicroFlask and its peers, one server at a time, driven by wrk on 127.0.0.1.
#
#   bench/http/run.sh                    every server in servers.sh
#   bench/http/run.sh aspnet-hello ...   only those
#
# A session server is measured twice: with one session shared by every connection (the contention case:
# every save writes the same session), and with USERS sessions made first by sessions.sh, which wrk
# cycles through (cookies.lua), so that concurrent requests rarely share one, as real users don't.
# Every row has the server's own CPU time per request (cpu.sh), read before and after each run.
#
# Settings (environment): DURATION=10 WARMUP=3 (seconds), CONNECTIONS=32, THREADS=1, RUNS=2, USERS=200,
# SESSION_MODES="shared many" (either alone to leave the other out), START_TIMEOUT=30, SKIP_INSTALL=1,
# SKIP_BUILD=1, STOP_BUILD_SERVERS=0, KEEP_REDIS=1, RESULTS_DIR=...
# Prints a markdown table on stdout; progress goes to stderr; wrk's own output is kept in RESULTS_DIR.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
RUNS="${RUNS:-2}"
USERS="${USERS:-200}"
SESSION_MODES="${SESSION_MODES:-shared many}"
RESULTS_DIR="${RESULTS_DIR:-$HTTP_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)}"
LOG_DIR="$RESULTS_DIR"

for mode in $SESSION_MODES; do
  [[ "$mode" == shared || "$mode" == many ]] || die "SESSION_MODES holds '$mode'; use shared, many, or both"
done
[[ "$USERS" =~ ^[1-9][0-9]*$ ]] || die "USERS must be a positive count of sessions, not '$USERS'"

# Rows of the table, in order: "name mode", mode being "none" (hello), "shared" or "many".
ROWS=()
declare -A RPS_RUNS=() P99_RUNS=() CPU_RUNS=() MACHINE_RUNS=() BEST=() BEST_CPU=() ERRORS=() FAILED=()

# Requests/s, p99 in ms, the count of errors (non-2xx answers and socket errors) and the count of
# requests from one wrk output.
parse_wrk() { # file
  awk '
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" {
      v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v
    }
    /^  Non-2xx or 3xx responses:/ { errors += $NF }
    /^  Socket errors:/ { for (i = 4; i <= NF; i += 2) { n = $i; sub(/,/, "", n); errors += n } }
    END { printf "%s %.2f %d %d\n", rps, p99, errors, requests }
  ' "$1"
}

wrk_once() { # url seconds output-file [cookie | @cookie-file]
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$2s" --latency) extra=()
  case "${4:-}" in
    "") ;;
    @*) args+=(-s "$HTTP_DIR/cookies.lua"); extra=(-- "${4#@}") ;;
    *) args+=(-H "Cookie: $4") ;;
  esac
  # wrk stops by itself; the timeout only guards against a server that hangs the client.
  # Run in the background and waited for, because bash defers a trap until a foreground command
  # ends: this way a Ctrl-C or a kill stops the run at once, and cleanup stops wrk too.
  timeout $(($2 + 30)) wrk "${args[@]}" "$1" "${extra[@]}" >"$3" &
  CLIENT_PID=$!
  local status=0
  wait "$CLIENT_PID" || status=$?
  CLIENT_PID=""
  return "$status"
}

# Warm-up and RUNS runs of one row against the running server; the cookie as wrk_once takes it.
measure_row() { # key url cookie
  local key=$1 url=$2 cookie=$3 file=${1// /.}
  log "$key: warm-up ${WARMUP}s"
  wrk_once "$url" "$WARMUP" "$RESULTS_DIR/$file.warmup.txt" "$cookie" || true
  local run rps p99 errors requests before after machine_before machine_after cpu best=0 best_cpu="" errs=0
  for ((run = 1; run <= RUNS; run++)); do
    log "$key: run $run/$RUNS, ${DURATION}s"
    local out="$RESULTS_DIR/$file.run$run.txt"
    before=$(cpu_ticks "$SERVER_PID")
    machine_before=$(machine_ticks)
    if ! wrk_once "$url" "$DURATION" "$out" "$cookie"; then
      FAILED[$key]="wrk failed on run $run (see $out)"
      return 0
    fi
    after=$(cpu_ticks "$SERVER_PID")
    machine_after=$(machine_ticks)
    read -r rps p99 errors requests < <(parse_wrk "$out")
    if [[ -z "$rps" ]]; then
      FAILED[$key]="no Requests/sec in wrk's output (see $out)"
      return 0
    fi
    cpu=$(cpu_us_per_request "$before" "$after" "$requests")
    RPS_RUNS[$key]+="${RPS_RUNS[$key]:+ / }$(printf '%.0f' "$rps")"
    P99_RUNS[$key]+="${P99_RUNS[$key]:+ / }$p99"
    CPU_RUNS[$key]+="${CPU_RUNS[$key]:+ / }$cpu"
    MACHINE_RUNS[$key]+="${MACHINE_RUNS[$key]:+ / }$(cpu_us_per_request "$machine_before" "$machine_after" "$requests")"
    errs=$((errs + errors))
    best=$(awk -v a="$best" -v b="$rps" 'BEGIN { print (b > a) ? b : a }')
    # The lowest CPU per request of the runs: noise from other processes only ever adds to it.
    best_cpu=$(awk -v a="$best_cpu" -v b="$cpu" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
  done
  BEST[$key]=$best
  BEST_CPU[$key]=$best_cpu
  ERRORS[$key]=$errs
}

measure() { # a SERVERS line
  parse_server "$1"
  local modes=none mode
  [[ "$S_PATH" == /session ]] && modes=$SESSION_MODES
  for mode in $modes; do ROWS+=("$S_NAME $mode"); done
  log "$S_NAME: starting on 127.0.0.1:$S_PORT"
  if ! start_server; then
    for mode in $modes; do FAILED["$S_NAME $mode"]="did not start"; done
    return 0
  fi
  local url="http://127.0.0.1:$S_PORT$S_PATH" cookie
  for mode in $modes; do
    local key="$S_NAME $mode"
    case $mode in
      none) measure_row "$key" "$url" "" ;;
      shared)
        # A returning client: each request carries the session cookie of a first request, so every
        # measured request loads an existing session, increments it and saves it.
        cookie=$(fetch_cookie "$S_PORT" "$S_PATH")
        if [[ -z "$cookie" ]]; then
          FAILED[$key]="no Set-Cookie on a first request"
          continue
        fi
        measure_row "$key" "$url" "$cookie"
        # Proof that wrk's requests went through the session: a server-side store's counter has grown
        # (by less than the request count, since wrk's connections share one session and none of these
        # stores lock it, so concurrent updates overwrite each other), a cookie session answers 2.
        log "$S_NAME: the shared session's counter answers $(curl -s --max-time 5 -H "Cookie: $cookie" "$url" || true) after the runs"
        ;;
      many)
        local cookies="$RESULTS_DIR/$S_NAME.cookies.txt"
        if ! "$HTTP_DIR/sessions.sh" "$S_PORT" "$S_PATH" "$USERS" "$cookies"; then
          FAILED[$key]="sessions.sh could not make $USERS sessions"
          continue
        fi
        measure_row "$key" "$url" "@$cookies"
        log "$S_NAME: the first of $USERS sessions' counter answers $(curl -s --max-time 5 -H "Cookie: $(head -n 1 "$cookies")" "$url" || true) after the runs"
        ;;
    esac
  done
  stop_server
}

users_cell() { # mode
  case $1 in
    none) printf '–' ;;
    shared) printf '1 (contention)' ;;
    many) printf '%s' "$USERS" ;;
  esac
}

ratio() { # key reference-key [best-array-name]
  local -n figures=${3:-BEST}
  [[ -n "${figures[$1]:-}" && -n "${figures[$2]:-}" ]] || { printf '–'; return; }
  awk -v a="${figures[$1]}" -v b="${figures[$2]}" \
    'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2fx", a / b; else printf "–" }'
}

print_table() {
  echo "| case | server | users | req/s (each run) | best req/s | p99 ms (each run) | CPU µs/req (each run) | errors | vs ASP.NET Core | CPU vs ASP.NET Core | vs Flask | machine CPU µs/req (each run) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local row name mode case aspnet flask
  declare -A case_of=()
  for row in "${SELECTED[@]}"; do parse_server "$row"; case_of[$S_NAME]=$S_CASE; done
  for row in "${ROWS[@]}"; do
    read -r name mode <<<"$row"
    case=${case_of[$name]}
    if [[ -n "${FAILED[$row]:-}" ]]; then
      echo "| $case | $name | $(users_cell "$mode") | failed: ${FAILED[$row]} | | | | | | | | |"
      continue
    fi
    aspnet="${ASPNET_REFERENCE[$case]:-none} $mode"
    flask="${FLASK_REFERENCE[$case]:-none} $mode"
    printf '| %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n' \
      "$case" "$name" "$(users_cell "$mode")" "${RPS_RUNS[$row]}" "${BEST[$row]}" "${P99_RUNS[$row]}" \
      "${CPU_RUNS[$row]}" "${ERRORS[$row]}" "$(ratio "$row" "$aspnet")" "$(ratio "$row" "$aspnet" BEST_CPU)" \
      "$(ratio "$row" "$flask")" "${MACHINE_RUNS[$row]}"
  done
}

print_machine() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -h | awk '/^Mem:/ { print $2 }') memory"
  echo "- .NET $(dotnet --version) (SDK); Python $(/usr/bin/python3 -c 'import platform; print(platform.python_version())');" \
    "Flask $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("flask"))' 2>/dev/null);" \
    "Flask-Session $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("flask-session"))' 2>/dev/null);" \
    "gunicorn $("$GUNICORN" --version 2>&1 | tr -d '()' | awk '{ print $NF }');" \
    "$(wrk --version 2>&1 | awk 'NR == 1 { print "wrk " $2 }');" \
    "Redis $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
  # Anything else running skews every figure; the load average says whether it was.
  echo "- load average (1 min) at start: $LOAD_AT_START, at end: $(cut -d' ' -f1 /proc/loadavg)"
  echo "- wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, after a ${WARMUP}s warm-up; $RUNS runs per row; ratios from each row's best run (highest req/s, lowest CPU) against the same users' row of the peer"
  echo "- users: \"1 (contention)\" is one session whose cookie every connection sends; $USERS is $USERS sessions made first (sessions.sh), each request sending the next one's cookie (cookies.lua)"
  echo "- CPU µs/req: the server's user+system time (/proc/<pid>/stat, gunicorn's workers included) over the run, divided by wrk's request count"
  echo "- machine CPU µs/req: every core's busy time (/proc/stat: the server, wrk, Redis and anything else) over the run, divided by wrk's request count; the machine has $(nproc) s of CPU a second, so req/s cannot pass $(nproc),000,000 / that figure"
}

LOAD_AT_START=""

main() {
  LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)
  select_servers "$@"
  mkdir -p "$RESULTS_DIR"
  install_cleanup_trap
  local line rows=0 modes
  modes=$(wc -w <<<"$SESSION_MODES")
  for line in "${SELECTED[@]}"; do
    parse_server "$line"
    if [[ "$S_PATH" == /session ]]; then rows=$((rows + modes)); else rows=$((rows + 1)); fi
  done
  local budget=$((rows * (WARMUP + RUNS * DURATION + 4) + ${#SELECTED[@]} * 5))
  log "${#SELECTED[@]} servers, $rows rows, about $((budget / 60)) min of measuring; wrk output in $RESULTS_DIR"
  ensure_tools
  prepare_servers "${SELECTED[@]}"
  stop_build_servers
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
