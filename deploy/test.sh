#!/usr/bin/env bash
# Runs every test: installs what is missing (deploy/setup.sh), type-checks and
# builds, then the unit and integration suites. Integration tests start their
# own etcd, redis-server, network namespaces and marina processes on loopback
# and 198.18.0.0/15, and remove them afterwards. Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
jest --ci "$@"
