#!/usr/bin/env bash
# PostgreSQL for the AppHost's local mode (LocalPostgres.cs), run by Aspire as an executable resource.
# usage: run-postgres.sh BINARIES PORT DATA_DIRECTORY DATABASE
# On first use: initdb into DATA_DIRECTORY (trust authentication, user postgres) and CREATE DATABASE in
# single-user mode. Then the server on 127.0.0.1:PORT, in the foreground. As root, everything runs as the
# 'postgres' user (initdb and postgres refuse root). Stopping this script (SIGTERM/SIGINT) waits (5 s at most) for the
# clients to go, then shuts the server down fast; if the script dies (SIGKILL), the server shuts down too.
set -euo pipefail
bin=${1:?binaries} port=${2:?port} data=${3:?data directory} database=${4:?database}

as_postgres=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "running as root, but there is no 'postgres' user to run PostgreSQL as (install Debian's postgresql package)" >&2; exit 1; }
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env)
fi

if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres: "$data"
  echo "initdb into $data"
  "${as_postgres[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
fi

if [ ! -f "$data/sentry-grains-database-$database" ]; then
  echo "creating database $database"
  # An existing database of that name (a data folder from elsewhere) is fine: the error is shown, not fatal.
  echo "CREATE DATABASE \"$database\"" | "${as_postgres[@]}" "$bin/postgres" --single -D "$data" postgres >/dev/null || true
  "${as_postgres[@]}" touch "$data/sentry-grains-database-$database"
fi

"${as_postgres[@]}" setpriv --pdeathsig INT -- "$bin/postgres" -D "$data" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$data" -c max_connections=200 &
server=$!

# Aspire stops every resource at once, and kills what is left a few seconds later. The silos still write
# their membership row as they leave: give them up to 5 s to disconnect, then shut the server down fast.
stop_server() {
  for _ in $(seq 1 10); do
    clients=$("${as_postgres[@]}" "$bin/psql" -h "$data" -p "$port" -U postgres -d postgres -tAc \
      "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()" 2>/dev/null) || break
    [ "$clients" = 0 ] && break
    sleep 0.5
  done
  kill -INT "$server" 2>/dev/null
}
trap stop_server TERM INT
set +e
while :; do
  wait "$server"; status=$?
  kill -0 "$server" 2>/dev/null || exit "$status"
done
