#!/usr/bin/env bash
# Both benchmarks, then the markdown for docs/benchmarks.md on stdout: the HTTP table (bench/http/run.sh:
# req/s, p99 and the server's CPU per request, each session case with one shared session and with many
# users), issues 5's and 14's targets met or not, and the micro benchmarks' time and bytes allocated
# (bench/micro). The .NET build servers are stopped before anything is measured.
#
#   bench/report.sh                 everything (about 22 minutes on 2 cores)
#   bench/report.sh > report.md     the same, kept; progress goes to stderr
#
# Settings (environment): those of bench/http/run.sh (RUNS, DURATION...; here DURATION=8 and WARMUP=2 unless set,
# so that the whole report fits in 25 minutes) and bench/scaling/run.sh, and MICRO_JOB
# for BenchmarkDotNet's job ("short" unless set: 3 iterations, so the whole report fits in 25 minutes; "default"
# for BenchmarkDotNet's own, longer and steadier). SKIP_HTTP=1, SKIP_SCALING=1 or SKIP_MICRO=1 leaves one out;
# STOP_BUILD_SERVERS=0 leaves the build servers running. WRITE_DOCS=1 also puts the report into
# docs/benchmarks.md, between its "report:begin" and "report:end" markers.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DURATION="${DURATION:-8}" WARMUP="${WARMUP:-2}"
STARTED=$SECONDS
OUT="${RESULTS_DIR:-$BENCH_DIR/http/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"

# The build servers linger after any build and take CPU from what is measured; run.sh stops them again
# once its servers are built. STOP_BUILD_SERVERS=0 keeps them.
stop_build_servers() {
  [[ "${STOP_BUILD_SERVERS:-1}" == 1 ]] || return 0
  echo ">> stopping the .NET build servers (dotnet build-server shutdown)" >&2
  dotnet build-server shutdown >/dev/null 2>&1 || echo "warning: dotnet build-server shutdown failed" >&2
}

# One row of run.sh's table for a server and its users ("none" for hello, "shared" for the contention
# row, "many" for the many-users row): its cells, split on "|", trimmed, tab-separated.
# Columns: 1 case, 2 server, 3 users, 4 req/s runs, 5 best req/s, 6 p99 runs, 7 CPU µs/req runs, 8 errors,
# 9 vs ASP.NET Core, 10 CPU vs ASP.NET Core, 11 vs Flask, 12 machine CPU µs/req runs.
row() { # table server users
  awk -F'|' -v name="$2" -v users="$3" '
    { s = $3; gsub(/ /, "", s); u = $4; gsub(/^ +| +$/, "", u) }
    s == name && ((users == "none" && u == "–") || (users == "shared" && u ~ /contention/) || (users == "many" && u ~ /^[0-9]+$/)) {
      for (i = 2; i < NF; i++) { gsub(/^ +| +$/, "", $i); printf "%s\t", $i } print ""; exit
    }' "$1"
}

cell() { # table server users column
  row "$1" "$2" "$3" | cut -f"$4"
}

# "1.23x" against a bound: met, missed, or no figure. "min" when the figure must reach it, "max" when it
# must stay under it (CPU per request).
verdict() { # ratio bound min|max
  local r="${1%x}"
  [[ "$r" =~ ^[0-9.]+$ ]] || { echo "no figure"; return; }
  awk -v r="$r" -v m="$2" -v kind="$3" 'BEGIN { ok = (kind == "max") ? r <= m : r >= m; print ok ? "met" : "**missed**" }'
}

target_line() { # what against measured bound min|max
  local sign=">="
  [[ "$5" == max ]] && sign="<="
  printf '| %s | %s | %s %sx | %s | %s |\n' "$1" "$2" "$sign" "$4" "${3:-–}" "$(verdict "${3:-}" "$4" "$5")"
}

# The ratio of two rows' best req/s, for targets set against another row than the table's peers.
rows_ratio() { # table server users reference users
  local a b
  a=$(cell "$1" "$2" "$3" 5)
  b=$(cell "$1" "$4" "$5" 5)
  [[ "$a" =~ ^[0-9.]+$ && "$b" =~ ^[0-9.]+$ ]] || return 0
  awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2fx", a / b }'
}

