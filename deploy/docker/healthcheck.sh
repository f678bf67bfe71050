#!/bin/bash
# The images' health check, with bash alone (the runtime image has neither curl nor wget).
#   healthcheck http PORT PATH   healthy when GET PATH on localhost:PORT answers 200
#   healthcheck tcp gateway      healthy when the silo's gateway port (Cluster__GatewayPort, default 30000) accepts a connection
set -eu
case "${1:-}" in
  tcp)
    port="${Cluster__GatewayPort:-30000}"
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    ;;
  http)
    exec 3<>"/dev/tcp/127.0.0.1/$2"
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$3" >&3
    IFS= read -r -t 5 status <&3
    case "$status" in
      "HTTP/1."?" 200 "*) exit 0 ;;
      *) echo "unhealthy: $status"; exit 1 ;;
    esac
    ;;
  *) echo "usage: healthcheck http PORT PATH | tcp gateway" >&2; exit 2 ;;
esac
