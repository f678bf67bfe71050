#!/usr/bin/env bash
# Benchmarks a mode end to end on this machine: starts bare Kestrel (bench/Kestrel, the outer ceiling) and the mode
# with its ceiling endpoint on, runs the harness (bare Kestrel first, then the mode's scenarios, one after the other),
# stops them.  bench/run.sh embedded|cluster [harness options, e.g. --concurrency 32 --duration 10]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-embedded}"; shift || true
PORT="${BENCH_PORT:-5099}"
KESTREL_PORT="${BENCH_KESTREL_PORT:-5098}"
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
API_DLL="$ROOT/src/Api/bin/Release/net10.0/EcommerceBackend.Api.dll"
# The harness registers all its customers from one address: the login limit (10 a minute by default) would stop it.
export Api__EnableBenchmarkEndpoint=true ASPNETCORE_ENVIRONMENT=Production RateLimit__LoginPermitLimit=10000000

STOP_MODE=true
trap 'eval "$STOP_MODE"' EXIT
case "$MODE" in
  embedded)
    dotnet build "$ROOT/EcommerceBackend.sln" -c Release -v quiet -nologo >/dev/null
    PORT=$PORT Cluster__SiloPort=12111 Cluster__GatewayPort=32000 dotnet "$API_DLL" >/tmp/bench-api.log 2>&1 &
    API_PID=$!
    STOP_MODE='kill $API_PID 2>/dev/null || true'
    for _ in $(seq 1 120); do curl -fsS "http://localhost:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.5; done
    ;;
  cluster)
    # cluster.sh builds the solution (the harness included) and waits until the API sees both silos.
    PORT=$PORT "$ROOT/scripts/cluster.sh" start >/dev/null
    STOP_MODE='"$ROOT/scripts/cluster.sh" stop >/dev/null'
    ;;
  *) echo "usage: $0 embedded|cluster [options]" >&2; exit 2 ;;
esac

# Both modes built the solution in Release, bare Kestrel with it.
PORT=$KESTREL_PORT dotnet "$ROOT/bench/Kestrel/bin/Release/net10.0/EcommerceBackend.Kestrel.dll" >/tmp/bench-kestrel.log 2>&1 &
KESTREL_PID=$!
trap 'kill $KESTREL_PID 2>/dev/null || true; eval "$STOP_MODE"' EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$KESTREL_PORT/api/bench/ceiling" >/dev/null 2>&1 && break; sleep 0.5; done

dotnet "$ROOT/bench/Bench/bin/Release/net10.0/EcommerceBackend.Bench.dll" --url "http://localhost:$PORT" --kestrel-url "http://127.0.0.1:$KESTREL_PORT" "$@"
