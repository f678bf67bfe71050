#!/usr/bin/env bash
# Cluster mode on this machine without containers: a local Redis and RabbitMQ, N silo processes, M API processes
# and, in front of several API nodes, the balancer (src/Balancer). Silos and API nodes can be added and removed
# one at a time while it runs.
#   scripts/cluster.sh start [--silos N] [--apis M]   build, start them, wait until every API node sees N silos
#                                                     (default 2 silos, 1 API on PORT; with M >= 2 the balancer
#                                                     is on PORT and the API nodes behind it)
#   scripts/cluster.sh add-silo | remove-silo [K]     one more silo / stop silo K (default: the newest) gracefully
#   scripts/cluster.sh add-api | remove-api [K]       one more API node / take API node K out of the balancer, then
#                                                     stop it (needs the balancer: start with --apis 2 or more)
#   scripts/cluster.sh stop                           stop them all (gracefully, then by force)
#   scripts/cluster.sh status                         show what runs
# Settings (environment), all optional:
#   PORT                         the front door: the API (one node) or the balancer (default 5000)
#   CLUSTER_API_BASE_PORT        API node K listens on BASE+K-1 when behind the balancer (default PORT+1)
#   CLUSTER_SILO_BASE_PORT, CLUSTER_GATEWAY_BASE_PORT   silo K uses BASE+K-1 (defaults 11111, 30000)
#   CLUSTER_REDIS_PORT, CLUSTER_RABBITMQ_PORT, CLUSTER_RABBITMQ_DIST_PORT   the local servers (6380, 5673, 25683)
#   CLUSTER_REDIS, CLUSTER_RABBITMQ_URI   use these running servers instead of starting local ones (both or neither)
#   CLUSTER_RUN_DIR              pids, logs and data (default .run/)
#   CLUSTER_CONFIG               Release (default) or Debug; CLUSTER_BUILD=0 skips the build
#   CLUSTER_STOP_TIMEOUT         seconds a process may take to stop before it is killed (default 60)
#   CLUSTER_READY_TIMEOUT        seconds to wait for readiness (default 120)
#   JWT_SECRET and EVENTS_SIGNING_KEY (default: generated once into the run folder), ADMIN_EMAIL / ADMIN_PASSWORD (default
#   admin@example.com / Admin123!); any other setting in the environment (Cluster__ClusterId, RabbitMQ__QueueCount,
#   …) reaches every process.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${CLUSTER_RUN_DIR:-$ROOT/.run}"
PORT="${PORT:-5000}"
API_BASE_PORT="${CLUSTER_API_BASE_PORT:-$((PORT + 1))}"
SILO_BASE_PORT="${CLUSTER_SILO_BASE_PORT:-11111}"
GATEWAY_BASE_PORT="${CLUSTER_GATEWAY_BASE_PORT:-30000}"
CONFIG="${CLUSTER_CONFIG:-Release}"
STOP_TIMEOUT="${CLUSTER_STOP_TIMEOUT:-60}"
READY_TIMEOUT="${CLUSTER_READY_TIMEOUT:-120}"
BIN_SILO="$ROOT/src/Silo/bin/$CONFIG/net10.0/EcommerceBackend.Silo.dll"
BIN_API="$ROOT/src/Api/bin/$CONFIG/net10.0/EcommerceBackend.Api.dll"
BIN_BALANCER="$ROOT/src/Balancer/bin/$CONFIG/net10.0/EcommerceBackend.Balancer.dll"
DESTINATIONS="$RUN/balancer.json"

if [ -n "${CLUSTER_REDIS:-}" ] || [ -n "${CLUSTER_RABBITMQ_URI:-}" ]; then
  : "${CLUSTER_REDIS:?set CLUSTER_REDIS too (host:port), or neither}" "${CLUSTER_RABBITMQ_URI:?set CLUSTER_RABBITMQ_URI too, or neither}"
  OWN_SERVICES=0 REDIS="$CLUSTER_REDIS" RABBITMQ="$CLUSTER_RABBITMQ_URI"
