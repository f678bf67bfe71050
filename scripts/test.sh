#!/usr/bin/env bash
# Runs every test. Installs Redis and RabbitMQ from Debian when missing (as root), starts them on their own
# ports and data folders (scripts/services.sh), runs `dotnet test` on the solution, stops what it started,
# then runs the front end's tests (scripts/frontend-tests.sh: Vitest and the browser tests, in chromium), and
# exits non-zero on any failure. With --filter the run is narrowed to those .NET tests and the front end's are left out.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

command -v dotnet >/dev/null || { echo "test: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }

export ECOMMERCE_FRESH_DATA=1
scripts/services.sh start || exit 1
trap 'scripts/services.sh stop' EXIT
eval "$(scripts/services.sh env)"

LOG="$(mktemp)"
dotnet test EcommerceBackend.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}

passed=$(grep -oE 'Passed: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
rm -f "$LOG"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status (a build or run failure)" >&2
fi

# The front end's tests need neither Redis nor RabbitMQ.
scripts/services.sh stop
trap - EXIT

# The browser tests start the API the run above built: the same configuration.
configuration=Debug
filtered=0
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    -c|--configuration) configuration="${args[$((i + 1))]:-Debug}" ;;
    --configuration=*) configuration="${args[$i]#*=}" ;;
    --filter|--filter=*) filtered=1 ;;
  esac
done

if [ "$filtered" -eq 1 ]; then
  echo "frontend: left out, since --filter narrows the run (scripts/frontend-tests.sh runs them)"
else
  COUNTS="$(mktemp)"
  E2E_CONFIGURATION="$configuration" scripts/frontend-tests.sh "$COUNTS"
  frontend_status=$?
  read -r frontend_passed frontend_failed < "$COUNTS"
  rm -f "$COUNTS"
  passed=$((passed + ${frontend_passed:-0}))
  failed=$((failed + ${frontend_failed:-1}))
  [ "$frontend_status" -ne 0 ] && [ "$status" -eq 0 ] && status=$frontend_status
fi

# One closing line over all test projects and the front end: "N passed, N failed".
echo
echo "tests: $passed passed, $failed failed"
exit "$status"
