#!/usr/bin/env bash
# Signs a webhook body the way Sentry does and POSTs it.
# usage: deploy/local/send-webhook.sh RESOURCE FILE [URL]
#   RESOURCE  the Sentry-Hook-Resource header (issue, comment, seer, installation, ...)
#   FILE      the exact body bytes to send (e.g. ../shared/fixtures/issue.created.json)
#   URL       default http://127.0.0.1:5080/webhooks/sentry
# env: SENTRY_CLIENT_SECRET (default: the Development secret from appsettings.Development.json)
set -euo pipefail
resource=${1:?resource}; file=${2:?file}; url=${3:-http://127.0.0.1:5080/webhooks/sentry}
secret=${SENTRY_CLIENT_SECRET:-sentry-grains-development-secret}
signature=$(openssl dgst -sha256 -hmac "$secret" < "$file" | sed 's/^.*= //')
curl -sS -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H "Sentry-Hook-Resource: $resource" \
  -H "Request-ID: $(openssl rand -hex 16)" \
  -H "Sentry-Hook-Timestamp: $(date +%s)" \
  -H "Sentry-Hook-Signature: $signature" \
  --data-binary "@$file"
echo
