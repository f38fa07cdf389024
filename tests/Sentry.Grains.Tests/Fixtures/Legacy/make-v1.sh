#!/usr/bin/env bash
# Makes the "data written by the previous version" fixture (v1-storage.sql, v1-expected/*.json) with the
# build of commit 2b4ebb7 (the last build before the lean-state layout): it publishes that commit's Silo and
# fake Sentry, runs them on a fresh PostgreSQL, sends a fixed set of signed webhooks (fixed timestamps), saves
# what the query API answered, and dumps the grain state and reminder rows as SQL.
# The committed output is what LegacyStateTests loads; re-running this script is only needed to remake it.
# usage: tests/Sentry.Grains.Tests/Fixtures/Legacy/make-v1.sh   (needs git, dotnet, PostgreSQL binaries, openssl, curl)
set -euo pipefail
COMMIT=${COMMIT:-2b4ebb7}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
work=$(mktemp -d /tmp/sentry-grains-v1.XXXXXX)
chmod 755 "$work"
PGPORT=${PGPORT:-56432}
HTTP=${HTTP:-56080}
FAKE=${FAKE:-56090}
SECRET=legacy-fixture-secret
CLIENT_ID=legacy-fixture-client
API_KEY=legacy-fixture-api-key-0123456789
TOKEN_KEY=bGVnYWN5LWZpeHR1cmUtdG9rZW4ta2V5LTAxMjM0NTY=   # base64 of "legacy-fixture-token-key-0123456"
SERVICE_ID=legacy-fixture
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/pg/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  git -C "$repo" worktree remove --force "$work/src" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

git -C "$repo" worktree add --detach "$work/src" "$COMMIT" >/dev/null
dotnet publish "$work/src/src/Sentry.Grains.Silo" -c Release -o "$work/app" --nologo -v quiet >/dev/null
dotnet publish "$work/src/tests/Sentry.Grains.FakeSentry" -c Release -o "$work/fake" --nologo -v quiet >/dev/null

mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown -R postgres: "$work/pg"
as_pg "$bin/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --no-locale >/dev/null
as_pg "$bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg" start >/dev/null
as_pg "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE legacy"
conn="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=legacy"

(cd "$work/fake" && dotnet Sentry.Grains.FakeSentry.dll --port "$FAKE" --client-id "$CLIENT_ID" --client-secret "$SECRET" >"$work/fake.log" 2>&1) &
pids+=($!)
silo_env=(DOTNET_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$HTTP"
  Sentry__ClientSecret="$SECRET" Sentry__ClientId="$CLIENT_ID" Sentry__TokenEncryptionKey="$TOKEN_KEY" Api__Keys__0="$API_KEY"
  Sentry__BaseUrl="http://127.0.0.1:$FAKE/" ConnectionStrings__orleansdb="$conn"
  Orleans__ClusterId=legacy Orleans__ServiceId="$SERVICE_ID"
  Orleans__Clustering__ProviderType=AdoNet Orleans__Clustering__Invariant=Npgsql Orleans__Clustering__ConnectionName=orleansdb
  Orleans__GrainStorage__Default__ProviderType=AdoNet Orleans__GrainStorage__Default__Invariant=Npgsql Orleans__GrainStorage__Default__ConnectionName=orleansdb
  Orleans__Reminders__ProviderType=AdoNet Orleans__Reminders__Invariant=Npgsql Orleans__Reminders__ConnectionName=orleansdb
  Orleans__Endpoints__SiloPort=56111 Orleans__Endpoints__GatewayPort=56300 Shutdown__DrainDelay=00:00:00)
(cd "$work/app" && env "${silo_env[@]}" dotnet Sentry.Grains.Silo.dll --apply-schema >"$work/schema.log" 2>&1)
(cd "$work/app" && exec env "${silo_env[@]}" dotnet Sentry.Grains.Silo.dll >"$work/silo.log" 2>&1) &
silo=$!; pids+=($silo)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$HTTP/health/ready" >/dev/null && break; sleep 0.5; done

