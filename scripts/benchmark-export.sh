#!/usr/bin/env bash
# Export benchmark: the Release service on a durable PostgreSQL (fsync and synchronous_commit on),
# N comparison events bulk-loaded with Marten, then GET /api/exports/events.jsonl streamed through:
# rows per second and the service's resident memory. The database is kept between runs (loading is the
# slow part): pass --fresh to start from an empty one. Usage: scripts/benchmark-export.sh [events] [--fresh]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
EVENTS=1000000
FRESH=0
for arg in "$@"; do
  case $arg in
    --fresh) FRESH=1 ;;
    *) EVENTS=$arg ;;
  esac
done
PORT=5183
URL="http://127.0.0.1:$PORT"
KEY=bench-admin-key-0123456789abcdef

# Its own cluster, never the test one (which runs without durability).
CONN=$(ConnectionStrings__Marten='' scripts/postgres.sh bench 54331)
[[ -n $CONN ]] || { echo "benchmark: no database" >&2; exit 1; }
PG_PORT=$(printf '%s' "$CONN" | sed -n 's/.*Port=\([0-9]*\).*/\1/p')
PG="host=127.0.0.1 port=$PG_PORT user=postgres"
if ((FRESH)); then psql "$PG dbname=postgres" -qc "drop database if exists panel_export" >/dev/null; fi
[[ -n $(psql "$PG dbname=postgres" -Atc "select 1 from pg_database where datname = 'panel_export'") ]] ||
  psql "$PG dbname=postgres" -qc "create database panel_export" >/dev/null
echo "PostgreSQL: fsync=$(psql "$PG dbname=panel_export" -Atc 'show fsync'), synchronous_commit=$(psql "$PG dbname=panel_export" -Atc 'show synchronous_commit')"
CONN=${CONN/Database=panel;/Database=panel_export;}

dotnet build src/Panel.Api -c Release -nologo -v q >/dev/null
dotnet build benchmarks/Panel.ExportBenchmark -c Release -nologo -v q >/dev/null

(cd src/Panel.Api/bin/Release/net10.0 && ConnectionStrings__Marten="$CONN" Panel__AdminKey=$KEY \
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning exec dotnet Panel.Api.dll --urls "$URL" >/dev/null 2>&1) &
service=$!
trap 'kill $service 2>/dev/null || true' EXIT
# A service that never gets healthy stops the run here, instead of the benchmark timing refusals.
healthy=0
for _ in $(seq 1 300); do
  curl -fs "$URL/health" >/dev/null 2>&1 && { healthy=1; break; }
  kill -0 "$service" 2>/dev/null || break
  sleep 0.2
done
((healthy)) || { echo "benchmark: the service did not answer $URL/health (run it by hand to see its log)" >&2; exit 1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
PANEL_BENCH_ADMIN_KEY=$KEY dotnet benchmarks/Panel.ExportBenchmark/bin/Release/net10.0/Panel.ExportBenchmark.dll "$CONN" "$URL" "$service" "$EVENTS"