http_report() {
  # run.sh keeps its own table.md there too; its stdout is the same table.
  RESULTS_DIR="$OUT" "$BENCH_DIR/http/run.sh" "$@" >"$OUT/http.md" || warn_failed=1
  local t="$OUT/http.md"
  echo "### HTTP"
  echo
  cat "$t"
  echo
  echo "### Targets (ratios of best runs, from the table above)"
  echo
  echo "| server | against | target | measured | |"
  echo "|---|---|---:|---:|---|"
  # Issue 14: many users, and the server's CPU per request.
  target_line "microflask-hello, CPU/request" "ASP.NET Core minimal API (issue 14)" "$(cell "$t" microflask-hello none 10)" 1.0 max
  target_line "microflask-hello" "ASP.NET Core minimal API (issue 14)" "$(cell "$t" microflask-hello none 9)" 1.0 min
  target_line "microflask-session-cookie, 200 users" "ASP.NET Core Session, in memory (issue 14)" "$(cell "$t" microflask-session-cookie many 9)" 1.4 min
  target_line "microflask-session-cookie, 200 users, CPU/request" "ASP.NET Core Session, in memory (issue 14)" "$(cell "$t" microflask-session-cookie many 10)" 0.7 max
  target_line "microflask-session-redis, 200 users" "ASP.NET Core Session on Redis (issue 14)" "$(cell "$t" microflask-session-redis many 9)" 2.2 min
  target_line "microflask-session-redis, 200 users" "Flask-Session on Redis (issue 14)" "$(cell "$t" microflask-session-redis many 11)" 8 min
  target_line "microflask-session-sqlite, 200 users" "microflask-session-redis, 200 users (issue 14)" "$(rows_ratio "$t" microflask-session-sqlite many microflask-session-redis many)" 0.75 min
  target_line "microflask-session-filesystem, 200 users" "microflask-session-redis, 200 users (issue 14)" "$(rows_ratio "$t" microflask-session-filesystem many microflask-session-redis many)" 0.75 min
  # Issue 5: the one shared session (the contention rows).
  target_line "microflask-hello" "ASP.NET Core minimal API (issue 5)" "$(cell "$t" microflask-hello none 9)" 0.85 min
  target_line "microflask-hello" "Flask (issue 5)" "$(cell "$t" microflask-hello none 11)" 3.5 min
  target_line "microflask-session-cookie, contention" "ASP.NET Core Session, in memory (issue 5)" "$(cell "$t" microflask-session-cookie shared 9)" 0.85 min
  target_line "microflask-session-cookie, contention" "Flask cookie session (issue 5)" "$(cell "$t" microflask-session-cookie shared 11)" 5 min
  target_line "microflask-session-redis, contention" "ASP.NET Core Session on Redis (issue 5)" "$(cell "$t" microflask-session-redis shared 9)" 1.2 min
  target_line "microflask-session-redis, contention" "Flask-Session on Redis (issue 5)" "$(cell "$t" microflask-session-redis shared 11)" 3.5 min
  # Issue 11: mounted in a WebApplication (both through ASP.NET Core's routing), and standalone kept.
  target_line "microflask-mounted-hello" "ASP.NET Core minimal API (issue 11)" "$(cell "$t" microflask-mounted-hello none 9)" 0.9 min
  target_line "microflask-hello" "ASP.NET Core minimal API (issue 11)" "$(cell "$t" microflask-hello none 9)" 0.95 min
  echo
  # No target: how far MicroFlask's hello stands from the most anything on Kestrel can do here.
  local ceiling_rps ceiling_cpu
  ceiling_rps=$(rows_ratio "$t" microflask-hello none kestrel-hello none)
  ceiling_cpu=$(awk -v a="$(cell "$t" microflask-hello none 10)" -v b="$(cell "$t" kestrel-hello none 10)" \
    'BEGIN { sub(/x$/, "", a); sub(/x$/, "", b); if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2fx", a / b }')
  echo "Against the ceiling (a bare Kestrel \`IHttpApplication\`, kestrel-hello): microflask-hello has ${ceiling_rps:-–} of its req/s and ${ceiling_cpu:-–} of its CPU per request."
  echo
  redis_bound_report "$t"
}