else
  OWN_SERVICES=1
  export ECOMMERCE_SERVICES_DIR="$RUN/services" ECOMMERCE_REDIS_PORT="${CLUSTER_REDIS_PORT:-6380}"
  export ECOMMERCE_RABBITMQ_PORT="${CLUSTER_RABBITMQ_PORT:-5673}" ECOMMERCE_RABBITMQ_DIST_PORT="${CLUSTER_RABBITMQ_DIST_PORT:-25683}"
  REDIS="127.0.0.1:$ECOMMERCE_REDIS_PORT" RABBITMQ="amqp://guest:guest@127.0.0.1:$ECOMMERCE_RABBITMQ_PORT/"
fi

log() { printf '[cluster] %s\n' "$*"; }
fail() { log "$*"; exit 1; }

# --- processes: one pid file per name (silo1, api2, balancer) under $RUN/pids ----------------------------------

pid_of() { [ -f "$RUN/pids/$1.pid" ] && cat "$RUN/pids/$1.pid"; }
is_running() { local pid; pid="$(pid_of "$1")" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# The numbers K of the running processes named PREFIX+K, in order.
running() {
  local prefix=$1 file name
  for file in "$RUN/pids/$prefix"[0-9]*.pid; do
    [ -e "$file" ] || continue
    name="$(basename "$file" .pid)"
    if is_running "$name"; then echo "${name#"$prefix"}"; fi
  done | sort -n
}
count() { running "$1" | wc -l; }
# A number no process of this start used yet, so logs are never overwritten while it runs.
next_number() {
  local prefix=$1 file k last=0
  for file in "$RUN/pids/$prefix"[0-9]*.pid "$RUN/logs/$prefix"[0-9]*.log; do
    [ -e "$file" ] || continue
    k="$(basename "$file")"; k="${k#"$prefix"}"; k="${k%.*}"
    [ "$k" -gt "$last" ] && last=$k
  done
  echo $((last + 1))
}

start_process() { # name, dll, then VAR=value...
  local name=$1 dll=$2; shift 2
  mkdir -p "$RUN/logs" "$RUN/pids"
  env "$@" nohup dotnet "$dll" >"$RUN/logs/$name.log" 2>&1 &
  echo $! >"$RUN/pids/$name.pid"
  log "$name started (pid $!, log $RUN/logs/$name.log)"
}

# Asks the process to stop (SIGTERM: a silo leaves the cluster and hands over its grains and queues), waits for it.
stop_process() {
  local name=$1 pid
  pid="$(pid_of "$name")" || return 0
  if kill -TERM "$pid" 2>/dev/null; then
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      log "$name did not stop within ${STOP_TIMEOUT}s; killed"
    else
      log "$name stopped"
    fi
  fi
  rm -f "$RUN/pids/$name.pid"
}

# --- settings every process shares ---------------------------------------------------------------------------

common_env() {
  echo "Redis__ConnectionString=$REDIS"
  echo "RABBITMQ_URI=$RABBITMQ"
  echo "EVENTS_SIGNING_KEY=$(secret EVENTS_SIGNING_KEY events-signing-key)"
  echo "Cluster__AdvertisedAddress=127.0.0.1"
  echo "DOTNET_ENVIRONMENT=Production"
  echo "ASPNETCORE_ENVIRONMENT=Production"
}

# A secret from the environment, or one generated once into the run folder: every process of the cluster shares it.
secret() { # variable name, file name
  if [ -n "${!1:-}" ]; then echo "${!1}"; return; fi
  [ -f "$RUN/$2" ] || head -c 48 /dev/urandom | base64 | tr -d '\n' >"$RUN/$2"
  cat "$RUN/$2"
}

# Whether this start put the API nodes behind the balancer (--apis 2 or more), decided once by start.
has_balancer() { [ -f "$RUN/balanced" ]; }
api_port() { if has_balancer; then echo $((API_BASE_PORT + $1 - 1)); else echo "$PORT"; fi; }

start_silo() {
  local k=$1 env
  mapfile -t env < <(common_env)
  start_process "silo$k" "$BIN_SILO" "${env[@]}" Cluster__SiloPort=$((SILO_BASE_PORT + k - 1)) Cluster__GatewayPort=$((GATEWAY_BASE_PORT + k - 1))
}

start_api() {
  local k=$1 env
  mapfile -t env < <(common_env)
  start_process "api$k" "$BIN_API" "${env[@]}" Cluster__Mode=Cluster PORT="$(api_port "$k")" JWT_SECRET="$(secret JWT_SECRET jwt-secret)" \
    ADMIN_EMAIL="${ADMIN_EMAIL:-admin@example.com}" ADMIN_PASSWORD="${ADMIN_PASSWORD:-Admin123!}"
}

# Writes the balancer's node list (it reloads the file on change); a rename, so it never reads half a file.
write_destinations() {
  local k list=()
  for k in "$@"; do list+=("\"http://127.0.0.1:$(api_port "$k")\""); done
  local IFS=,
  printf '{"Balancer":{"Destinations":[%s]}}\n' "${list[*]}" >"$DESTINATIONS.tmp"
  mv "$DESTINATIONS.tmp" "$DESTINATIONS"
}

# --- readiness ------------------------------------------------------------------------------------------------

# Waits until COMMAND succeeds, failing with MESSAGE after READY_TIMEOUT seconds or when a process died.
wait_until() {
  local message=$1; shift
  local deadline=$((SECONDS + READY_TIMEOUT)) name
  until "$@"; do
    for file in "$RUN/pids/"*.pid; do
      [ -e "$file" ] || continue
      name="$(basename "$file" .pid)"
      is_running "$name" || fail "$name exited; see $RUN/logs/$name.log"
    done
    [ $SECONDS -lt $deadline ] || fail "$message (after ${READY_TIMEOUT}s); see $RUN/logs"
    sleep 0.25
  done
}

api_sees_silos() { curl -fsS --max-time 5 "http://127.0.0.1:$1/api/health" 2>/dev/null | grep -q "\"activeSilos\":$2[,}]"; }
every_api_sees_silos() {
  local k
  for k in $(running api); do api_sees_silos "$(api_port "$k")" "$1" || return 1; done
}
# The balancer routes to exactly these API ports, each healthy by its last probe.
balancer_routes_to() {
  local body port
  body="$(curl -sS --max-time 5 "http://127.0.0.1:$PORT/balancer/health" 2>/dev/null)" || return 1
  [ "$(grep -o '"address"' <<<"$body" | wc -l)" -eq $# ] || return 1
  for port in "$@"; do grep -q "\"address\":\"http://127.0.0.1:$port\",\"active\":\"healthy\"" <<<"$body" || return 1; done
}
api_ports() { local k; for k in $(running api); do api_port "$k"; done; }
wait_ready() {
  local silos; silos="$(count silo)"
  wait_until "the API nodes did not all report $silos active silos" every_api_sees_silos "$silos"
  if is_running balancer; then
    # shellcheck disable=SC2046
    wait_until "the balancer does not route to every API node" balancer_routes_to $(api_ports)
  fi
}

# --- commands -------------------------------------------------------------------------------------------------

start() {
  local silos=2 apis=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) silos="$2"; shift 2 ;;
      --apis) apis="$2"; shift 2 ;;
      *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
  done
  if [ "$silos" -lt 1 ] || [ "$apis" -lt 1 ]; then fail "--silos and --apis must be at least 1"; fi
  [ -z "$(running silo)$(running api)" ] || fail "already running; scripts/cluster.sh stop first"
  mkdir -p "$RUN/pids" "$RUN/logs"
  rm -f "$RUN/pids/"*.pid "$RUN/logs/"silo*.log "$RUN/logs/"api*.log "$RUN/logs/balancer.log" "$DESTINATIONS" "$RUN/balanced"
  if [ "$apis" -ge 2 ]; then touch "$RUN/balanced"; fi
  if [ "$OWN_SERVICES" = 1 ]; then "$ROOT/scripts/services.sh" start redis rabbitmq; fi
  if [ "${CLUSTER_BUILD:-1}" != 0 ]; then
    log "building ($CONFIG)"
    dotnet build "$ROOT/EcommerceBackend.sln" -c "$CONFIG" -v quiet -nologo >/dev/null
  fi
  local k
  for k in $(seq 1 "$silos"); do start_silo "$k"; done
  if [ "$apis" -ge 2 ]; then
    # shellcheck disable=SC2046
    write_destinations $(seq 1 "$apis")
    start_process balancer "$BIN_BALANCER" ASPNETCORE_URLS="http://127.0.0.1:$PORT" Balancer__DestinationsFile="$DESTINATIONS" \
      DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
  fi
  for k in $(seq 1 "$apis"); do start_api "$k"; done
  wait_ready
  log "ready: $silos silo(s), $apis API node(s), http://localhost:$PORT/api/health"
  curl -fsS "http://localhost:$PORT/api/health"; echo
}

