#!/usr/bin/env bash
# Runs the Panel service locally: starts (or reuses) the dev PostgreSQL,
# builds the API, serves it on http://127.0.0.1:5080 until Ctrl+C.
# Env overrides: Panel__AdminKey (admin key), PANEL_PORT (HTTP port),
# ConnectionStrings__Marten (use this database instead of a local one),
# Panel__Signing__KeyPath / Panel__Signing__KeyPem (the publication signing key).
# Panel__Webhooks__AllowPrivateNetworks (default true here, so a receiver on this machine works).
# Email: unless Panel__Smtp__Host is set, a local smtp4dev (installed once into .local/tools) catches
# every email the service sends, readable at http://127.0.0.1:5081; PANEL_MAIL=off runs with email off.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$ROOT"

PORT=${PANEL_PORT:-5080}
URL="http://127.0.0.1:$PORT"
LOCAL="$ROOT/.local"
KEY_FILE="$LOCAL/admin-key"
SIGNING_KEY="$LOCAL/signing-key.pem"
LOG_FILE="$LOCAL/panel.log"
OUT_DIR="$ROOT/src/Panel.Api/bin/Release/net10.0"
DEMO_ID=5eed0000-0000-4000-8000-000000000001

say() { printf 'run.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

command -v dotnet >/dev/null || die "dotnet SDK 10 not found on PATH"
command -v curl >/dev/null || die "curl not found (apt-get install -y curl)"

# Assigned first, then checked: a failed start must not go unnoticed.
CONN=$(scripts/postgres.sh dev 54329)
[[ -n $CONN ]] || die "scripts/postgres.sh printed no connection string"

mkdir -p "$LOCAL"
if [[ -n ${Panel__AdminKey:-} ]]; then
  ADMIN_KEY=$Panel__AdminKey
  KEY_WHERE="environment variable Panel__AdminKey"
else
  if [[ ! -s $KEY_FILE ]]; then
    # 32 random bytes, base64url without padding; file readable by us only.
    if command -v openssl >/dev/null; then
      key=$(openssl rand -base64 32)
    else
      key=$(head -c 32 /dev/urandom | base64 -w0)
    fi
    key=$(printf '%s' "$key" | tr '+/' '-_' | tr -d '=\n')
    (umask 077 && printf '%s\n' "$key" >"$KEY_FILE")
    say "generated a new admin key in $KEY_FILE"
  fi
  chmod 600 "$KEY_FILE"
  ADMIN_KEY=$(tr -d '\n' <"$KEY_FILE")
  KEY_WHERE=$KEY_FILE
fi

# The key that encrypts the Data Protection keys Panel stores in PostgreSQL (32 random bytes, base64).
KEK_FILE="$LOCAL/key-encryption-key"
if [[ -z ${Panel__KeyEncryptionKey:-} ]]; then
  if [[ ! -s $KEK_FILE ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 -w0 >"$KEK_FILE")
    say "generated a new key-encryption key in $KEK_FILE"
  fi
  chmod 600 "$KEK_FILE"
  Panel__KeyEncryptionKey=$(tr -d '\n' <"$KEK_FILE")
fi
export Panel__KeyEncryptionKey
# The key that signs publications (ECDSA P-256), generated once; it never leaves .local/.
if [[ -z ${Panel__Signing__KeyPath:-} && -z ${Panel__Signing__KeyPem:-} ]]; then
  if [[ ! -s $SIGNING_KEY ]]; then
    command -v openssl >/dev/null || die "openssl not found: it generates the signing key (apt-get install -y openssl)"
    (umask 077 && openssl ecparam -name prime256v1 -genkey -noout -out "$SIGNING_KEY")
    say "generated a new publication signing key in $SIGNING_KEY"
  fi
  chmod 600 "$SIGNING_KEY"
  export Panel__Signing__KeyPath=$SIGNING_KEY
fi

# A local mail catcher (smtp4dev, a .NET tool) unless the caller configured a real SMTP server.
MAIL_PORT=${PANEL_MAIL_PORT:-5081}
MAIL_URL="http://127.0.0.1:$MAIL_PORT"
MAIL_PID=""
MAIL_WHERE="off (PANEL_MAIL=off)"
mail_up() { curl -fsS -o /dev/null --max-time 2 "$MAIL_URL/api/messages" 2>/dev/null; }
if [[ -n ${Panel__Smtp__Host:-} ]]; then
  MAIL_WHERE="through $Panel__Smtp__Host (Panel__Smtp__Host)"
elif [[ ${PANEL_MAIL:-on} != off ]]; then
  SMTP4DEV="$LOCAL/tools/smtp4dev"
  if [[ ! -x $SMTP4DEV ]]; then
    say "installing smtp4dev 3.15.0 into $LOCAL/tools (a local mail catcher)"
    dotnet tool install --tool-path "$LOCAL/tools" Rnwood.Smtp4dev --version 3.15.0 >/dev/null ||
      say "warning: could not install smtp4dev; email stays off"
  fi
  if mail_up || [[ -x $SMTP4DEV ]]; then
    if ! mail_up; then
      mkdir -p "$LOCAL/mail"
      "$SMTP4DEV" --urls="$MAIL_URL" --smtpport=2525 --imapport=0 --pop3port=0 --hostname=localhost \
        --db="$LOCAL/mail/smtp4dev.db" --nousersettings >"$LOCAL/mail/smtp4dev.log" 2>&1 &
      MAIL_PID=$!
      for _ in $(seq 1 60); do mail_up && break; sleep 0.5; done
    fi
    if mail_up; then
      export Panel__Smtp__Host=127.0.0.1 Panel__Smtp__Port=2525 Panel__Smtp__Security=None
      export Panel__Smtp__From="${Panel__Smtp__From:-Panel <panel@localhost.test>}"
      MAIL_WHERE="$MAIL_URL  (smtp4dev: every email the service sends lands here)"
    else
      say "warning: smtp4dev did not start (see $LOCAL/mail/smtp4dev.log); email stays off"
      MAIL_WHERE="off (smtp4dev did not start)"
    fi
  fi
fi
# Links in emails are built from the public address only.
export Panel__PublicUrl="${Panel__PublicUrl:-$URL}"

info() {
  cat <<EOF

Panel is running at $URL
  Scorecards (web):        $URL/
  Demo scorecard page:     $URL/scorecards/$DEMO_ID
  Demo scorecard (JSON):   $URL/api/scorecards/$DEMO_ID
  API reference (Scalar):  $URL/scalar
  OpenAPI document:        $URL/openapi/v1.json
  Atom feed:               $URL/feed.atom
  Workspace (sign in):     $URL/sign-in  (with the admin key below, then People: invite by email)
  Email:                   $MAIL_WHERE
  Signing keys (JWKS):     $URL/.well-known/panel-keys
  Verify the demo:         python3 scripts/verify.py $URL $DEMO_ID
  Admin credential:        Authorization: Bearer $ADMIN_KEY
                           (stored in $KEY_WHERE)
  Service log:             $LOG_FILE
EOF
}

health() { curl -fsS -o /dev/null --max-time 2 "$URL/health" 2>/dev/null; }

if health; then
  say "the service is already running on $URL"
  info
  exit 0
fi

say "building src/Panel.Api (Release)"
dotnet build src/Panel.Api -c Release -nologo -v q

[[ -f $OUT_DIR/Panel.Api.dll ]] || die "build output $OUT_DIR/Panel.Api.dll not found"

SVC_PID=""
# shellcheck disable=SC2317 # invoked from the traps below
stop_service() {
  if [[ -n $SVC_PID ]] && kill -0 "$SVC_PID" 2>/dev/null; then
    kill -TERM "$SVC_PID" 2>/dev/null || true
    wait "$SVC_PID" 2>/dev/null || true
  fi
  if [[ -n $MAIL_PID ]] && kill -0 "$MAIL_PID" 2>/dev/null; then
    kill -TERM "$MAIL_PID" 2>/dev/null || true
  fi
}
trap 'say "stopping"; stop_service; exit 130' INT TERM
trap stop_service EXIT

# Started from the output directory so the content root (appsettings.json)
# is found; the log goes to our stdout and into .local/panel.log.
: >"$LOG_FILE"
(
  cd "$OUT_DIR"
  exec env ConnectionStrings__Marten="$CONN" Panel__AdminKey="$ADMIN_KEY" \
    Panel__Demo=true ASPNETCORE_ENVIRONMENT=Production \
    Panel__Webhooks__AllowPrivateNetworks="${Panel__Webhooks__AllowPrivateNetworks:-true}" \
    dotnet Panel.Api.dll --urls "$URL"
) > >(tee -a "$LOG_FILE") 2>&1 &
SVC_PID=$!

say "waiting for $URL/health (pid $SVC_PID)"
deadline=$((SECONDS + 120))
until health; do
  if ! kill -0 "$SVC_PID" 2>/dev/null; then
    rc=0
    wait "$SVC_PID" || rc=$?
    SVC_PID=""
    say "the service exited with code $rc before becoming healthy; last log lines:"
    tail -n 40 "$LOG_FILE" >&2 || true
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    say "the service did not answer $URL/health within 120 s; last log lines:"
    tail -n 40 "$LOG_FILE" >&2 || true
    exit 1
  fi
  sleep 0.5
done

info
echo "Press Ctrl+C to stop."

rc=0
wait "$SVC_PID" || rc=$?
SVC_PID=""
exit "$rc"