# The lowest of a cell's runs ("71.6 / 72.2"): noise only ever adds CPU time.
lowest() { # cell
  awk -v c="$1" 'BEGIN { n = split(c, v, " / "); m = ""; for (i = 1; i <= n; i++) if (v[i] ~ /^[0-9.]+$/ && (m == "" || v[i] + 0 < m + 0)) m = v[i]; print m }'
}

# No target: what the Redis targets leave MicroFlask's server, on a machine whose cores it shares with wrk and Redis.
# A request costs the machine what the server, wrk and Redis spend on it together; when the rows fill the cores
# alike, req/s go as the inverse of that sum, so a ratio to a peer is a ceiling on MicroFlask's sum.
redis_bound_report() { # table
  local t=$1 m s o a f c cores
  m=$(lowest "$(cell "$t" microflask-session-redis many 12)")
  s=$(lowest "$(cell "$t" microflask-session-redis many 7)")
  a=$(lowest "$(cell "$t" aspnet-session-redis many 12)")
  f=$(cell "$t" flask-session-redis many 5)
  c=$(lowest "$(cell "$t" microflask-session-cookie many 7)")
  cores=$(nproc)
  [[ "$m" =~ ^[0-9.]+$ && "$s" =~ ^[0-9.]+$ && "$a" =~ ^[0-9.]+$ && "$f" =~ ^[0-9.]+$ && "$c" =~ ^[0-9.]+$ ]] || return 0
  awk -v m="$m" -v s="$s" -v a="$a" -v f="$f" -v c="$c" -v cores="$cores" 'BEGIN {
    o = m - s; asp = a / 2.2; fl = cores * 1e6 / (8 * f)
    printf "What the Redis targets leave the server (200 users, machine CPU per request, lowest runs): MicroFlask'"'"'s Redis request took %.1f µs of the machine, %.1f of them in its server and %.1f in wrk, Redis and the rest. ", m, s, o
    printf "2.2x ASP.NET Core on Redis (%.1f µs) means at most %.1f µs, leaving the server %.1f; ", a, asp, asp - o
    printf "8x Flask-Session'"'"'s %.0f req/s is %.0f, which %d cores allow at no more than %.1f µs a request, leaving the server %.1f. ", f, 8 * f, cores, fl, fl - o
    printf "MicroFlask'"'"'s cookie session, with no store at all, takes %.1f µs of server CPU.\n", c
  }'
  echo
}

