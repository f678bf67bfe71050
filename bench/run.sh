#!/usr/bin/env bash
# Benchmarks a mode end to end on this machine: starts it with the ceiling endpoint on, runs the harness,
# stops it.  bench/run.sh embedded|cluster [harness options, e.g. --concurrency 32 --duration 10]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-embedded}"; shift || true
PORT="${BENCH_PORT:-5099}"
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
API_DLL="$ROOT/src/Api/bin/Release/net10.0/EcommerceBackend.Api.dll"
export Api__EnableBenchmarkEndpoint=true ASPNETCORE_ENVIRONMENT=Production

case "$MODE" in
  embedded)
    dotnet build "$ROOT/EcommerceBackend.sln" -c Release -v quiet -nologo >/dev/null
    PORT=$PORT Cluster__SiloPort=12111 Cluster__GatewayPort=32000 dotnet "$API_DLL" >/tmp/bench-api.log 2>&1 &
    API_PID=$!
    trap 'kill $API_PID 2>/dev/null || true' EXIT
    for _ in $(seq 1 120); do curl -fsS "http://localhost:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.5; done
    ;;
  cluster)
    # cluster.sh builds the solution (the harness included) and waits until the API sees both silos.
    PORT=$PORT "$ROOT/scripts/cluster.sh" start >/dev/null
    trap '"$ROOT/scripts/cluster.sh" stop >/dev/null' EXIT
    ;;
  *) echo "usage: $0 embedded|cluster [options]" >&2; exit 2 ;;
esac

dotnet "$ROOT/bench/Bench/bin/Release/net10.0/EcommerceBackend.Bench.dll" --url "http://localhost:$PORT" "$@"
