#!/usr/bin/env bash
# Verdict-write benchmark: the Release service on a durable PostgreSQL (fsync and
# synchronous_commit on), a fresh database each run, baseline and contention in the same run.
# Usage: scripts/benchmark.sh [writers] [writes-per-writer]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
PORT=5182
URL="http://127.0.0.1:$PORT"
KEY=bench-admin-key-0123456789abcdef

# Its own cluster, never the test one (which runs without durability).
CONN=$(ConnectionStrings__Marten='' scripts/postgres.sh bench 54331)
[[ -n $CONN ]] || { echo "benchmark: no database" >&2; exit 1; }
PG="host=127.0.0.1 port=54331 user=postgres"
psql "$PG dbname=postgres" -qc "drop database if exists panel_bench" -c "create database panel_bench" >/dev/null
echo "PostgreSQL: fsync=$(psql "$PG dbname=panel_bench" -Atc 'show fsync'), synchronous_commit=$(psql "$PG dbname=panel_bench" -Atc 'show synchronous_commit')"
CONN=${CONN/Database=panel;/Database=panel_bench;}

dotnet build src/Panel.Api -c Release -nologo -v q >/dev/null
dotnet build benchmarks/Panel.Benchmarks -c Release -nologo -v q >/dev/null

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

PANEL_BENCH_ADMIN_KEY=$KEY dotnet benchmarks/Panel.Benchmarks/bin/Release/net10.0/Panel.Benchmarks.dll "$URL" "${1:-8}" "${2:-40}"
