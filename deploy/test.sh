#!/usr/bin/env bash
# Runs every test: type-check and build, then unit and integration suites.
# Integration tests start their own etcd, redis-server, network namespaces and
# marina processes on loopback / 198.18.0.0/15 and remove them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
tsc -p tsconfig.json
jest --ci "$@"
