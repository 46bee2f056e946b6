#!/usr/bin/env bash
# Measures the built service as a user runs it: time from process start to the first healthy
# answer and to the first demo scorecard (page and JSON), and resident memory once warm.
# Uses the durable dev PostgreSQL (scripts/postgres.sh dev). Usage: scripts/measure-service.sh [runs]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
RUNS=${1:-3}
PORT=5181
URL="http://127.0.0.1:$PORT"
DEMO=5eed0000-0000-4000-8000-000000000001

CONN=$(scripts/postgres.sh dev 54329)
[[ -n $CONN ]] || { echo "no database" >&2; exit 1; }
dotnet build src/Panel.Api -c Release -nologo -v q >/dev/null
OUT="$ROOT/src/Panel.Api/bin/Release/net10.0"

ms() { date +%s%3N; }
printf '%-4s %12s %16s %16s %12s\n' run "healthy ms" "first page ms" "first JSON ms" "RSS MiB"
for run in $(seq 1 "$RUNS"); do
  start=$(ms)
  (cd "$OUT" && ConnectionStrings__Marten="$CONN" Panel__AdminKey=measure-admin-key-0123456789 Panel__Demo=true \
    ASPNETCORE_ENVIRONMENT=Production exec dotnet Panel.Api.dll --urls "$URL" >/dev/null 2>&1) &
  pid=$!
  until curl -fs "$URL/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "service died" >&2; exit 1; }
    sleep 0.02
  done
  healthy=$(($(ms) - start))
  t=$(ms); curl -fs "$URL/scorecards/$DEMO" >/dev/null; page=$(($(ms) - t))
  t=$(ms); curl -fs "$URL/api/scorecards/$DEMO" >/dev/null; json=$(($(ms) - t))
  for _ in $(seq 1 50); do curl -fs "$URL/scorecards/$DEMO" >/dev/null; curl -fs "$URL/api/scorecards/$DEMO" >/dev/null; done
  child=$(pgrep -P "$pid" -f Panel.Api.dll || echo "$pid")
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$child/status")
  printf '%-4s %12s %16s %16s %12s\n' "$run" "$healthy" "$page" "$json" "$rss"
  kill "$pid" 2>/dev/null; pkill -f "Panel.Api.dll --urls $URL" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
done