add_silo() {
  local before k; before="$(count silo)"
  [ "$before" -ge 1 ] || fail "no silo runs; scripts/cluster.sh start first"
  k="$(next_number silo)"
  start_silo "$k"
  wait_until "the API nodes do not see silo$k" every_api_sees_silos $((before + 1))
  log "silo$k joined: $((before + 1)) silos"
}

remove_silo() {
  local k="${1:-$(running silo | tail -1)}" before; before="$(count silo)"
  is_running "silo$k" || fail "silo$k is not running"
  [ "$before" -ge 2 ] || fail "silo$k is the last silo; scripts/cluster.sh stop stops everything"
  stop_process "silo$k"
  wait_until "the API nodes still count silo$k" every_api_sees_silos $((before - 1))
  log "silo$k left: $((before - 1)) silos"
}

add_api() {
  is_running balancer || fail "no balancer runs; start with --apis 2 or more"
  local k; k="$(next_number api)"
  start_api "$k"
  wait_until "api$k does not see the silos" api_sees_silos "$(api_port "$k")" "$(count silo)"
  # shellcheck disable=SC2046
  write_destinations $(running api)
  # shellcheck disable=SC2046
  wait_until "the balancer does not route to api$k" balancer_routes_to $(api_ports)
  log "api$k joined the balancer: $(count api) API nodes"
}