scaling_report() { # server names given to the HTTP part, if any
  echo "### Scaling (bench/scaling/run.sh, one run per level)"
  echo
  # The HTTP table, when it has every server at run.sh's defaults, is the 32-connection and 1-key level.
  local table=""
  (($# == 0)) && [[ -z "${CONNECTIONS:-}${USERS:-}${BENCH_SESSION_KEYS:-}" && -s "$OUT/http.md" ]] && table="$OUT/http.md"
  HTTP_TABLE="$table" RESULTS_DIR="$OUT/scaling" "$BENCH_DIR/scaling/run.sh" || { echo "error: the scaling benchmarks failed (logs: $OUT/scaling)" >&2; warn_failed=1; }
}

micro_report() {
  local artifacts="$OUT/micro" job=()
  MICRO_JOB="${MICRO_JOB:-short}"
  [[ "$MICRO_JOB" != default ]] && job=(--job "$MICRO_JOB")
  echo ">> micro benchmarks (BenchmarkDotNet${MICRO_JOB:+, job $MICRO_JOB})" >&2
  # Built first and the build servers stopped, so that they take no CPU from the measurement; BenchmarkDotNet's
  # own builds of its generated projects then leave none behind either (no node reuse, no shared compiler).
  if ! dotnet build -c Release "$BENCH_DIR/micro" --nologo -v quiet >"$OUT/micro.log" 2>&1; then
    echo "error: the micro benchmarks did not build (log: $OUT/micro.log)" >&2
    warn_failed=1
    return 0
  fi
  stop_build_servers
  MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false \
    dotnet run -c Release --no-build --project "$BENCH_DIR/micro" -- --filter '*' "${job[@]}" --artifacts "$artifacts" >>"$OUT/micro.log" 2>&1 \
    || { echo "error: the micro benchmarks failed (log: $OUT/micro.log)" >&2; warn_failed=1; }
  echo "### Micro (BenchmarkDotNet, MemoryDiagnoser${MICRO_JOB:+, job $MICRO_JOB})"
  echo
  echo "| benchmark | mean | allocated | target |"
  echo "|---|---:|---:|---|"
  local file
  for file in "$artifacts"/results/*-report-github.md; do
    [[ -f "$file" ]] || continue
    # Columns found by name in BenchmarkDotNet's own table, since their set depends on the job.
    awk -F'|' '
      /^\| Method/ { for (i = 2; i < NF; i++) { h = $i; gsub(/ /, "", h); col[h] = i } next }
      /^\|--/ { next }
      /^\|/ && ("Method" in col) {
        # BenchmarkDotNet bolds the first row of each parameter group; the table here needs none of it.
        gsub(/\*\*/, "")
        m = $col["Method"]; gsub(/^ +| +$/, "", m)
        # A parameterised benchmark (RoutingScaleBenchmarks) names its parameter, or its rows look alike.
        if ("Rules" in col) { r = $col["Rules"]; gsub(/ /, "", r); m = m " (" r " rules)" }
        mean = $col["Mean"]; gsub(/^ +| +$/, "", mean)
        alloc = ("Allocated" in col) ? $col["Allocated"] : "-"; gsub(/^ +| +$/, "", alloc)
        # Bounds on bytes allocated in process, from issue 14.
        target = (m == "Hello") ? "< 1 KB" : (m == "CookieSessionCounter") ? "< 2.5 KB" : ""
        if (target != "") {
          bytes = alloc; unit = alloc; sub(/ .*/, "", bytes); gsub(/,/, "", bytes); sub(/^[0-9.,]+ /, "", unit)
          # As a number: sub() leaves a string, and "920" < "1024" is false as strings.
          bytes += 0
          if (unit == "KB") bytes *= 1024
          limit = (m == "Hello") ? 1024 : 2.5 * 1024
          target = target ((bytes < limit) ? ": met" : ": **missed**")
        }
        printf "| %s | %s | %s | %s |\n", m, mean, alloc, target
      }' "$file"
  done
  echo
}

warn_failed=0
stop_build_servers
report() {
  echo "Taken $(date -u '+%Y-%m-%d %H:%M UTC') with \`bench/report.sh\` on $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version); load average (1 min) at the start: $(cut -d' ' -f1 /proc/loadavg)."
  echo
  [[ "${SKIP_HTTP:-0}" == 1 ]] || http_report "$@"
  [[ "${SKIP_SCALING:-0}" == 1 ]] || scaling_report "$@"
  [[ "${SKIP_MICRO:-0}" == 1 ]] || micro_report
  echo "The report took $(( (SECONDS - STARTED + 30) / 60 )) minutes end to end (DURATION=$DURATION, WARMUP=$WARMUP, RUNS=${RUNS:-2})."
  echo
}

# Replaces what stands between the markers in docs/benchmarks.md with the report, so the page always shows
# the last full run.
write_docs() { # report
  local docs="$BENCH_DIR/../docs/benchmarks.md"
  grep -q '^<!-- report:begin -->$' "$docs" && grep -q '^<!-- report:end -->$' "$docs" \
    || { echo "error: $docs has no <!-- report:begin --> and <!-- report:end --> lines; add them where the report goes" >&2; return 1; }
  awk -v report="$1" '
    /^<!-- report:begin -->$/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
    /^<!-- report:end -->$/ { skip = 0 }
    !skip { print }' "$docs" >"$docs.new"
  mv "$docs.new" "$docs"
  echo ">> docs/benchmarks.md updated between its report markers" >&2
}
# Into a file first, not through a pipe: a pipe would run report in a subshell and lose warn_failed.
report "$@" >"$OUT/report.md"
cat "$OUT/report.md"
echo ">> report kept in $OUT/report.md" >&2
[[ "${WRITE_DOCS:-0}" == 1 ]] && { write_docs "$OUT/report.md" || warn_failed=1; }
exit "$warn_failed"
