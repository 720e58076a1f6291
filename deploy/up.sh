#!/usr/bin/env bash
# One machine, everything: installs what is missing, then runs `marina up`
# on the embedded store (state in ./.marina unless --data-dir is given).
# Extra arguments go to `marina up`, e.g. `deploy/up.sh --api-listen 127.0.0.1:9090`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec node bin/marina.js up --data-dir "${MARINA_DATA_DIR:-$PWD/.marina}" "$@"
