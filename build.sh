#!/usr/bin/env bash
# MicroFlask's one build script.
#   ./build.sh test    install what is missing, start the test servers, run every test
#   ./build.sh test --fast   only the in-process tests, for the inner loop (under a minute): leaves out the
#                      [External] ones (servers, python3/Flask, browser, packaging, bench), installs and starts nothing
#   ./build.sh build   build the solution
#   ./build.sh pack    make NuGet packages into artifacts/packages
# The test run ends with the line "tests: N passed, N failed" and exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
RESULTS="$ROOT/.test-results"

apt_install() {
  # Installs the Debian packages given whose command or module is missing; quiet, never prompts.
  local missing=("$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  if [ ! -f /tmp/.microflask-apt-updated ]; then
    $SUDO apt-get update -qq && touch /tmp/.microflask-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
}

install_prerequisites() {
  local need=()
  python3 -c 'import flask' 2>/dev/null || need+=(python3-flask)
  command -v redis-server >/dev/null || need+=(redis-server redis-tools)
  command -v memcached >/dev/null || need+=(memcached)
  [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql)
  command -v chromium >/dev/null || need+=(chromium)
  command -v node >/dev/null || need+=(nodejs npm)
  apt_install "${need[@]}"
}

start_services() {
  if [ -x scripts/services.sh ]; then scripts/services.sh start; fi
}

run_tests() {
  # Arguments, if any, go to dotnet test (--fast passes its --filter).
  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  local status=0
  dotnet build MicroFlask.sln -c Debug -nologo -v quiet || { echo "tests: 0 passed, 0 failed (build failed)"; exit 1; }
  # One test project at a time (-m:1): the packaging and bench tests both build Framework/ in Release, and two such
  # builds at once race on the same bin/Release files (a fresh-clone run failed so: "Could not copy MicroFlask.dll").
  dotnet test MicroFlask.sln --no-build -nologo -m:1 --logger "trx" --results-directory "$RESULTS" "$@" || status=$?
  summarize "$status"
}

summarize() {
  local status=$1 passed=0 failed=0 files=0
  for trx in "$RESULTS"/*.trx; do
    [ -f "$trx" ] || continue
    files=$((files + 1))
    local counters
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    # A test that did not run (ignored because a server is missing) counts as failed under CI.
    if [ "${CI:-}" = "true" ]; then
      failed=$((failed + $(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")))
    fi
  done
  echo "tests: $passed passed, $failed failed"
  if [ "$files" -eq 0 ] || [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then exit 1; fi
}

case "${1:-test}" in
  test)
    case "${2:-}" in
      "")
        install_prerequisites
        start_services
        run_tests
        ;;
      --fast)
        # The category of Framework.Tests/TestSupport/ExternalAttribute.cs.
        run_tests --filter "TestCategory!=External"
        ;;
      *)
        echo "usage: $0 test [--fast]" >&2
        exit 2
        ;;
    esac
    ;;
  build)
    dotnet build MicroFlask.sln -nologo
    ;;
  pack)
    # Each pack its own version, so that no NuGet cache serves an older build under the same number:
    # 0.2.0-dev.<commits>, plus .<unix time> when the tree has uncommitted changes (it sorts after the commit's
    # own pack and before the next commit's). VERSION=... ./build.sh pack chooses one.
    if [ -z "${VERSION:-}" ]; then
      commits=$(git rev-list --count HEAD 2>/dev/null || echo 0)
      suffix="dev.$commits"
      if [ -n "$(git status --porcelain 2>/dev/null)" ]; then suffix="$suffix.$(date +%s)"; fi
      VERSION="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)-$suffix"
    fi
    echo "== packing $VERSION into artifacts/packages"
    dotnet pack MicroFlask.sln -c Release -nologo -o artifacts/packages -p:Version="$VERSION"
    dotnet pack packaging/templates/MicroFlask.Templates.csproj -c Release -nologo -o artifacts/packages -p:Version="$VERSION"
    ;;
  *)
    echo "usage: $0 [test [--fast]|build|pack]" >&2
    exit 2
    ;;
esac