fixtures="$repo/tests/Sentry.Grains.Tests/Fixtures"
n=0
send() { # RESOURCE FILE UNIX_SECONDS
  local sig; sig=$(openssl dgst -sha256 -hmac "$SECRET" < "$2" | sed 's/^.*= //')
  n=$((n + 1))
  curl -sS -X POST "http://127.0.0.1:$HTTP/webhooks/sentry" -H 'Content-Type: application/json' \
    -H "Sentry-Hook-Resource: $1" -H "Request-ID: $(printf 'legacy%026d' "$n")" -H "Sentry-Hook-Timestamp: $3" \
    -H "Sentry-Hook-Signature: $sig" --data-binary "@$2"; echo
}
t=1795046400   # 2026-11-20T00:00:00Z
send issue "$fixtures/issue.created.json" $((t + 1))
send issue "$fixtures/issue.assigned.json" $((t + 2))
send issue "$fixtures/issue.resolved.json" $((t + 3))
send comment "$fixtures/comment.created.json" $((t + 4))
send comment "$fixtures/comment.updated.json" $((t + 5))
sed -e 's/"comment_id": 1234,/"comment_id": 9000001,/' "$fixtures/comment.created.json" >"$work/comment2.json"
send comment "$work/comment2.json" $((t + 6))
sed -e 's/"comment_id": 1234,/"comment_id": 9000001,/' "$fixtures/comment.deleted.json" >"$work/comment2.deleted.json"
send comment "$work/comment2.deleted.json" $((t + 7))
send event_alert "$fixtures/event_alert.triggered.json" $((t + 8))
send error "$fixtures/error.created.json" $((t + 9))
send activity_alert "$fixtures/activity_alert.seer_root_cause_completed.json" $((t + 10))
i=11
for s in root_cause_started root_cause_completed solution_started solution_completed coding_started coding_completed pr_created; do
  send seer "$fixtures/seer.$s.json" $((t + i)); i=$((i + 1))
done
send metric_alert "$fixtures/metric_alert.critical.json" $((t + 20))
send metric_alert "$fixtures/metric_alert.resolved.json" $((t + 21))
send installation "$fixtures/installation.created.json" $((t + 22))
sed -e 's/a8e5d37a-696c-4c54-adb5-b3f28d64c7de/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/g' "$fixtures/installation.deleted.json" >"$work/installation2.deleted.json"
send installation "$work/installation2.deleted.json" $((t + 23))
# A poisoned issue: a far-future Sentry-Hook-Timestamp (2100-01-01) that froze it under the old rules.
sed -e 's/"id": "1234567890"/"id": "4242424242"/' "$fixtures/issue.created.json" >"$work/poisoned.json"
send issue "$work/poisoned.json" 4102444800
for _ in $(seq 1 60); do
  curl -sf -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$HTTP/api/installations/a8e5d37a-696c-4c54-adb5-b3f28d64c7de" | grep -q '"installed"' && break; sleep 0.5
done

out="$here/v1-expected"; mkdir -p "$out"
get() { curl -sSf -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$HTTP/api/$1" >"$out/$2.json"; }
for id in 1234567890 1170820242 100 1117540176 43 4242424242; do get "issues/$id" "issue-$id"; done
get issues/1170820242/seer-runs issue-1170820242-seer-runs
get seer-runs/12345 seer-run-12345
get metric-alerts/4 metric-alert-4
get installations/a8e5d37a-696c-4c54-adb5-b3f28d64c7de installation-a8e5d37a
get installations/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9 installation-0f1e2d3c
get installations installations
get installations/a8e5d37a-696c-4c54-adb5-b3f28d64c7de/token installation-a8e5d37a-token

kill -TERM "$silo"; wait "$silo" || true
as_pg "$bin/pg_dump" -h 127.0.0.1 -p "$PGPORT" -U postgres -d legacy --data-only --column-inserts --no-owner --no-privileges \
  -t orleansstorage -t orleansreminderstable >"$here/v1-storage.sql"
echo "wrote $here/v1-storage.sql and $out/*.json ($n webhooks)"
