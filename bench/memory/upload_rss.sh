#!/usr/bin/env bash
# Peak memory of a MicroFlask server under a large request body (issue 10): starts the bench app
# (bench/apps/MicroFlaskBench --case upload) once per case, reads its peak RSS (VmHWM in /proc/<pid>/status)
# after a warm-up and again after the request, and prints the growth.
#   (a) a SIZE-byte multipart upload to POST /upload, whose view saves the file  target: under 64 MB
#   (b) a SIZE-byte POST to a URL with no rule (404)                              target: under 16 MB
# curl streams the body from a sparse file (truncate), so the client holds none of it either.
# Usage: bench/memory/upload_rss.sh   (PORT=18800 SIZE=400000000 by default; needs curl and the .NET 10 SDK)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${PORT:-18800}"
SIZE="${SIZE:-400000000}"
APP_DIR="$ROOT/bench/apps/MicroFlaskBench"
WORK="$(mktemp -d -t microflask-upload-rss.XXXXXX)"
SERVER_PID=""

cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '>> %s\n' "$*" >&2; }

hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

start_server() {
  # MAX_CONTENT_LENGTH above SIZE, so that (a) is accepted and (b) is refused by routing, not by the cap.
  BENCH_MAX_CONTENT_LENGTH=$((SIZE * 2)) dotnet "$APP_DIR/bin/Release/net10.0/MicroFlaskBench.dll" \
    --case upload --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return 0
    sleep 0.2
  done
  cat "$WORK/server.log" >&2
  echo "error: the server did not answer on port $PORT" >&2
  exit 1
}

stop_server() {
  kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# Runs one case: a warm-up of the same request with a 1 MB body, then the big one; prints the growth in MB.
measure() {
  local name="$1"; shift
  start_server
  truncate -s 1000000 "$WORK/warm.bin"
  "$@" "$WORK/warm.bin" >/dev/null
  local before after status
  before=$(hwm_kb "$SERVER_PID")
  status=$("$@" "$WORK/big.bin")
  after=$(hwm_kb "$SERVER_PID")
  stop_server
  printf '%s: HTTP %s, peak RSS %d MB -> %d MB, growth %d MB\n' \
    "$name" "$status" $((before / 1024)) $((after / 1024)) $(((after - before) / 1024))
}

upload() { curl -sS -o /dev/null -w '%{http_code}' -F "file=@$1;type=application/octet-stream" "http://127.0.0.1:$PORT/upload"; }
# -T streams the file (PUT by default, hence -X POST); --data-binary @file would read it into curl's memory first.
post_404() { curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/octet-stream' -T "$1" "http://127.0.0.1:$PORT/missing"; }

log "building $APP_DIR (Release)"
dotnet build "$APP_DIR" -c Release -nologo -v q >&2
truncate -s "$SIZE" "$WORK/big.bin"

log "date: $(date -u '+%Y-%m-%d %H:%M UTC'), body: $SIZE bytes"
measure "(a) $SIZE-byte upload saved by the view" upload
measure "(b) $SIZE-byte POST to a 404" post_404
