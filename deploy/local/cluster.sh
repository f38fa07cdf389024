#!/usr/bin/env bash
# A three-silo cluster on a local PostgreSQL, in Production, for trying failures by hand. A thin wrapper
# around the Aspire AppHost (aspire/Sentry.Grains.AppHost), which is the one place that says how the silos
# and PostgreSQL are run: this script only passes it settings, and finds the silos' processes.
#
# usage: deploy/local/cluster.sh [start|stop|status|kill N|term N]
#   start    run the AppHost in the background (PostgreSQL in $STATE/pg, three silos in Production with the
#            secrets below) and wait until the three silos are Active and ready
#   stop     stop the AppHost (SIGTERM): Aspire stops the silos (they leave the membership table) and PostgreSQL
#   status   readiness through Aspire's proxy, then each Active silo (numbered by port) and the membership table
#   kill N   SIGKILL silo N (as numbered by status), as if its machine died
#   term N   SIGTERM silo N, as an orchestrator stops a replica
# env: STATE (default /tmp/sentry-grains-cluster), PGPORT (default 55432), HTTP_PORT (default 5080: Aspire's
#      proxy in front of the silos), SENTRY_CLIENT_SECRET (default local-cluster-secret: the webhook signing
#      secret), API_KEY (default local-cluster-api-key-0123456789), SENTRY_TOKEN_ENCRYPTION_KEY.
# The Aspire dashboard (its login URL is printed) lists each silo with its own port; logs: $STATE/apphost.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
STATE=${STATE:-/tmp/sentry-grains-cluster}
PGPORT=${PGPORT:-55432}
HTTP_PORT=${HTTP_PORT:-5080}
SECRET=${SENTRY_CLIENT_SECRET:-local-cluster-secret}
API_KEY=${API_KEY:-local-cluster-api-key-0123456789}
# Throwaway token encryption key for the local cluster (base64 of 32 bytes); set your own to keep tokens across re-creations.
TOKEN_KEY=${SENTRY_TOKEN_ENCRYPTION_KEY:-bG9jYWwtY2x1c3Rlci10b2tlbi1rZXktMDEyMzQ1Njc=}
SILOS=3

# psql as the unprivileged 'postgres' user when run as root (the AppHost runs the server as that user).
psql_cluster() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  local as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d sentry_grains "$@"
}

running() { [ -f "$STATE/apphost.pid" ] && kill -0 "$(cat "$STATE/apphost.pid")" 2>/dev/null; }

active_ports() { psql_cluster -tAc "SELECT port FROM orleansmembershiptable WHERE status = 3 ORDER BY port" 2>/dev/null || true; }

# The pid of silo N: the process listening on the Nth Active silo port.
silo_pid() {
  local port; port=$(active_ports | sed -n "${1}p")
  [ -n "$port" ] || { echo "no Active silo $1 (see: $0 status)" >&2; exit 1; }
  ss -ltnpH "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}

case "${1:-start}" in
  start)
    if running; then echo "already running (pid $(cat "$STATE/apphost.pid")); $0 status"; exit 0; fi
    mkdir -p "$STATE"
    echo "starting the AppHost (log: $STATE/apphost.log) ..."
    # setsid: the AppHost gets its own session, so closing this terminal does not stop it. The secrets go
    # in as Aspire parameters through the environment (not the command line, which ps shows).
    env "Parameters__sentry-client-id=local-cluster" "Parameters__sentry-client-secret=$SECRET" \
      "Parameters__sentry-token-encryption-key=$TOKEN_KEY" "Parameters__api-key=$API_KEY" \
      setsid dotnet run --project aspire/Sentry.Grains.AppHost -- \
        --Postgres:Mode=Local --Postgres:Port="$PGPORT" --Postgres:DataDirectory="$STATE/pg" \
        --Silo:Replicas="$SILOS" --Silo:HttpPort="$HTTP_PORT" --Silo:Environment=Production \
      >"$STATE/apphost.log" 2>&1 </dev/null &
    echo $! >"$STATE/apphost.pid"
    for _ in $(seq 1 360); do
      running || { echo "the AppHost exited; see $STATE/apphost.log" >&2; tail -20 "$STATE/apphost.log" >&2; exit 1; }
      if [ "$(active_ports | wc -l)" -ge "$SILOS" ] && curl -sf -m 5 "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1; then
        cat <<EOT

Three silos are up (cluster 'sentry-grains', database sentry_grains on 127.0.0.1:$PGPORT), behind Aspire's proxy on http://127.0.0.1:$HTTP_PORT.
Aspire dashboard: $(grep -o 'http://[^ ]*/login?t=[0-9a-f]*' "$STATE/apphost.log" | head -1)
Post a fixture (through the proxy, or to one silo's own port from '$0 status') and read it back:
  SENTRY_CLIENT_SECRET=$SECRET deploy/local/send-webhook.sh issue tests/Sentry.Grains.Tests/Fixtures/issue.created.json http://127.0.0.1:$HTTP_PORT/webhooks/sentry
  curl -s -H "Authorization: Bearer $API_KEY" http://127.0.0.1:$HTTP_PORT/api/issues/1234567890
Kill one (SIGKILL) and read again through the others:  $0 kill 2
Graceful stop of one (SIGTERM):                         $0 term 3
State of the cluster:                                   $0 status
Stop everything:                                        $0 stop    (STATE=$STATE; rm -rf it to start afresh)
EOT
        exit 0
      fi
      sleep 1
    done
    echo "the silos were not ready after 6 minutes; see $STATE/apphost.log" >&2; exit 1
    ;;
  stop)
    if running; then
      pid=$(cat "$STATE/apphost.pid")
      apphost=$(pgrep -P "$pid" | head -1 || true)
      kill -TERM -- "-$pid" # its process group: dotnet run and the AppHost
      for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      # Aspire's orchestrator (DCP, which watches the AppHost) then stops the silos and PostgreSQL, and exits.
      echo "stopping the silos and PostgreSQL ..."
      for _ in $(seq 1 180); do [ -n "$apphost" ] && pgrep -f -- "--monitor $apphost " >/dev/null || break; sleep 0.5; done
    fi
    rm -f "$STATE/apphost.pid"
    echo "stopped (data kept in $STATE)"
    ;;
  status)
    code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/health/ready" 2>/dev/null || true)
    echo "proxy (http $HTTP_PORT): /health/ready $([ "$code" = 000 ] && echo 'down (no answer)' || echo "$code")"
    n=0
    for port in $(active_ports); do
      n=$((n + 1))
      pid=$(ss -ltnpH "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
      http=$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | sed -n 's|^ASPNETCORE_URLS=||p')
      echo "silo $n: pid ${pid:-?}, silo port $port, $http: /health/ready $(curl -s -m 5 -o /dev/null -w '%{http_code}' "$http/health/ready" 2>/dev/null || echo down)"
    done
    psql_cluster -c "SELECT siloname, address, port, generation, CASE status WHEN 3 THEN 'Active' WHEN 6 THEN 'Dead' ELSE status::text END AS status, iamalivetime FROM orleansmembershiptable ORDER BY iamalivetime"
    ;;
  kill) pid=$(silo_pid "${2:?silo number}"); kill -KILL "$pid" && echo "sent SIGKILL to silo $2 (pid $pid)" ;;
  term) pid=$(silo_pid "${2:?silo number}"); kill -TERM "$pid" && echo "sent SIGTERM to silo $2 (pid $pid)" ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac
