#!/usr/bin/env bash
# A three-silo cluster on a local PostgreSQL, configured the way an Aspire AppHost configures replicas
# (the Orleans section through environment variables plus a named connection string).
#
# usage: deploy/local/cluster.sh [start|stop|status|kill N|term N]
#   start    publish the Silo, start PostgreSQL (initdb into $STATE/pg on first use), apply the
#            schema (--apply-schema), start silos 1-3, wait until each is ready
#   stop     SIGTERM the silos (graceful: they leave the membership table), stop PostgreSQL
#   status   each silo's /health/ready and the membership table
#   kill N   SIGKILL silo N (1-3), as if its machine died
#   term N   SIGTERM silo N, as an orchestrator stops a replica
# env: STATE (default /tmp/sentry-grains-cluster), PGPORT (default 55432),
#      SENTRY_CLIENT_SECRET (default local-cluster-secret: the webhook signing secret)
# Silo N: HTTP 508N, silo port 1111N, gateway 3000N, all on 127.0.0.1. Logs: $STATE/siloN.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
STATE=${STATE:-/tmp/sentry-grains-cluster}
PGPORT=${PGPORT:-55432}
SECRET=${SENTRY_CLIENT_SECRET:-local-cluster-secret}
API_KEY=${API_KEY:-local-cluster-api-key-0123456789}
# Throwaway token encryption key for the local cluster (base64 of 32 bytes); set your own to keep tokens across re-creations.
TOKEN_KEY=${SENTRY_TOKEN_ENCRYPTION_KEY:-bG9jYWwtY2x1c3Rlci10b2tlbi1rZXktMDEyMzQ1Njc=}
CONNECTION="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=sentry_grains"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  dir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
  [ -x "$dir/initdb" ] || { echo "PostgreSQL server binaries not found: install Debian's 'postgresql' package" >&2; exit 1; }
  echo "$dir"
}

# initdb refuses to run as root: run PostgreSQL as the unprivileged 'postgres' user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The environment of silo N: what an Aspire AppHost would inject (Orleans__*, ConnectionStrings__*),
# plus the AdoNet Invariant/ConnectionName that Aspire's Orleans integration does not set for PostgreSQL.
silo_env() {
  local n=$1
  echo DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="http://127.0.0.1:508$n" \
    Sentry__ClientSecret="$SECRET" Sentry__ClientId=local-cluster Sentry__TokenEncryptionKey="$TOKEN_KEY" Api__Keys__0="$API_KEY" \
    ConnectionStrings__orleansdb="$CONNECTION" \
    Orleans__ClusterId=local Orleans__ServiceId=sentry-grains Orleans__EnableDistributedTracing=true \
    Orleans__Clustering__ProviderType=AdoNet Orleans__Clustering__Invariant=Npgsql Orleans__Clustering__ConnectionName=orleansdb \
    Orleans__GrainStorage__Default__ProviderType=AdoNet Orleans__GrainStorage__Default__Invariant=Npgsql Orleans__GrainStorage__Default__ConnectionName=orleansdb \
    Orleans__Reminders__ProviderType=AdoNet Orleans__Reminders__Invariant=Npgsql Orleans__Reminders__ConnectionName=orleansdb \
    Orleans__Endpoints__SiloPort="1111$n" Orleans__Endpoints__GatewayPort="3000$n" Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1
}

start_postgres() {
  local bin; bin=$(pg_bin)
  mkdir -p "$STATE"
  if [ ! -f "$STATE/pg/PG_VERSION" ]; then
    mkdir -p "$STATE/pg"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$STATE/pg"
    as_pg "$bin/initdb" -D "$STATE/pg" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$STATE/pg" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$STATE/pg" -l "$STATE/pg/server.log" -w \
      -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$STATE/pg -c max_connections=300" start >/dev/null
  fi
  as_pg "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'sentry_grains'" | grep -q 1 \
    || as_pg "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE sentry_grains"
  echo "PostgreSQL on 127.0.0.1:$PGPORT, data in $STATE/pg"
}

