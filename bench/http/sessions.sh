#!/usr/bin/env bash
# Many users for the session cases: makes N sessions on a running server, one first request each, and
# writes their Cookie headers to a file, one a line, for cookies.lua to cycle through.
#
#   bench/http/sessions.sh PORT PATH N FILE      e.g. sessions.sh 8133 /session 200 /tmp/cookies.txt
#
# One curl for all N requests (no process per session); each response's Set-Cookie values become one
# line "name=value; name=value". Exits non-zero unless every request set a cookie.
set -euo pipefail

(($# == 4)) || { echo "usage: $0 PORT PATH N FILE" >&2; exit 2; }
port=$1 path=$2 n=$3 file=$4
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "error: N must be a positive count of sessions, not '$n'" >&2; exit 2; }

url="http://127.0.0.1:$port$path"
args=()
for ((i = 0; i < n; i++)); do args+=(-o /dev/null "$url"); done

# -D - puts every response's headers on stdout in turn; a status line starts the next response.
curl -s --max-time $((10 + n / 10)) -D - "${args[@]}" | tr -d '\r' | awk '
  function flush() { if (started) print line; line = "" }
  /^HTTP\// { flush(); started = 1; next }
  tolower($0) ~ /^set-cookie:/ {
    c = $0; sub(/^[^:]*: */, "", c); sub(/;.*/, "", c)
    line = (line == "") ? c : line "; " c
  }
  END { flush() }
' | grep -v '^$' >"$file" || true

got=$(wc -l <"$file")
if ((got != n)); then
  echo "error: $got of $n first requests to $url set a cookie; is the server up and does $path set a session?" >&2
  exit 1
fi
echo "$n sessions ($(sort -u "$file" | wc -l) distinct cookies) from $url in $file" >&2
