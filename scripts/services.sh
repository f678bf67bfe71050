#!/usr/bin/env bash
# Installs (from Debian, when missing) and starts the servers the tests and local cluster need, each on its
# own port and data folder under .test-data/, so they never touch a system-wide Redis or RabbitMQ.
#   scripts/services.sh start [redis|rabbitmq]...   start them (default: both) and wait until they answer
#   scripts/services.sh stop                         stop what start started
#   scripts/services.sh env                          print the variables tests read
# With ECOMMERCE_FRESH_DATA=1 (the test command sets it) each server starts empty and keeps nothing;
# otherwise (the local cluster) Redis appends to disk and RabbitMQ keeps its queues across restarts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${ECOMMERCE_SERVICES_DIR:-$ROOT/.test-data}"
REDIS_PORT="${ECOMMERCE_REDIS_PORT:-16379}"
RABBITMQ_PORT="${ECOMMERCE_RABBITMQ_PORT:-25672}"
RABBITMQ_DIST_PORT="${ECOMMERCE_RABBITMQ_DIST_PORT:-25682}"
RABBITMQ_NODE="ecommerce-test-${RABBITMQ_PORT}@localhost"
RABBITMQ_BIN=/usr/lib/rabbitmq/bin

log() { printf '[services] %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x "$RABBITMQ_BIN/rabbitmq-server" ] || missing+=(rabbitmq-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing: ${missing[*]}. Install them first, as root: apt-get install -y ${missing[*]}"
    exit 1
  fi
  log "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The packages may start system-wide instances where an init system exists; ours run on their own ports.
}

rabbit_env() {
  export RABBITMQ_NODENAME="$RABBITMQ_NODE" RABBITMQ_NODE_PORT="$RABBITMQ_PORT" RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT"
  export RABBITMQ_MNESIA_BASE="$DATA/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$DATA/rabbitmq/log"
  export RABBITMQ_PID_FILE="$DATA/rabbitmq/rabbitmq.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$DATA/rabbitmq/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$DATA/rabbitmq/rabbitmq" RABBITMQ_ADVANCED_CONFIG_FILE="$DATA/rabbitmq/advanced.config"
  export HOME="${HOME:-/root}"
}

start_redis() {
  mkdir -p "$DATA/redis"
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "redis already answers on $REDIS_PORT"
    return
  fi
  local persistence=(--save "" --appendonly no)
  if [ "${ECOMMERCE_FRESH_DATA:-0}" = 1 ]; then
    rm -f "$DATA/redis/"*.rdb "$DATA/redis/"*.aof; rm -rf "$DATA/redis/appendonlydir"
  else
    persistence=(--appendonly yes)
  fi
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DATA/redis" --daemonize yes \
    --pidfile "$DATA/redis/redis.pid" --logfile "$DATA/redis/redis.log" "${persistence[@]}" >/dev/null
  for _ in $(seq 1 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && { log "redis up on 127.0.0.1:$REDIS_PORT"; return; }
    sleep 0.1
  done
  log "redis did not start; see $DATA/redis/redis.log"; exit 1
}

start_rabbitmq() {
  rabbit_env
  mkdir -p "$DATA/rabbitmq/mnesia" "$DATA/rabbitmq/log"
  [ -f "$DATA/rabbitmq/enabled_plugins" ] || echo '[].' > "$DATA/rabbitmq/enabled_plugins"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$RABBITMQ_PORT" > "$DATA/rabbitmq/rabbitmq.conf"
  if "$RABBITMQ_BIN/rabbitmq-diagnostics" -q ping >/dev/null 2>&1; then
    log "rabbitmq already answers on $RABBITMQ_PORT"
    return
  fi
  # Queues and bindings left by an earlier test run would keep feeding on the shared exchanges.
  [ "${ECOMMERCE_FRESH_DATA:-0}" = 1 ] && rm -rf "$DATA/rabbitmq/mnesia" && mkdir -p "$DATA/rabbitmq/mnesia"
  "$RABBITMQ_BIN/rabbitmq-server" -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do
    if "$RABBITMQ_BIN/rabbitmq-diagnostics" -q ping >/dev/null 2>&1 \
      && "$RABBITMQ_BIN/rabbitmq-diagnostics" -q check_port_connectivity >/dev/null 2>&1; then
      log "rabbitmq up on 127.0.0.1:$RABBITMQ_PORT"
      return
    fi
    sleep 0.5
  done
  log "rabbitmq did not start; see $DATA/rabbitmq/log"; exit 1
}

stop_all() {
  if [ -f "$DATA/redis/redis.pid" ]; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$DATA/redis/redis.pid")" 2>/dev/null || true
    rm -f "$DATA/redis/redis.pid"
    log "redis stopped"
  fi
  if [ -f "$DATA/rabbitmq/rabbitmq.pid" ] || pgrep -f "$RABBITMQ_NODE" >/dev/null 2>&1; then
    rabbit_env
    "$RABBITMQ_BIN/rabbitmqctl" -q stop >/dev/null 2>&1 || pkill -f "$RABBITMQ_NODE" || true
    rm -f "$DATA/rabbitmq/rabbitmq.pid"
    log "rabbitmq stopped"
  fi
}

print_env() {
  echo "export ECOMMERCE_TEST_REDIS=127.0.0.1:$REDIS_PORT"
  echo "export ECOMMERCE_TEST_RABBITMQ=amqp://guest:guest@127.0.0.1:$RABBITMQ_PORT/"
}

case "${1:-}" in
  start)
    shift
    install_packages
    targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(redis rabbitmq)
    for t in "${targets[@]}"; do "start_$t"; done
    ;;
  stop) stop_all ;;
  env) print_env ;;
  *) echo "usage: $0 start [redis|rabbitmq]... | stop | env" >&2; exit 2 ;;
esac
