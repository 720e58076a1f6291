#!/usr/bin/env bash
# Runs every test: installs what is missing and builds dist/ (deploy/setup.sh),
# type-checks the whole tree, then the unit, integration and drills (short form) suites. Integration tests start their
# own etcd, redis-server, network namespaces and marina processes on loopback
# and 198.18.0.0/15, and remove them afterwards. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
# The whole tree, tests and bench included (ts-jest only transpiles).
echo "test: type-checking (tsc -p tsconfig.json --noEmit)"
tsc -p tsconfig.json --noEmit
report=$(mktemp /tmp/marina-jest-XXXXXX.json)
trap 'rm -f "$report"' EXIT
status=0
jest --ci --json --outputFile="$report" "$@" || status=$?
# One plain closing line for CI readers that do not parse jest's summary.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$report" || true
exit "$status"
