#!/usr/bin/env bash
# Cluster mode on this machine: a local Redis and RabbitMQ, two silo processes and one API process.
#   scripts/cluster.sh start     build (Release), start them, wait until the API is healthy
#   scripts/cluster.sh stop      stop them all
#   scripts/cluster.sh status    show what runs
# Settings (environment): PORT (API, default 5000), JWT_SECRET and EVENTS_SIGNING_KEY (default: generated once into .run/),
# ADMIN_EMAIL / ADMIN_PASSWORD (default admin@example.com / Admin123!), CLUSTER_REDIS_PORT (default 6380),
# CLUSTER_RABBITMQ_PORT (default 5673).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"
PORT="${PORT:-5000}"
export ECOMMERCE_SERVICES_DIR="$RUN/services" ECOMMERCE_REDIS_PORT="${CLUSTER_REDIS_PORT:-6380}"
export ECOMMERCE_RABBITMQ_PORT="${CLUSTER_RABBITMQ_PORT:-5673}" ECOMMERCE_RABBITMQ_DIST_PORT="${CLUSTER_RABBITMQ_DIST_PORT:-25683}"
REDIS="127.0.0.1:$ECOMMERCE_REDIS_PORT"
RABBITMQ="amqp://guest:guest@127.0.0.1:$ECOMMERCE_RABBITMQ_PORT/"
CONFIG=Release
BIN_SILO="$ROOT/src/Silo/bin/$CONFIG/net10.0/EcommerceBackend.Silo.dll"
BIN_API="$ROOT/src/Api/bin/$CONFIG/net10.0/EcommerceBackend.Api.dll"

log() { printf '[cluster] %s\n' "$*"; }

start_process() { # name, dll, then VAR=value...
  local name=$1 dll=$2; shift 2
  mkdir -p "$RUN/logs" "$RUN/pids"
  env "$@" nohup dotnet "$dll" >"$RUN/logs/$name.log" 2>&1 &
  echo $! >"$RUN/pids/$name.pid"
  log "$name started (pid $!, log .run/logs/$name.log)"
}

start() {
  mkdir -p "$RUN"
  if [ -z "${JWT_SECRET:-}" ]; then
    [ -f "$RUN/jwt-secret" ] || head -c 48 /dev/urandom | base64 | tr -d '\n' >"$RUN/jwt-secret"
    JWT_SECRET="$(cat "$RUN/jwt-secret")"
  fi
  if [ -z "${EVENTS_SIGNING_KEY:-}" ]; then
    [ -f "$RUN/events-signing-key" ] || head -c 48 /dev/urandom | base64 | tr -d '\n' >"$RUN/events-signing-key"
    EVENTS_SIGNING_KEY="$(cat "$RUN/events-signing-key")"
  fi
  "$ROOT/scripts/services.sh" start redis rabbitmq
  log "building ($CONFIG)"
  dotnet build "$ROOT/EcommerceBackend.sln" -c "$CONFIG" -v quiet -nologo >/dev/null
  local common=(Redis__ConnectionString="$REDIS" RABBITMQ_URI="$RABBITMQ" EVENTS_SIGNING_KEY="$EVENTS_SIGNING_KEY" Cluster__AdvertisedAddress=127.0.0.1 DOTNET_ENVIRONMENT=Production)
  start_process silo1 "$BIN_SILO" "${common[@]}" Cluster__SiloPort=11111 Cluster__GatewayPort=30000
  start_process silo2 "$BIN_SILO" "${common[@]}" Cluster__SiloPort=11112 Cluster__GatewayPort=30001
  start_process api "$BIN_API" "${common[@]}" ASPNETCORE_ENVIRONMENT=Production Cluster__Mode=Cluster PORT="$PORT" \
    JWT_SECRET="$JWT_SECRET" ADMIN_EMAIL="${ADMIN_EMAIL:-admin@example.com}" ADMIN_PASSWORD="${ADMIN_PASSWORD:-Admin123!}"
  for _ in $(seq 1 120); do
    if curl -fsS "http://localhost:$PORT/api/health" 2>/dev/null | grep -q '"activeSilos":2'; then
      log "ready: http://localhost:$PORT/api/health"
      curl -fsS "http://localhost:$PORT/api/health"; echo
      return
    fi
    sleep 0.5
  done
  log "the API did not report two active silos in time; see .run/logs"; exit 1
}

stop() {
  for name in api silo1 silo2; do
    local pidfile="$RUN/pids/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid="$(cat "$pidfile")"
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      log "$name stopped"
    fi
    rm -f "$pidfile"
  done
  "$ROOT/scripts/services.sh" stop
}

status() {
  for name in silo1 silo2 api; do
    local pidfile="$RUN/pids/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then log "$name running (pid $(cat "$pidfile"))"; else log "$name not running"; fi
  done
  curl -fsS "http://localhost:$PORT/api/health" 2>/dev/null && echo || log "API not answering on $PORT"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
