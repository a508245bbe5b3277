# shellcheck shell=bash
# The servers that run.sh measures and smoke.sh checks. Sourced, not run.
#
# One line per server:  name  case  port  path  build-function  start-command...
#   case           which servers are compared with each other (see the reference tables below)
#   port           its own port on 127.0.0.1, so a server that failed to stop cannot be measured twice
#   path           what wrk requests; "/" answers "Hello", "/session" answers the incremented counter
#   build-function runs once per run, however many servers share it
#   start-command  called with the port appended; it must `exec` the server, so that the PID we
#                  hold is the server's own and stopping it stops the server
SERVERS=(
  # name                        case                port  path      build           start
  "kestrel-hello                hello               18600 /         build_kestrel   start_kestrel"
  "aspnet-hello                 hello               8101  /         build_aspnet    start_aspnet hello"
  "flask-hello                  hello               8102  /         build_none      start_gunicorn app"
  "aspnet-session-memory        session             8111  /session  build_aspnet    start_aspnet session-memory"
  "flask-session-cookie         session             8112  /session  build_none      start_gunicorn app"
  "aspnet-session-redis         session-redis       8121  /session  build_aspnet    start_aspnet session-redis"
  "flask-session-redis          session-redis       8122  /session  build_none      start_gunicorn app_redis"
  "flask-session-filesystem     session-filesystem  8125  /session  build_none      start_gunicorn_preload app_filesystem"
  "flask-session-memcached      session-memcached   8124  /session  build_none      start_gunicorn app_memcached"
  "flask-session-sqlalchemy     session-postgres    8123  /session  build_none      start_gunicorn_preload app_sqlalchemy"

  "microflask-hello             hello               8131  /         build_microflask start_microflask hello"
  "microflask-session-cookie    session             8132  /session  build_microflask start_microflask session-cookie"
  "microflask-session-redis     session-redis       8133  /session  build_microflask start_microflask session-redis"
  # The same counter with Session.Increment: a delta the store applies (HINCRBY) instead of read-and-set.
  "microflask-session-redis-increment session-redis 8138 /session  build_microflask start_microflask session-redis-increment"
  "microflask-session-sqlite    session-sqlite      8134  /session  build_microflask start_microflask session-sqlite"
  "microflask-session-filesystem session-filesystem 8135  /session  build_microflask start_microflask session-filesystem"
  "microflask-session-memcached session-memcached   8139  /session  build_microflask start_microflask session-memcached"
  "microflask-session-postgres  session-postgres    8140  /session  build_microflask start_microflask session-postgres"
  # Mounted at / in a WebApplication (MapMicroFlask), through ASP.NET Core's routing as the minimal API is.
  "microflask-mounted-hello     hello               8136  /         build_microflask start_microflask mounted-hello"
  "microflask-mounted-session-cookie session        8137  /session  build_microflask start_microflask mounted-session-cookie"
)

# Each case's ratios are taken against these peers. The issue sets MicroFlask's targets against
# ASP.NET Core and promises a multiple of Flask, so the table shows both. SQLite and the filesystem
# have no peer of their own: they are reported against the in-memory / cookie session (case 2).
declare -A ASPNET_REFERENCE=(
  [hello]=aspnet-hello
  [session]=aspnet-session-memory
  [session-redis]=aspnet-session-redis
  [session-sqlite]=aspnet-session-memory
  [session-filesystem]=aspnet-session-memory
  [session-memcached]=aspnet-session-memory
  [session-postgres]=aspnet-session-memory
)
declare -A FLASK_REFERENCE=(
  [hello]=flask-hello
  [session]=flask-session-cookie
  [session-redis]=flask-session-redis
  [session-sqlite]=flask-session-cookie
  [session-filesystem]=flask-session-filesystem
  [session-memcached]=flask-session-memcached
  [session-postgres]=flask-session-sqlalchemy
)

# Cases that need a Redis server on 127.0.0.1:6379 before they start.
REDIS_CASES=" session-redis "
# Cases that need scripts/services.sh's servers (memcached on 11211, PostgreSQL on 5433) before they start.
SERVICES_CASES=" session-memcached session-postgres "

ASPNET_PROJECT="$BENCH_DIR/peers/aspnet/AspNetPeer.csproj"
ASPNET_DLL="$BENCH_DIR/peers/aspnet/bin/Release/net10.0/AspNetPeer.dll"
# The ceiling: a bare Kestrel IHttpApplication answering "Hello" (the most anything on Kestrel can do here).
KESTREL_PROJECT="$BENCH_DIR/peers/kestrel/KestrelCeiling.csproj"
KESTREL_DLL="$BENCH_DIR/peers/kestrel/bin/Release/net10.0/KestrelCeiling.dll"
FLASK_DIR="$BENCH_DIR/peers/flask"
# Debian's gunicorn on purpose: its shebang is Debian's python3, the one that has Debian's Flask,
# whatever python3 comes first on PATH.
GUNICORN="${GUNICORN:-/usr/bin/gunicorn}"

build_none() { :; }

build_aspnet() {
  dotnet build "$ASPNET_PROJECT" -c Release --nologo -v quiet
}

start_aspnet() { # case port
  exec dotnet "$ASPNET_DLL" --case "$1" --urls "http://127.0.0.1:$2"
}

build_kestrel() {
  dotnet build "$KESTREL_PROJECT" -c Release --nologo -v quiet
}

start_kestrel() { # port
  exec dotnet "$KESTREL_DLL" --urls "http://127.0.0.1:$1"
}

start_gunicorn() { # module port
  exec "$GUNICORN" --workers 2 --worker-class sync --bind "127.0.0.1:$2" --chdir "$FLASK_DIR" "$1:app"
}

# Imports the app once in the arbiter and forks the workers from it: the sqlalchemy peer creates its table
# there, where two workers creating it at once would race.
start_gunicorn_preload() { # module port
  exec "$GUNICORN" --preload --workers 2 --worker-class sync --bind "127.0.0.1:$2" --chdir "$FLASK_DIR" "$1:app"
}

MICROFLASK_PROJECT="$BENCH_DIR/apps/MicroFlaskBench/MicroFlaskBench.csproj"
MICROFLASK_DLL="$BENCH_DIR/apps/MicroFlaskBench/bin/Release/net10.0/MicroFlaskBench.dll"

build_microflask() {
  dotnet build "$MICROFLASK_PROJECT" -c Release --nologo -v quiet
}

start_microflask() { # case port
  exec dotnet "$MICROFLASK_DLL" --case "$1" --urls "http://127.0.0.1:$2"
}
