#!/usr/bin/env bash
# The Wolverine code the service runs in Production (TypeLoadMode.Static), committed in
# src/Panel.Api/Internal/Generated so a start needs no runtime compiler.
#
#   scripts/codegen.sh           regenerate it (after adding, removing or changing an endpoint or handler)
#   scripts/codegen.sh --check   regenerate and fail if that changed anything: the committed code is stale
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
GENERATED=src/Panel.Api/Internal/Generated
CHECK=0
case ${1:-} in
  --check) CHECK=1 ;;
  "") ;;
  *) echo "usage: scripts/codegen.sh [--check]" >&2; exit 2 ;;
esac

# Removed first: stale files may no longer compile, and files of removed endpoints must go.
rm -rf "$GENERATED"
# Generating reads the code only: the connection string is required by the configuration, never opened.
ConnectionStrings__Marten="Host=127.0.0.1;Port=1;Database=codegen;Username=codegen;Password=codegen" \
  dotnet run --project src/Panel.Api -c Release --no-launch-profile -- codegen write >/dev/null
# Built again with the generated code in it: the Release output must not lack what it now runs.
dotnet build src/Panel.Api -c Release -nologo -v q >/dev/null

if ((CHECK)); then
  if [[ -n $(git status --porcelain -- "$GENERATED") ]]; then
    git status --short -- "$GENERATED" >&2
    echo "codegen: the committed generated code is stale; run scripts/codegen.sh and commit $GENERATED" >&2
    exit 1
  fi
  echo "codegen: the committed generated code is current"
else
  echo "codegen: wrote $(find "$GENERATED" -name '*.cs' | wc -l) files to $GENERATED"
fi