remove_api() {
  is_running balancer || fail "no balancer runs; start with --apis 2 or more"
  local k="${1:-$(running api | tail -1)}" rest
  is_running "api$k" || fail "api$k is not running"
  rest="$(running api | grep -vx "$k" || true)"
  [ -n "$rest" ] || fail "api$k is the last API node; scripts/cluster.sh stop stops everything"
  # Out of the balancer first, so no new request reaches it; then it finishes what it has and stops.
  # shellcheck disable=SC2086
  write_destinations $rest
  # shellcheck disable=SC2046
  wait_until "the balancer still routes to api$k" balancer_routes_to $(for r in $rest; do api_port "$r"; done)
  stop_process "api$k"
  log "api$k left: $(count api) API nodes"
}

stop() {
  local k
  stop_process balancer
  for k in $(running api); do stop_process "api$k" & done
  wait
  for k in $(running silo); do stop_process "silo$k" & done
  wait
  rm -f "$RUN/pids/"*.pid "$DESTINATIONS" "$RUN/balanced"
  if [ "$OWN_SERVICES" = 1 ]; then "$ROOT/scripts/services.sh" stop; fi
}

status() {
  local k
  for k in $(running silo); do log "silo$k running (pid $(pid_of "silo$k"), silo port $((SILO_BASE_PORT + k - 1)), gateway $((GATEWAY_BASE_PORT + k - 1)))"; done
  for k in $(running api); do log "api$k running (pid $(pid_of "api$k"), port $(api_port "$k"))"; done
  if is_running balancer; then log "balancer running (pid $(pid_of balancer), port $PORT)"; fi
  [ -n "$(running silo)$(running api)" ] || log "nothing runs"
  if curl -fsS "http://localhost:$PORT/api/health" 2>/dev/null; then echo; else log "nothing answers on $PORT"; fi
}

command="${1:-}"; shift || true
case "$command" in
  start) start "$@" ;;
  add-silo) add_silo ;;
  remove-silo) remove_silo "$@" ;;
  add-api) add_api ;;
  remove-api) remove_api "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [--silos N] [--apis M] | add-silo | remove-silo [K] | add-api | remove-api [K] | stop | status" >&2; exit 2 ;;
esac
