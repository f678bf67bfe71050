#!/usr/bin/env bash
# The front end's tests: Vitest's tests of the client's logic, then the browser tests (frontend/e2e), which start
# the built API (src/Api/bin/<configuration>, E2E_CONFIGURATION, default Debug) in embedded mode on free ports and
# drive Debian's chromium, installed here when missing (as root). Screenshots of each step go to
# frontend/test-output/e2e/screenshots. Prints "frontend: N passed, N failed" and, given a file, writes "N N" to it.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRONTEND="$ROOT/frontend"
COUNTS="${1:-}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

log() { printf '[frontend] %s\n' "$*" >&2; }

report() {
  echo "frontend: $1 passed, $2 failed"
  [ -n "$COUNTS" ] && echo "$1 $2" > "$COUNTS"
  return 0
}

# A step that cannot run is a failure, not a silent pass.
cannot_run() {
  log "$*"
  report 0 1
  exit 1
}

command -v npm >/dev/null || cannot_run "npm is not on the PATH: install Node.js 20 with npm to run the front end's tests"

if [ ! -x "$CHROMIUM" ]; then
  [ "$(id -u)" -eq 0 ] || cannot_run "$CHROMIUM is missing. Install it first, as root: apt-get install -y chromium"
  log "installing chromium from Debian"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || cannot_run "apt-get could not install chromium"
fi

cd "$FRONTEND" || cannot_run "$FRONTEND is missing"
# The same rule as the API's build: npm ci when node_modules is missing or older than the package files.
STAMP=node_modules/.install-stamp
if [ ! -f "$STAMP" ] || [ package-lock.json -nt "$STAMP" ] || [ package.json -nt "$STAMP" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund || cannot_run "npm ci failed"
  touch "$STAMP"
fi

UNIT_RESULTS=test-output/unit/results.json
E2E_RESULTS=test-output/e2e/results.json
rm -f "$UNIT_RESULTS" "$E2E_RESULTS"

log "Vitest: the client's logic and components"
npx vitest run --reporter=default --reporter=json --outputFile="$UNIT_RESULTS"
unit_status=$?

log "browser tests (chromium, against the API in embedded mode)"
npm run e2e
e2e_status=$?

# Vitest's JSON report has the counts; a run that wrote none (a build or start-up failure) counts as one failure.
count() {
  node -e '
    const fs = require("fs");
    const [file, status] = process.argv.slice(1);
    if (!fs.existsSync(file)) { console.log(`0 ${status === "0" ? 0 : 1}`); process.exit(0); }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    const failed = r.numFailedTests + (status !== "0" && r.numFailedTests === 0 ? 1 : 0);
    console.log(`${r.numPassedTests} ${failed}`);
  ' "$1" "$2"
}
read -r unit_passed unit_failed < <(count "$UNIT_RESULTS" "$unit_status")
read -r e2e_passed e2e_failed < <(count "$E2E_RESULTS" "$e2e_status")

echo
echo "frontend unit: $unit_passed passed, $unit_failed failed; browser: $e2e_passed passed, $e2e_failed failed"
report $((unit_passed + e2e_passed)) $((unit_failed + e2e_failed))
[ "$unit_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]
