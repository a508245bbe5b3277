#!/usr/bin/env bash
# Smoke test of the benchmark's servers: each one starts and answers correctly, so that a broken
# bench app is caught by the tests rather than at the next benchmark run.
#
#   bench/http/smoke.sh                  every server in servers.sh
#   bench/http/smoke.sh flask-hello ...  only those
#
# "/" must answer "Hello"; "/session" must answer 1 to a new client, with a Set-Cookie, and 2 to
# that client coming back with the cookie. Exits non-zero, naming each server that failed and why.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FAILURES=()

fail() { warn "$S_NAME: $*"; FAILURES+=("$S_NAME: $*"); }

get() { # url [cookie]
  curl -s --max-time 5 ${2:+-H "Cookie: $2"} "$1" || true
}

check_hello() {
  local body
  body=$(get "http://127.0.0.1:$S_PORT$S_PATH")
  [[ "$body" == Hello ]] || fail "GET $S_PATH answered '$body', expected 'Hello'"
}

check_session() {
  local url="http://127.0.0.1:$S_PORT$S_PATH" headers cookie first second
  headers=$(curl -s --max-time 5 -D - -o "$LOG_DIR/$S_NAME.first-body" "$url" || true)
  first=$(cat "$LOG_DIR/$S_NAME.first-body" 2>/dev/null || true)
  cookie=$(printf '%s\n' "$headers" | cookies_from_headers)
  if [[ "$first" != 1 ]]; then
    fail "a new client got '$first' from GET $S_PATH, expected 1"
    return
  fi
  if [[ -z "$cookie" ]]; then
    fail "GET $S_PATH set no cookie for a new client"
    return
  fi
  second=$(get "$url" "$cookie")
  [[ "$second" == 2 ]] || fail "the client coming back with its cookie got '$second', expected 2"
}

main() {
  select_servers "$@"
  install_cleanup_trap
  : "${LOG_DIR:=$(mktemp -d /tmp/microflask-smoke.XXXXXX)}"
  ensure_tools
  prepare_servers "${SELECTED[@]}"
  local line
  for line in "${SELECTED[@]}"; do
    parse_server "$line"
    if ! start_server; then
      fail "did not start (log: $LOG_DIR/$S_NAME.log)"
      continue
    fi
    local before=${#FAILURES[@]}
    if [[ "$S_PATH" == /session ]]; then check_session; else check_hello; fi
    stop_server
    ((${#FAILURES[@]} > before)) || log "$S_NAME: ok"
  done
  if ((${#FAILURES[@]})); then
    printf '\nsmoke: %d of %d servers failed:\n' "${#FAILURES[@]}" "${#SELECTED[@]}" >&2
    printf '  %s\n' "${FAILURES[@]}" >&2
    exit 1
  fi
  printf 'smoke: all %d servers answered correctly\n' "${#SELECTED[@]}"
}

main "$@"
