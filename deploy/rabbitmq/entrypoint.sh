#!/bin/bash
# RabbitMQ's users, from the environment (docker-compose passes them from .env), then the official image's start.
#   ecommerce  everything on the vhost: the silos and API nodes publish, declare and consume
#   reader     reads the order, product and alert exchanges (not customer_exchange: personal data); may declare and bind
#              only its own queues (reader.*); publishes nothing (README: events)
set -euo pipefail
: "${RABBITMQ_PASSWORD:?set RABBITMQ_PASSWORD}" "${RABBITMQ_READER_PASSWORD:?set RABBITMQ_READER_PASSWORD}"

json() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
definitions=/var/lib/rabbitmq/definitions.json
cat >"$definitions" <<JSON
{
  "users": [
    {"name": "ecommerce", "password": $(json "$RABBITMQ_PASSWORD"), "tags": "administrator"},
    {"name": "reader", "password": $(json "$RABBITMQ_READER_PASSWORD"), "tags": ""}
  ],
  "vhosts": [{"name": "/"}],
  "permissions": [
    {"user": "ecommerce", "vhost": "/", "configure": ".*", "write": ".*", "read": "^(order|product|alert)_exchange$|^reader\\\\..*"},
    {"user": "reader", "vhost": "/", "configure": "^reader\\\\..*", "write": "^reader\\\\..*", "read": "^(order|product|alert)_exchange$|^reader\\\\..*"}
  ]
}
JSON
chown rabbitmq:rabbitmq "$definitions"
chmod 600 "$definitions"
exec docker-entrypoint.sh "$@"