start_silo() {
  local n=$1
  if [ -f "$STATE/silo$n.pid" ] && kill -0 "$(cat "$STATE/silo$n.pid")" 2>/dev/null; then return; fi
  # setsid: the silo gets its own session, so closing this terminal does not stop it. env and setsid
  # exec, so $! is the silo's own pid.
  cd "$STATE/app"
  env $(silo_env "$n") setsid dotnet Sentry.Grains.Silo.dll >"$STATE/silo$n.log" 2>&1 </dev/null &
  echo $! >"$STATE/silo$n.pid"
  cd - >/dev/null
}

wait_ready() {
  local n=$1
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:508$n/health/ready" >/dev/null 2>&1 && { echo "silo $n ready: http://127.0.0.1:508$n"; return; }
    kill -0 "$(cat "$STATE/silo$n.pid")" 2>/dev/null || { echo "silo $n exited; see $STATE/silo$n.log" >&2; tail -20 "$STATE/silo$n.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "silo $n not ready after 2 minutes; see $STATE/silo$n.log" >&2; exit 1
}

signal_silo() {
  local signal=$1 n=$2
  [ -f "$STATE/silo$n.pid" ] || { echo "silo $n is not running" >&2; exit 1; }
  kill "-$signal" "$(cat "$STATE/silo$n.pid")" && echo "sent SIG$signal to silo $n (pid $(cat "$STATE/silo$n.pid"))"
}

case "${1:-start}" in
  start)
    mkdir -p "$STATE"
    echo "publishing the Silo to $STATE/app ..."
    dotnet publish src/Sentry.Grains.Silo -c Release -o "$STATE/app" --nologo -v quiet >/dev/null
    start_postgres
    echo "applying the schema ..."
    (cd "$STATE/app" && env $(silo_env 1) dotnet Sentry.Grains.Silo.dll --apply-schema >"$STATE/apply-schema.log" 2>&1) \
      || { cat "$STATE/apply-schema.log" >&2; exit 1; }
    for n in 1 2 3; do start_silo "$n"; done
    for n in 1 2 3; do wait_ready "$n"; done
    cat <<EOT

Three silos are up (cluster 'local', database sentry_grains on 127.0.0.1:$PGPORT).
Post a fixture to one silo and read it from another:
  SENTRY_CLIENT_SECRET=$SECRET deploy/local/send-webhook.sh issue ../shared/fixtures/issue.created.json http://127.0.0.1:5081/webhooks/sentry
  curl -s -H "Authorization: Bearer $API_KEY" http://127.0.0.1:5083/api/issues/1234567890
Kill one (SIGKILL) and read again through the others:  deploy/local/cluster.sh kill 2
Graceful stop of one (SIGTERM):                         deploy/local/cluster.sh term 3
State of the cluster:                                   deploy/local/cluster.sh status
Stop everything:                                        deploy/local/cluster.sh stop    (STATE=$STATE; rm -rf it to start afresh)
EOT
    ;;
  stop)
    for n in 1 2 3; do
      if [ -f "$STATE/silo$n.pid" ]; then
        pid=$(cat "$STATE/silo$n.pid")
        kill -TERM "$pid" 2>/dev/null && for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        rm -f "$STATE/silo$n.pid"
      fi
    done
    if [ -f "$STATE/pg/PG_VERSION" ]; then as_pg "$(pg_bin)/pg_ctl" -D "$STATE/pg" -m fast -w stop >/dev/null 2>&1 || true; fi
    echo "stopped (data kept in $STATE)"
    ;;
  status)
    for n in 1 2 3; do
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:508$n/health/ready" 2>/dev/null || true)
      echo "silo $n (http 508$n): /health/ready $([ "$code" = 000 ] && echo 'down (no answer)' || echo "$code")"
    done
    as_pg "$(pg_bin)/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d sentry_grains -c \
      "SELECT siloname, address, port, generation, CASE status WHEN 3 THEN 'Active' WHEN 6 THEN 'Dead' ELSE status::text END AS status, iamalivetime FROM orleansmembershiptable ORDER BY port, generation"
    ;;
  kill) signal_silo KILL "${2:?silo number}" ;;
  term) signal_silo TERM "${2:?silo number}" ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
