#!/usr/bin/env bash
# Runs the whole test suite against a throwaway local PostgreSQL and prints,
# as the very last line, "N passed, N failed, N skipped".
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter Rounding
# Exits non-zero if dotnet test failed or no test was executed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$ROOT"

RESULTS=artifacts/test-results

say() { printf 'test.sh: %s\n' "$*" >&2; }

command -v dotnet >/dev/null || { say "error: dotnet SDK 10 not found on PATH"; exit 1; }
export DOTNET_NOLOGO=${DOTNET_NOLOGO:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}

# Assigned first, then checked: a failed start must not go unnoticed.
CONN=$(scripts/postgres.sh test 54330 --fast)
if [[ -z $CONN ]]; then
  say "error: scripts/postgres.sh printed no connection string"
  exit 1
fi
export ConnectionStrings__Marten="$CONN"

# The browser test drives Debian's Chromium (Playwright cannot download a browser here).
if [[ -z ${PANEL_CHROMIUM:-} ]] && ! command -v chromium >/dev/null; then
  say "installing Debian's chromium for the browser test"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2; }; }; then
    say "error: could not install chromium (as root: apt-get install chromium)"
    exit 1
  fi
fi

# The independent verifier test runs scripts/verify.py, which needs only Python 3's standard library.
if ! command -v python3 >/dev/null; then
  say "installing Debian's python3 for the verifier test"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >&2; }; }; then
    say "error: could not install python3 (as root: apt-get install python3)"
    exit 1
  fi
fi

# The OpenAPI lint test runs Redocly CLI on Node.js, pinned by tools/openapi/package-lock.json; the single
# sign-on tests run a real OpenID Connect provider (oidc-provider) on it, pinned by tests/oidc/package-lock.json.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Debian's nodejs and npm for the OpenAPI lint and single sign-on tests"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2; }; }; then
    say "error: could not install nodejs and npm (as root: apt-get install nodejs npm)"
    exit 1
  fi
fi
if [[ ! -f tools/openapi/node_modules/.package-lock.json || tools/openapi/package-lock.json -nt tools/openapi/node_modules/.package-lock.json ]]; then
  say "installing the pinned Redocly CLI (npm ci in tools/openapi)"
  (cd tools/openapi && npm ci --no-audit --no-fund >&2) || { say "error: npm ci in tools/openapi failed"; exit 1; }
fi
if [[ ! -f tests/oidc/node_modules/.package-lock.json || tests/oidc/package-lock.json -nt tests/oidc/node_modules/.package-lock.json ]]; then
  say "installing the pinned OpenID Connect provider for the single sign-on tests (npm ci in tests/oidc)"
  (cd tests/oidc && npm ci --no-audit --no-fund >&2) || { say "error: npm ci in tests/oidc failed"; exit 1; }
fi

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# The chaos test drives its client with --no-build; `dotnet test` builds only the test project's graph.
dotnet build benchmarks/Panel.Chaos -c Release -nologo -v q </dev/null >&2

test_rc=0
dotnet test Panel.sln -c Release --logger "trx;LogFileName=results.trx" \
  --results-directory "$RESULTS" "$@" </dev/null || test_rc=$?

# Value of attribute $2 in the <Counters .../> element $1 (0 when absent).
counter() {
  local v
  v=$(printf '%s\n' "$1" | sed -n "s/.*[[:space:]]$2=\"\([0-9]*\)\".*/\1/p")
  printf '%s' "${v:-0}"
}

passed=0 failed=0 skipped=0 executed=0 files=0 total=0 ran=0 not_run=0
while IFS= read -r -d '' trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)
  [[ -n $counters ]] || { say "warning: no <Counters> in $trx"; continue; }
  files=$((files + 1))
  passed=$((passed + $(counter "$counters" passed)))
  # Errors, timeouts and aborts are failures too.
  failed=$((failed + $(counter "$counters" failed) + $(counter "$counters" error) +
    $(counter "$counters" timeout) + $(counter "$counters" aborted)))
  # VSTest's TRX leaves notExecuted at 0 for skipped xUnit tests; they only
  # show as total - executed. Take whichever is larger.
  total=$(counter "$counters" total)
  ran=$(counter "$counters" executed)
  not_run=$(counter "$counters" notExecuted)
  ((total - ran > not_run)) && not_run=$((total - ran))
  skipped=$((skipped + not_run))
  executed=$((executed + ran))
done < <(find "$RESULTS" -name '*.trx' -type f -print0 2>/dev/null)

rc=$test_rc
if ((test_rc != 0)); then
  say "dotnet test failed (exit code $test_rc); results: $RESULTS"
elif ((files == 0)); then
  say "error: no .trx results were written to $RESULTS"
  rc=1
elif ((executed == 0)); then
  say "error: no test was executed"
  rc=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
