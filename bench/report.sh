#!/usr/bin/env bash
# Both benchmarks, then the markdown for docs/benchmarks.md on stdout: the HTTP table (bench/http/run.sh),
# issue 5's targets met or not, and the micro benchmarks' time and bytes allocated (bench/micro).
#
#   bench/report.sh                 everything (about 12 minutes on 2 cores)
#   bench/report.sh > report.md     the same, kept; progress goes to stderr
#
# Settings (environment): those of bench/http/run.sh (RUNS, DURATION...), and MICRO_JOB for BenchmarkDotNet's
# job (its default when unset; "short" for a quicker, rougher run). SKIP_HTTP=1 or SKIP_MICRO=1 leaves one out.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${RESULTS_DIR:-$BENCH_DIR/http/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"

# One row of run.sh's table for a server: its cells, split on "|", trimmed.
row() { # table server
  awk -F'|' -v name="$2" '{ gsub(/ /, "", $3) } $3 == name { for (i = 2; i < NF; i++) { gsub(/^ +| +$/, "", $i); printf "%s\t", $i } print "" }' "$1"
}

# "1.23x" against a minimum: met, missed, or no figure.
verdict() { # ratio minimum
  local r="${1%x}"
  [[ "$r" =~ ^[0-9.]+$ ]] || { echo "no figure"; return; }
  awk -v r="$r" -v m="$2" 'BEGIN { print (r >= m) ? "met" : "**missed**" }'
}

target_row() { # table server column(6=vs ASP.NET Core, 7=vs Flask) what minimum
  local cells ratio
  cells=$(row "$1" "$2")
  ratio=$(cut -f"$3" <<<"$cells")
  printf '| %s | %s | >= %sx | %s | %s |\n' "$2" "$4" "$5" "${ratio:-–}" "$(verdict "${ratio:-}" "$5")"
}

http_report() {
  # run.sh keeps its own table.md there too; its stdout is the same table.
  RESULTS_DIR="$OUT" "$BENCH_DIR/http/run.sh" "$@" >"$OUT/http.md" || warn_failed=1
  echo "### HTTP"
  echo
  cat "$OUT/http.md"
  echo
  echo "### Issue 5's targets (ratios of best runs, from the table above)"
  echo
  echo "| server | against | target | measured | |"
  echo "|---|---|---:|---:|---|"
  # Columns of row(): 1 case, 2 server, 3 req/s runs, 4 best, 5 p99 runs, 6 errors, 7 vs ASP.NET Core, 8 vs Flask.
  target_row "$OUT/http.md" microflask-hello 7 "ASP.NET Core minimal API" 0.85
  target_row "$OUT/http.md" microflask-hello 8 "Flask" 3.5
  target_row "$OUT/http.md" microflask-session-cookie 7 "ASP.NET Core Session, in memory" 0.85
  target_row "$OUT/http.md" microflask-session-cookie 8 "Flask cookie session" 5
  target_row "$OUT/http.md" microflask-session-redis 7 "ASP.NET Core Session on Redis" 1.2
  target_row "$OUT/http.md" microflask-session-redis 8 "Flask-Session on Redis" 3.5
  echo
}

micro_report() {
  local artifacts="$OUT/micro" job=()
  [[ -n "${MICRO_JOB:-}" ]] && job=(--job "$MICRO_JOB")
  echo ">> micro benchmarks (BenchmarkDotNet${MICRO_JOB:+, job $MICRO_JOB})" >&2
  dotnet run -c Release --project "$BENCH_DIR/micro" -- --filter '*' "${job[@]}" --artifacts "$artifacts" >"$OUT/micro.log" 2>&1 \
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
        m = $col["Method"]; gsub(/^ +| +$/, "", m)
        mean = $col["Mean"]; gsub(/^ +| +$/, "", mean)
        alloc = ("Allocated" in col) ? $col["Allocated"] : "-"; gsub(/^ +| +$/, "", alloc)
        target = (m == "Hello") ? "< 1.5 KB" : (m == "CookieSessionCounter") ? "< 4 KB" : ""
        if (target != "") {
          bytes = alloc; unit = alloc; sub(/ .*/, "", bytes); gsub(/,/, "", bytes); sub(/^[0-9.,]+ /, "", unit)
          if (unit == "KB") bytes *= 1024
          limit = (m == "Hello") ? 1.5 * 1024 : 4 * 1024
          target = target ((bytes < limit) ? ": met" : ": **missed**")
        }
        printf "| %s | %s | %s | %s |\n", m, mean, alloc, target
      }' "$file"
  done
  echo
}

warn_failed=0
report() {
  echo "Taken $(date -u '+%Y-%m-%d %H:%M UTC') with \`bench/report.sh\`; load average (1 min) at the start: $(cut -d' ' -f1 /proc/loadavg)."
  echo
  [[ "${SKIP_HTTP:-0}" == 1 ]] || http_report "$@"
  [[ "${SKIP_MICRO:-0}" == 1 ]] || micro_report
}
# Into a file first, not through a pipe: a pipe would run report in a subshell and lose warn_failed.
report "$@" >"$OUT/report.md"
cat "$OUT/report.md"
echo ">> report kept in $OUT/report.md" >&2
exit "$warn_failed"
