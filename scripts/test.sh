#!/usr/bin/env bash
# Runs every test. Installs Redis, RabbitMQ and docker-compose from Debian when missing (as root), validates the
# compose files, starts Redis and RabbitMQ on their own ports and data folders (scripts/services.sh), runs
# `dotnet test` on the solution, stops what it started, then runs the front end's tests (scripts/frontend-tests.sh:
# Vitest and the browser tests, in chromium) and the short fault run (bench/Faults: the local cluster, on ports of
# its own), and exits non-zero on any failure. With --filter the run is narrowed to those .NET tests; the front end's
# tests and the fault run are left out.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

command -v dotnet >/dev/null || { echo "test: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }

# The compose files are checked with Debian's docker-compose (no container engine runs here); the deployment
# tests read its output too.
if ! command -v docker-compose >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then echo "test: docker-compose is missing; install it first, as root: apt-get install -y docker-compose" >&2; exit 1; fi
  echo "test: installing docker-compose from Debian" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; } || exit 1
fi
for file in docker-compose.yml docker-compose.test.yml; do
  JWT_SECRET=x EVENTS_SIGNING_KEY=x ADMIN_PASSWORD=x RABBITMQ_PASSWORD=x RABBITMQ_READER_PASSWORD=x docker-compose -f "$file" config -q \
    || { echo "test: $file is not a valid compose file" >&2; exit 1; }
done

export ECOMMERCE_FRESH_DATA=1
scripts/services.sh start || exit 1
trap 'scripts/services.sh stop' EXIT
eval "$(scripts/services.sh env)"

LOG="$(mktemp)"
# Tests that measure (the scaling test) write their figures here; they are printed after the run.
ECOMMERCE_TEST_FIGURES="$(mktemp -d)"; export ECOMMERCE_TEST_FIGURES
dotnet test EcommerceBackend.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
for figures in "$ECOMMERCE_TEST_FIGURES"/*.txt; do
  [ -e "$figures" ] || continue
  echo; echo "== figures: $(basename "$figures" .txt) =="; cat "$figures"
done
rm -rf "$ECOMMERCE_TEST_FIGURES"

# MongoDB tests run only against a real server, named by MONGO_URI (none can run on this machine; none is faked).
mongo=$(grep -cE '^\s+Passed .*store: "mongodb"' "$LOG")
if [ "$mongo" -eq 0 ]; then
  mongo_line="MongoDB tests: 0 ran (MONGO_URI is not set, and no MongoDB server can run on this machine; set MONGO_URI to run them against one)"
else
  mongo_line="MongoDB tests: $mongo ran against MONGO_URI"
fi
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

# The short fault run (bench/Faults): the local cluster under load through kill -9 and SIGTERM of a silo, Redis refusing
# writes, RabbitMQ killed and SIGTERM of an API node, each followed by its invariants; each invariant checked counts as one test.
if [ "$filtered" -eq 1 ]; then
  echo "faults: left out, since --filter narrows the run (dotnet run --project bench/Faults -- --short runs it)"
else
  FAULTS_LOG="$(mktemp)"
  # dotnet test builds the test projects and what they reference; the harness, the load generator and the hosts it
  # starts are built here (incrementally), in the same configuration.
  if dotnet build EcommerceBackend.sln -c "$configuration" -v quiet -nologo >"$FAULTS_LOG" 2>&1; then
    dotnet "bench/Faults/bin/$configuration/net10.0/EcommerceBackend.Faults.dll" --short --config "$configuration" --no-build 2>&1 | tee "$FAULTS_LOG"
    faults_status=${PIPESTATUS[0]}
  else
    cat "$FAULTS_LOG"; echo "faults: the build failed" >&2
    faults_status=1
  fi
  summary="$(grep -oE '^faults: [0-9]+ checks over [0-9]+ faults, [0-9]+ failed' "$FAULTS_LOG" | tail -1)"
  rm -f "$FAULTS_LOG"
  if [ -n "$summary" ]; then
    checks=$(awk '{print $2}' <<<"$summary"); faults_failed=$(awk '{print $8}' <<<"$summary")
    passed=$((passed + checks - faults_failed)); failed=$((failed + faults_failed))
  else
    failed=$((failed + 1))
  fi
  [ "$faults_status" -ne 0 ] && [ "$status" -eq 0 ] && status=$faults_status
fi

# One closing line over all test projects and the front end: "N passed, N failed".
echo
echo "$mongo_line"
echo "tests: $passed passed, $failed failed"
exit "$status"
